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


def lose_signal(context, *sync_paths: str) -> None:
    """Take the phone off the network. Chromium's offline emulation alone does not stop a
    request that a page under a service worker sends on to the network (it leaves the
    worker's process, which the emulation does not cover), and ``navigator.onLine`` on a
    freshly loaded page can read true for a moment; so the app's sync addresses are also
    refused, as a lost signal would refuse them."""
    context.set_offline(True)
    for path in sync_paths:
        context.route(f"**{path}", lambda route: route.abort("internetdisconnected"))


def signal_back(context, *sync_paths: str) -> None:
    """Put the phone back on the network that :func:`lose_signal` took away."""
    for path in sync_paths:
        context.unroute(f"**{path}")
    context.set_offline(False)


def page_knows(page, *, online: bool, timeout: float = 10_000) -> None:
    """Wait until the page itself reads ``navigator.onLine`` as ``online``. The browser's
    network changes at once, but a page learns of it a moment later (on a loaded machine, more
    than a moment): a page that decides by ``navigator.onLine`` whether to send (a form that
    keeps notes on the device when offline) must not be used before it knows."""
    page.wait_for_function("(online) => navigator.onLine === online", arg=online, timeout=timeout)


def worker_active(page, timeout_ms: int = 60_000) -> bool:
    """Whether the page's service worker is active within ``timeout_ms``.

    ``navigator.serviceWorker.ready`` never settles when a worker fails to install, and
    ``page.evaluate`` has no timeout of its own: awaited bare, a failed install hangs the test
    run for ever instead of failing one test."""
    return page.evaluate(
        """(ms) => Promise.race([
            navigator.serviceWorker.ready.then(() => true),
            new Promise((resolve) => setTimeout(() => resolve(false), ms)),
        ])""",
        timeout_ms,
    )
