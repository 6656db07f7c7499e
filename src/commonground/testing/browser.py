"""Browser fixtures for every app: Playwright driving Debian's chromium on the live server.

Loaded once for the whole suite (root conftest.py), so each test process starts one
browser: a second sync Playwright in the same process refuses to start.

The flags keep chromium from reaching the network on its own (updates, sync, QUIC probes):
the machines these tests run on are offline, and the pages must need nothing external.
Every request a page makes is recorded, and any that leaves the live server is refused.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

# The live server runs in a thread beside sync Playwright's event loop; Django refuses
# ORM calls from a thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("COMMONGROUND_SCREENSHOTS", "/tmp"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is not installed: run `make browser` (make test does it)")
    if not (Path(settings.PACKAGE_DIR) / "static" / "build" / "commonground.css").exists():
        pytest.fail("front-end assets are not built: run `make setup` (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class Visit:
    """A browser tab on the live server that refuses and records any outside request."""

    def __init__(self, browser, base_url: str, **context_options):
        self.base_url = base_url
        self.outside: list[str] = []
        self.context = browser.new_context(base_url=base_url, **context_options)
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )

    def _only_local(self, route):
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.base_url).netloc or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_server) -> Iterator[Visit]:
    tab = Visit(browser, live_server.url, viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()
    assert not tab.outside, f"pages asked for outside resources: {tab.outside}"


@pytest.fixture
def phone(browser, live_server) -> Iterator[Visit]:
    tab = Visit(
        browser,
        live_server.url,
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield tab
    tab.close()
    assert not tab.outside, f"pages asked for outside resources: {tab.outside}"
