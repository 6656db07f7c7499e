"""What an app's browser-test folder shares: the ``browser`` mark on every test in the folder, a
signed-in tab by session cookie, and Bradford with People Can and a cast of people committed so
the live server sees them. Kept once here (the apps' browser conftests import it) rather than
copied into each app's conftest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client


def mark_browser_tests(conftest_file: str) -> Callable[[list], None]:
    """A ``pytest_collection_modifyitems`` hook that marks ``browser`` every test under the
    folder of ``conftest_file``, so ``-m "not browser"`` leaves them out."""
    here = Path(conftest_file).parent

    def pytest_collection_modifyitems(items: list) -> None:
        for item in items:
            if here in Path(item.fspath).parents:
                item.add_marker(pytest.mark.browser)

    return pytest_collection_modifyitems


def sign_in(tab, user) -> None:
    """Give the tab a signed-in session for ``user`` (the sign-in page is core's, tested there)."""
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


def people_can_cast(people: dict[str, tuple]) -> dict:
    """Bradford with its strategy, the People Can organisation, and one user per entry of
    ``people`` (username → (role, with People Can as organisation?)), committed by the caller's
    ``transactional_db``. Returns the users by name, and People Can as ``organisation``."""
    from commonground.core.models import Organisation
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.testing.people import make_user

    make_strategy(make_bradford())
    people_can = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    cast: dict = {"organisation": people_can}
    for name, (role, of_people_can) in people.items():
        cast[name] = make_user(name, role, people_can if of_people_can else None)
    return cast
