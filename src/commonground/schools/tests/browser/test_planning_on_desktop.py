"""On a desktop screen an officer plans a linking year from nothing: the year, every school of
the phase, the engine's pairs, then a forced pair and what it costs."""

import re

from playwright.sync_api import expect

from commonground.core.roles import Role
from commonground.schools.models import LinkingYear
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.people import make_user

from .conftest import sign_in


def test_officer_plans_a_year_on_a_desktop(visit, transactional_db, few):
    officer = make_user("officer", Role.OFFICER)
    page = visit.page
    sign_in(visit, officer)
    page.goto("/schools/linking/years/")
    violations = blocking_violations(page)
    assert not violations, describe(violations)
    page.fill("#id_year", "2027/28")
    page.select_option("#id_phase", "primary")
    page.fill("#id_max_km", "0")
    page.locator("form[action$='/years/#new'] button").click()
    expect(page.locator("#id_max_km-error")).to_contain_text("more than 0 km")
    assert not LinkingYear.objects.exists()
    page.fill("#id_max_km", "6")
    page.locator("form[action$='/years/#new'] button").click()
    expect(page.locator("h1")).to_contain_text("2027/28")
    page.get_by_role("button", name="Take every school").click()
    page.locator("#propose").click()
    expect(page).to_have_url(re.compile("#pairs$"))
    expect(page.locator("#cost")).to_contain_text("no changes yet")
    item = LinkingYear.objects.get()
    pairs = list(item.pairs.order_by("-difference"))
    first, second = pairs[0], pairs[1]
    page.select_option("#id_school_a", str(first.school_a_id))
    page.select_option("#id_school_b", str(second.school_a_id))
    page.select_option("#id_kind", "force")
    page.locator("#add-rule").click()
    item.refresh_from_db()
    expect(page.locator("#pairs-table .govuk-tag--grey")).to_have_count(1)
    if item.cost > 0.00001:
        expect(page.locator("#cost")).to_contain_text(f"{item.cost:.2f}")
    violations = blocking_violations(page)
    assert not violations, describe(violations)
