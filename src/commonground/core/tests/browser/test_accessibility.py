"""axe-core (bundled by axe-playwright-python, so no network) on the main pages.

A serious or critical violation fails the test; the message lists each with the
elements it was found on, so the fix is findable from the test output alone.
"""

import pytest

from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser


PAGES = [
    ("home", "/"),
    ("pillar", "/pillars/getting-on/"),
    ("ward", "/areas/E05001341/"),
    ("ward index", "/areas/"),
    ("about", "/about/"),
    ("sign-in", "/sign-in/"),
    ("home in Urdu", "/ur/"),
    ("pillar in Urdu", "/ur/pillars/getting-on/"),
    ("ward in Polish", "/pl/areas/E05001341/"),
]


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_no_serious_or_critical_accessibility_violations(visit, site, name, path):
    visit.page.goto(path)

    assert_accessible(visit.page, name)


def test_sign_in_errors_are_accessible(visit, site):
    page = visit.page
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()

    assert_accessible(page, "sign-in with errors")
