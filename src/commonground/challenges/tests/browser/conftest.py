"""Browser tests for mixing challenges: marked ``browser``, signed in by session cookie."""

import pytest

from commonground.testing.browser_apps import mark_browser_tests
from commonground.testing.browser_apps import sign_in as sign_in  # the tests import it from here

pytest_collection_modifyitems = mark_browser_tests(__file__)


@pytest.fixture
def cast(transactional_db):
    """Bradford, designers, residents, venues and challenges, committed for the live server."""
    from commonground.challenges.tests.conftest import make_cast

    return make_cast()
