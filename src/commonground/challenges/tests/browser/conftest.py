"""Browser tests for mixing challenges: marked ``browser``, signed in by session cookie."""

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
    """Bradford, designers, residents, venues and challenges, committed for the live server."""
    from commonground.challenges.tests.conftest import make_cast

    return make_cast()
