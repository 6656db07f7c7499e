"""A partner on a phone turns on text-message reminders from the tension form (a missing
number is refused and named), and an officer sees who is reminded; axe-core clean in English
and Urdu, no page wider than the phone."""

import pytest
from playwright.sync_api import expect

from commonground.safety.models import TensionPartnerContact
from commonground.testing.accessibility import assert_accessible

from .conftest import overdue_schedule, sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_partner_chooses_text_reminders_and_the_officer_sees_it(
    phone, places, teacher, officer, language
):
    page = phone.page
    overdue_schedule(officer, teacher.organisation, places["ward"])
    sign_in(phone, teacher)
    page.goto(f"{language}/safety/tension/report/")
    page.locator("a[href$='/safety/tension/my-reminders/']").click()
    assert_accessible(page, "reminders by text message")
    page.locator("label[for=id_sms_consent]").click()
    page.locator("main form button[type=submit]").click()  # no number: refused, named
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "reminders by text message with an error")
    page.locator("#id_sms_number").fill("07700 900123")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    assert TensionPartnerContact.objects.get(user=teacher).sms_number == "07700 900123"

    sign_in(phone, officer)
    page.goto(f"{language}/safety/tension/partners/")
    assert_accessible(page, "who is reminded")
    page.locator(f"a[href$='/safety/tension/partners/{teacher.pk}/']").click()
    expect(page.locator("#id_sms_number")).to_have_value("07700 900123")
    assert_accessible(page, "a partner's reminders")
