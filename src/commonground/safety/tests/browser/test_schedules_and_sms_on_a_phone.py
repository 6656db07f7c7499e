"""The regular-reports page (an officer sets a schedule on a phone) and a lead's text-message
choice pass axe-core in English and Urdu; none is wider than the phone."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.safety import actions
from commonground.safety.models import TensionLead, TensionSchedule
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
def test_officer_sets_a_schedule_and_a_lead_chooses_texts(phone, places, language):
    page = phone.page
    page.set_default_timeout(90_000)
    school = Organisation.objects.create(name="Carlton Bolling School", slug="school")
    officer = make_user("olive", Role.OFFICER)
    lead = TensionLead.objects.create(user=officer)
    actions.set_tension_schedule(
        actor=officer,
        organisation=school,
        ward=places["other_ward"],
        every_days=7,
        now=timezone.now() - timedelta(days=9),
    )
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
