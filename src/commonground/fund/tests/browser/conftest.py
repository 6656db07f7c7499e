"""Browser fixtures: the suite-wide Playwright set-up (commonground.testing.browser:
Debian's chromium, offline, phone and desktop tabs), plus signing a user in by session cookie."""

from pathlib import Path

import pytest
from django.test import Client

from commonground.testing.browser import Visit


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def sign_in(tab: Visit, user) -> None:
    """Give the tab a signed-in session for ``user`` (the sign-in page is core's, tested there)."""
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )
