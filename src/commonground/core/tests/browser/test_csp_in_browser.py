"""Real pages in chromium raise no Content-Security-Policy violation, and still work.

The policy forbids inline script and style, so a forgotten inline handler, an inline
<script>, a style= attribute in a chart, or htmx adding its own style element would show
here as a `securitypolicyviolation` event (collected by a script Playwright adds before
the page's own) and as a console error.
"""

import re

import pytest
from playwright.sync_api import expect

from commonground.core.roles import Role
from commonground.core.tests.test_content_security_policy import PAGES as RENDERED_PAGES
from commonground.testing.people import make_user

pytestmark = pytest.mark.browser

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PAGES = [*RENDERED_PAGES, "/ur/"]  # the pages the header test renders, and one right-to-left


def violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_key_pages_raise_no_csp_violation(visit, site):
    page = visit.page
    visit.context.add_init_script(COLLECT)
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")
        # GOV.UK Frontend ran (its module script is allowed): the body is marked.
        expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
        assert violations(page) == [], (path, violations(page))
    assert not [e for e in visit.console_errors if "Content Security Policy" in e]


def test_htmx_and_the_password_reveal_work_under_the_policy(visit, site):
    page = visit.page
    visit.context.add_init_script(COLLECT)
    page.goto("/areas/")
    page.locator("#ward-filter").fill("Tong")
    expect(page.locator("#ward-results")).to_contain_text("Tong")
    expect(page.locator("#ward-results")).not_to_contain_text("Baildon")
    assert violations(page) == []

    page.goto("/sign-in/")
    password = page.locator("#id_password")
    password.fill("secret")
    page.get_by_role("button", name="Show password").click()
    expect(password).to_have_attribute("type", "text")
    assert violations(page) == []
    assert not [e for e in visit.console_errors if "Content Security Policy" in e]


def test_signed_in_pages_raise_no_csp_violation(visit, site, live_server):
    officer = make_user("csp-browser-officer", Role.OFFICER)
    visit.context.add_init_script(COLLECT)
    from django.test import Client

    client = Client()
    client.force_login(officer)
    cookie = client.cookies["sessionid"]
    visit.context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
    )
    page = visit.page
    for path in ["/", "/measures/", "/fund/", "/conversations/", "/measures/report/"]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], (path, violations(page))
