"""Browser tests for volunteering: marked ``browser``, signed in by session cookie."""

from pathlib import Path

import pytest
from django.test import Client


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def sign_in(tab, user) -> None:
    """Give the tab a signed-in session for ``user`` (the sign-in page is core's, tested there)."""
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def cast(transactional_db):
    """Bradford, People Can with a coordinator, an officer and a resident, committed."""
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.testing.people import make_user

    make_strategy(make_bradford())
    people_can = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    return {
        "organisation": people_can,
        "coordinator": make_user("coordinator", Role.PARTNER, people_can),
        "officer": make_user("officer", Role.OFFICER),
        "alice": make_user("alice", Role.RESIDENT),
    }
