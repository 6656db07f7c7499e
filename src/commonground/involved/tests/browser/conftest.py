"""Browser tests for Getting Involved: marked ``browser``, signed in by session cookie."""

import pytest

from commonground.testing.browser_apps import mark_browser_tests, people_can_cast
from commonground.testing.browser_apps import sign_in as sign_in  # the tests import it from here

pytest_collection_modifyitems = mark_browser_tests(__file__)


@pytest.fixture
def cast(transactional_db):
    """Bradford, an organiser and three residents, committed so the live server sees them."""
    from commonground.core.roles import Role

    return people_can_cast(
        {
            "organiser": (Role.PARTNER, True),
            "alice": (Role.RESIDENT, False),
            "bob": (Role.RESIDENT, False),
            "carol": (Role.RESIDENT, False),
        }
    )
