"""The regular-reports page (an officer sets a schedule on a phone) and a lead's text-message
choice pass axe-core in English and Urdu; none is wider than the phone."""

import pytest
from playwright.sync_api import expect

from commonground.safety.models import TensionLead, TensionSchedule
from commonground.testing.accessibility import assert_accessible

from .conftest import overdue_schedule, sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_officer_sets_a_schedule_and_a_lead_chooses_texts(
    phone, places, teacher, officer, language
):
    page = phone.page
    school = teacher.organisation  # Carlton Bolling School
    lead = TensionLead.objects.create(user=officer)
    overdue_schedule(officer, school, places["other_ward"])
    sign_in(phone, officer)
    page.goto(f"{language}/safety/tension/schedules/")
    expect(page.locator(".govuk-tag--red")).to_be_visible()  # the overdue one
    assert_accessible(page, "regular tension reports")
    page.locator("#id_organisation").select_option(str(school.pk))
    page.locator("#id_ward").select_option(str(places["ward"].pk))
    page.locator("#id_every_days").fill("14")
    page.locator("form[action$='/schedules/'] button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    assert TensionSchedule.objects.get(ward=places["ward"]).every_days == 14

    page.goto(f"{language}/safety/tension/my-alerts/")
    page.locator("label[for=id_sms_alerts]").click()
    page.locator("main form button[type=submit]").click()  # no number: refused, named
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "text-message alerts with an error")
    page.locator("#id_sms_number").fill("07700 900123")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    lead.refresh_from_db()
    assert lead.sms_alerts and lead.sms_number == "07700 900123"
