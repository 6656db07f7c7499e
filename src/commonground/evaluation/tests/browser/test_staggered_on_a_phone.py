"""On a 390 px phone: an officer plans a staggered evaluation (wards that start later, compared
with wards not yet started, adjusted for a census figure), computes it and reads the result
page; the plan and result pages axe-clean in English and Urdu, and none wider than the phone
(the ``phone`` tab checks every page it opened when it closes)."""

import re

import pytest
from playwright.sync_api import expect

from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.browser_apps import sign_in

pytestmark = pytest.mark.browser


def test_officer_plans_a_staggered_evaluation_and_reads_it_on_a_phone(
    transactional_db, phone, officer, wards, agreement, census, intervention
):
    intervention.wards.set(wards[:3])
    sign_in(phone, officer)
    page = phone.page
    page.set_default_timeout(90_000)  # a busy shared machine
    plan_url = f"/evaluation/{intervention.pk}/plan/"
    page.goto(plan_url)
    page.locator("label", has_text="Comparison areas: difference in differences").click()
    page.locator("#id_indicator").select_option(label=agreement.name)
    page.locator("#id_start_period").fill("2021")
    page.locator("#id_later_starts").fill("Ward 01, 2022\nWard 02, 2023")
    page.locator("label", has_text="Wards never treated and wards not yet started").click()
    for n in range(3, 12):
        page.locator("label", has_text=f"Ward {n:02d}").click()
    page.locator("label", has_text=census.name).click()
    page.locator("main form button", has_text="Save plan").click()
    expect(page.locator("#plan-comparison")).to_contain_text("not yet started")
    expect(page.locator("main")).to_contain_text("smallest effect this design would reliably")
    page.goto(f"/evaluation/{intervention.pk}/results/")
    page.get_by_role("button", name="Compute from the latest figures").click()
    expect(page.locator(".govuk-panel")).to_contain_text(
        re.compile("Likely raised|No clear effect")
    )
    expect(page.locator("#staggered-comparison")).to_contain_text("had not yet started")
    expect(page.locator("main")).to_contain_text("Adjusted for " + census.name)
    expect(page.locator("main")).to_contain_text("From 2023, wards: 1")
    expect(page.locator("figure.cg-chart").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    problems = []
    for path in (plan_url, f"/evaluation/{intervention.pk}/results/"):
        for prefix in ("", "/ur"):
            page.goto(prefix + path)
            found = blocking_violations(page)
            if found:
                problems.append(f"{prefix}{path}:\n{describe(found)}")
    assert not problems, "\n".join(problems)
    page.goto(f"/ur/evaluation/{intervention.pk}/results/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert not phone.console_errors
