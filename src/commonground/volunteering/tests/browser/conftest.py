"""Browser tests for volunteering: marked ``browser``, signed in by session cookie."""

import pytest

from commonground.testing.browser_apps import mark_browser_tests, people_can_cast
from commonground.testing.browser_apps import sign_in as sign_in  # the tests import it from here

pytest_collection_modifyitems = mark_browser_tests(__file__)


@pytest.fixture
def cast(transactional_db):
    """Bradford, People Can with a coordinator, an officer and a resident, committed."""
    from commonground.core.roles import Role

    return people_can_cast(
        {
            "coordinator": (Role.PARTNER, True),
            "officer": (Role.OFFICER, False),
            "alice": (Role.RESIDENT, False),
        }
    )
