"""A learner asks for an English class on a 390 px phone, in Urdu, with no account: axe-core
clean on the form and on the thank-you page, nothing wider than the screen, and the need on
the unit's waiting list."""

import re

import pytest
from playwright.sync_api import expect

from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_learner_asks_in_urdu_on_a_phone(phone, transactional_db):
    from commonground.services.models import EsolNeed

    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    page.goto("/ur/services/esol/join/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "learner's ESOL form in Urdu on a phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("main form button[type=submit]").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "learner's ESOL form with errors, in Urdu")

    page.locator("#id_first_name").fill("Amina")
    page.locator("#id_contact").fill("07700 900123")
    page.locator("label[for=id_languages_0]").click()
    page.locator("label[for=id_level_1]").click()
    page.locator("label[for=id_goals_3]").click()
    page.locator("label[for=id_consent]").click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ur/services/esol/join/done/$"))
    expect(page.locator("main")).not_to_contain_text("Amina")
    assert_accessible(page, "thank-you page in Urdu")
    need = EsolNeed.objects.get()
    assert need.recorded_via == "learner" and need.level == "entry-1"
    assert not phone.console_errors
