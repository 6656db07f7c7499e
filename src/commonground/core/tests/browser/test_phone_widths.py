"""No page wider than a phone: the site crawled two links deep, at 390 × 844, in three languages.

A page wider than the screen renders zoomed out on a phone, every word tiny, even when only
one table is too wide. Each page a browser test visits is checked at its end (the `visit`
and `phone` fixtures, commonground.testing.browser); this crawl covers the rest: with the
demo data a new site shows (`commonground demo`), it starts at the home page and the main
sections, follows same-site links two deep (no downloads, no sign-out, no forms), and opens
the pages in English, Urdu and Polish; then again signed in as an officer and as a partner,
from where sign-in lands them and their tools.

Pages of one route share a template (thirty ward profiles), so PHONE_CRAWL_PER_ROUTE of
each (default 3; 0 for every page, the full contract, several minutes more) are opened.
"""

import io
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import Resolver404, resolve

from commonground.core.models import User
from commonground.testing import widths
from commonground.testing.browser import Visit

pytestmark = pytest.mark.browser

PUBLIC_STARTS = ["/", "/conversations/", "/fund/", "/measures/"]
# The tools the issue names, whichever of them the sign-in landing page does not link to.
OFFICER_TOOLS = ["/conversations/manage/", "/measures/uploads/", "/measures/manage/"]
LANGUAGES = ("en", "ur", "pl")
PER_ROUTE = int(os.environ.get("PHONE_CRAWL_PER_ROUTE", "3"))
REDIRECTS = (301, 302, 303, 307, 308)


@pytest.fixture
def demo(transactional_db) -> None:
    """Bradford's areas, strategy and every app's demo data, committed for the live server."""
    call_command("demo", no_serve=True, stdout=io.StringIO(), stderr=io.StringIO())


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _fetcher(client: Client) -> widths.Fetch:
    def fetch(path: str) -> tuple[int, str, str]:
        response = client.get(path)
        try:
            if response.status_code in REDIRECTS:
                return response.status_code, "", response["Location"]
            content_type = response.get("Content-Type", "")
            html = content_type.startswith("text/html") and not response.streaming
            return response.status_code, content_type, response.content.decode() if html else ""
        finally:
            response.close()

    return fetch


def _route(path: str) -> str:
    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return path


def _tab(browser, live_server, client: Client) -> Visit:
    """A phone-sized tab with the client's session (signing in is tested elsewhere)."""
    tab = Visit(browser, live_server.url, **widths.PHONE_OPTIONS)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:
        tab.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": tab.base_url}]
        )
    return tab


def _measure_all(tab: Visit, paths: list[str]) -> list[widths.TooWide]:
    too_wide = []
    try:
        for path in paths:
            for language in LANGUAGES:
                url = widths.in_language(path, language)
                found = widths.measure(tab.page, url, missing_ok=True)
                if found is not None:
                    too_wide.append(found)
    finally:
        tab.close()
    assert not tab.outside, f"pages asked for outside resources: {tab.outside}"
    return too_wide


def _sample(paths: list[str], skip_routes: set[str] = frozenset()) -> list[str]:
    paths = [path for path in paths if _route(path) not in skip_routes]
    if PER_ROUTE <= 0:
        return paths
    return widths.sample_by_route(paths, PER_ROUTE, _route)


def test_every_page_two_links_from_home_fits_a_phone_in_three_languages(browser, live_server, demo):
    base = "http://testserver"
    report, too_wide = [], []

    public = _client(None)
    public_paths = widths.crawl(_fetcher(public), base, PUBLIC_STARTS)
    # Enough of the site to mean something: every section and the pages under it.
    for section in ("/conversations/", "/fund/", "/measures/", "/measures/board/"):
        assert section in public_paths, f"the crawl never reached {section}"
    assert len(public_paths) > 100, f"the crawl found only {len(public_paths)} pages"
    measured = _sample(public_paths)
    too_wide += _measure_all(_tab(browser, live_server, public), measured)
    report.append(f"public: {len(public_paths)} pages found, {len(measured)} opened")
    public_routes = {_route(path) for path in public_paths}

    for username in ("officer", "partner"):
        client = _client(username)
        starts = [resolve_url(settings.LOGIN_REDIRECT_URL), *PUBLIC_STARTS]  # where sign-in lands
        if username == "officer":
            starts += OFFICER_TOOLS
        found = widths.crawl(_fetcher(client), base, starts)
        theirs = [path for path in found if path not in public_paths]
        assert theirs, f"signed in as {username}, the crawl found no page the public cannot see"
        measured = _sample(theirs, skip_routes=public_routes)
        too_wide += _measure_all(_tab(browser, live_server, client), measured)
        report.append(f"{username}: {len(theirs)} more pages found, {len(measured)} opened")

    print("phone widths crawl, each page in en, ur and pl:", "; ".join(report))
    assert not too_wide, f"{len(too_wide)} pages are wider than a 390px phone:\n" + "\n".join(
        str(page) for page in too_wide
    )


# The checker itself, on pages made here: it must see a too-wide page, name the culprit,
# and accept a wide table that scrolls inside its region (left to right and right to left).

WIDE_TABLE = (
    "<table><caption>Wide</caption><tr>"
    + "".join(f"<td>column{n}withalongword</td>" for n in range(8))
    + "</tr></table>"
)


def page_of(body: str, direction: str = "ltr") -> str:
    from urllib.parse import quote

    return "data:text/html," + quote(
        f'<!doctype html><html dir="{direction}"><head><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><style>'
        ".cg-table-scroll{position:relative;overflow-x:auto}</style></head>"
        f"<body>{body}</body></html>"
    )


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**widths.PHONE_OPTIONS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_the_checker_names_a_table_that_widens_the_page(phone_page, direction):
    found = widths.measure(phone_page, page_of(WIDE_TABLE, direction))

    assert found is not None
    assert found.width > 390
    assert found.culprits and found.culprits[0].startswith("table (")
    assert "is" in str(found) and "390px screen: table (" in str(found)


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_the_checker_accepts_a_wide_table_that_scrolls_in_its_region(phone_page, direction):
    wrapped = f'<div class="cg-table-scroll">{WIDE_TABLE}</div>'

    assert widths.measure(phone_page, page_of(wrapped, direction)) is None


def test_the_checker_finds_what_escapes_a_scrolling_box(phone_page):
    """Text positioned absolutely in a cell escapes a scrolling box that is not positioned:
    no box outside the scroller sticks out, so the checker hides elements until it fits."""
    escaping = WIDE_TABLE.replace("column7", '<span style="position:absolute">hidden</span>c')
    body = f'<div class="cg-table-scroll" style="position:static">{escaping}</div>'

    found = widths.measure(phone_page, page_of(body))

    assert found is not None
    assert len(found.culprits) == 1
    assert found.culprits[0].startswith("without span (")
    assert found.culprits[0].endswith('"hidden") the page fits')
