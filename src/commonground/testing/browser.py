"""Browser fixtures for every app: Playwright driving Debian's chromium on the live server.

Loaded once for the whole suite (root conftest.py), so each test process starts one
browser: a second sync Playwright in the same process refuses to start.

The flags keep chromium from reaching the network on its own (updates, sync, QUIC probes):
the machines these tests run on are offline, and the pages must need nothing external.
Every request a page makes is recorded, and any that leaves the live server is refused.

Phones first: every page a test opens (a GET the tab navigates to) is opened again when the
test ends, at 390 × 844 in English and in Urdu, and the test fails if any is wider than the
screen, naming the page and the widest element (commonground/testing/widths.py). A page wider
than the phone renders zoomed out, so this keeps the whole class fixed, not a list of pages.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from commonground.testing import widths

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
        self.opened: dict[str, None] = {}  # paths of the pages the test navigated to, in order
        self.context.on("response", self._record_page)
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

    def _record_page(self, response) -> None:
        request = response.request
        if request.method != "GET" or not request.is_navigation_request():
            return
        try:
            if request.frame.parent_frame is not None:
                return
        except Exception:  # a service worker's request has no frame
            return
        content_type = response.headers.get("content-type") or ""
        parts = urlsplit(response.url)
        local = parts.netloc == urlsplit(self.base_url).netloc
        if local and response.status == 200 and content_type.startswith("text/html"):
            self.opened.setdefault(parts.path + (f"?{parts.query}" if parts.query else ""))

    def too_wide(self, languages: tuple[str, ...] = ("en", "ur")) -> list[str]:
        """Each page this tab opened that is wider than a 390 px phone, in each language.

        Opened again in a fresh tab of the same context (same session), so what the test
        did is not disturbed; a page that is gone since (404, 403) is not measured.
        """
        paths = list(dict.fromkeys(widths.unprefixed(path) for path in self.opened))
        if not paths:
            return []
        page = self.context.new_page()
        page.set_viewport_size(widths.PHONE_VIEWPORT)
        problems = []
        try:
            for path in paths:
                for language in languages:
                    found = widths.measure(
                        page, widths.in_language(path, language), missing_ok=True
                    )
                    if found is not None:
                        problems.append(str(found))
        finally:
            page.close()
        return problems

    def close(self) -> None:
        self.context.close()


def _finish(tab: Visit) -> None:
    """Close the tab, failing on outside requests and on any page too wide for a phone."""
    try:
        too_wide = tab.too_wide()
    finally:
        tab.close()
    assert not tab.outside, f"pages asked for outside resources: {tab.outside}"
    assert not too_wide, "pages wider than a 390px phone:\n" + "\n".join(too_wide)


@pytest.fixture
def visit(browser, live_server) -> Iterator[Visit]:
    tab = Visit(browser, live_server.url, viewport={"width": 1280, "height": 900})
    yield tab
    _finish(tab)


@pytest.fixture
def phone(browser, live_server) -> Iterator[Visit]:
    tab = Visit(browser, live_server.url, **widths.PHONE_OPTIONS)
    yield tab
    _finish(tab)


# How long a page may take to open on a loaded machine (CI runs two workers on a busy box, and
# the first page a worker asks for starts the whole site).
PATIENT_NAVIGATION_MS = 120_000


@pytest.fixture
def phone_without_workers(browser, live_server) -> Iterator[Visit]:
    """A phone tab, as ``phone``, in which no service worker may register, and patient with
    slow pages (its own and those re-opened when the test ends).

    For tests that measure pages one after another as several people: an app's service worker
    (readiness, challenges, the door page) would otherwise install, fetch its assets and keep
    pages in the background while the test has moved on to the next page and the next person's
    session, and would answer later navigations itself. What such a test measures is the page
    the server sends; the offline tests test the workers."""
    tab = Visit(browser, live_server.url, service_workers="block", **widths.PHONE_OPTIONS)
    tab.context.set_default_navigation_timeout(PATIENT_NAVIGATION_MS)
    tab.page.set_default_navigation_timeout(PATIENT_NAVIGATION_MS)
    yield tab
    _finish(tab)
