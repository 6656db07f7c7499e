"""A partner on a phone turns on text-message reminders from the tension form (a missing
number is refused and named), and an officer sees who is reminded; axe-core clean in English
and Urdu, no page wider than the phone."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.safety import actions
from commonground.safety.models import TensionPartnerContact
from commonground.testing.accessibility import assert_accessible
from commonground.testing.people import make_user

pytestmark = pytest.mark.browser


def sign_in(tab, user) -> None:
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.mark.parametrize("language", ["", "/ur"])
def test_partner_chooses_text_reminders_and_the_officer_sees_it(phone, places, language):
    page = phone.page
    page.set_default_timeout(90_000)
    school = Organisation.objects.create(name="Carlton Bolling School", slug="school")
    teacher = make_user("teacher", Role.PARTNER, organisation=school)
    teacher.organisation = school
    teacher.save()
    officer = make_user("olive", Role.OFFICER)
    actions.set_tension_schedule(
        actor=officer,
        organisation=school,
        ward=places["ward"],
        every_days=7,
        now=timezone.now() - timedelta(days=9),
    )
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
