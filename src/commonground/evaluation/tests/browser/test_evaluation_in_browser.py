"""An officer registers an intervention with its logic model, plans its evaluation against the
proposed comparison wards and reads the result; every page axe-clean in English and Urdu."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.testing.accessibility import blocking_violations, describe

pytestmark = pytest.mark.browser


def _sign_in(tab, user) -> None:
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


def test_officer_registers_plans_and_reads_the_result(
    transactional_db, visit, officer, wards, agreement
):
    _sign_in(visit, officer)
    page = visit.page
    page.set_default_timeout(90_000)  # a busy shared machine
    page.goto("/evaluation/new/")
    page.locator("#id_title").fill("Linking schools pilot")
    page.locator("label", has_text="Council pilot").click()
    page.locator("#id_owner").fill("Schools team")
    page.locator("#id_start_date").fill("2021-01-01")
    page.locator("label", has_text="Ward 00").click()
    page.locator("#id_inputs").fill("Two coordinators")
    page.locator("#id_activities").fill("Paired classes")
    page.locator("#id_outputs").fill("24 classes linked")
    page.locator("#id_outcomes-0-text").fill("People get on better")
    page.locator("#id_outcomes-0-indicator").select_option(label=agreement.name)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Linking schools pilot")
    expect(page.locator("#logic-model")).to_be_visible()
    detail = page.url
    page.goto(detail + "plan/")
    expect(page.locator("main ol")).to_contain_text("Ward")
    page.locator("label", has_text="Synthetic control").click()
    page.locator("#id_indicator").select_option(label=agreement.name)
    page.locator("#id_start_period").fill("2021")
    for n in range(3, 12):
        page.locator("label", has_text=f"Ward {n:02d}").click()
    page.locator("main form button", has_text="Save plan").click()
    expect(page.locator("main")).to_contain_text("Maryland Scientific Methods Scale")
    page.goto(detail + "results/")
    page.get_by_role("button", name="Compute from the latest figures").click()
    expect(page.locator(".govuk-panel")).to_contain_text(
        re.compile("Likely raised|No clear effect")
    )
    expect(page.locator("figure.cg-chart")).to_be_visible()
    problems = []
    for path in (
        "/evaluation/new/",
        detail.replace(visit.base_url, ""),
        detail + "plan/",
        detail + "results/",
    ):
        for prefix in ("", "/ur"):
            url = path.replace(visit.base_url, "")
            page.goto(prefix + url)
            found = blocking_violations(page)
            if found:
                problems.append(f"{prefix}{url}:\n{describe(found)}")
    assert not problems, "\n".join(problems)
