"""A referral from sent to completed on a 390 px phone: the health referrer fills the form,
then someone at the advice service accepts, starts and completes it; both see the timeline.
axe-core is clean on the form and the referral page in English and Urdu."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.referrals.models import Referral
from commonground.testing.accessibility import assert_accessible

from ..conftest import make_cast


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def cast(transactional_db):
    return make_cast()


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_referral_from_sent_to_completed(phone, cast, language):
    prefix = "/ur" if language == "ur" else ""
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    sign_in(phone, cast["referrer"])
    page.goto(f"{prefix}/referrals/new/")
    if language == "ur":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("main form button[type=submit]").click()  # empty: errors name the fields
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, f"referral form with errors ({language})")
    assert Referral.objects.count() == 0

    page.locator("#id_service").select_option(str(cast["service"].pk))
    page.locator("#id_first_name").fill("Amina")
    page.locator("label[for=id_language_1]").click()  # Urdu
    page.locator("#id_need").fill("Help with an asylum claim letter.")
    page.locator("label[for=id_channel_1]").click()  # SMS
    page.locator("#id_contact").fill("07700 900123")
    page.locator("label[for=id_consent]").click()
    page.locator("label[for=id_consent_given_by_0]").click()
    page.locator("#id_consent_purpose").fill("To share my first name and need.")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"{prefix}/referrals/\d+/$"))
    referral = Referral.objects.get()
    assert (referral.first_name, referral.language, referral.state) == ("Amina", "ur", "sent")
    expect(page.locator("main .govuk-tag").first).to_be_visible()
    assert_accessible(page, f"referral as sent ({language})")

    sign_in(phone, cast["worker"])
    page.goto(f"{prefix}/referrals/{referral.pk}/")
    for state in ("accepted", "started", "completed"):
        page.locator(f"form:has(input[name=state][value={state}]) button").click()
        expect(page.locator(f"form:has(input[name=state][value={state}])")).to_have_count(0)
        referral.refresh_from_db()
        assert referral.state == state
    assert_accessible(page, f"referral completed, as the service ({language})")

    sign_in(phone, cast["referrer"])
    page.goto(f"{prefix}/referrals/{referral.pk}/")
    expect(page.locator("ol.referrals-timeline > li")).to_have_count(4)
    assert not phone.console_errors
