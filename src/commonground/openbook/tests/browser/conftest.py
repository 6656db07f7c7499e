"""Browser tests for Open Book: marked ``browser``, signed in by session cookie."""

import pytest

from commonground.testing.browser_apps import mark_browser_tests
from commonground.testing.browser_apps import sign_in as sign_in  # the tests import it from here

pytest_collection_modifyitems = mark_browser_tests(__file__)


@pytest.fixture
def cast(transactional_db):
    """Bradford and the Open Book cast, committed so the live server sees them."""
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.openbook.tests.conftest import make_cast

    make_strategy(make_bradford())
    return make_cast()
