"""Registering for an event on a phone: the last place, then the wait list, then a place given
back moves the wait list up; the page says each state in words, in English and Urdu."""

import pytest
from playwright.sync_api import expect

from commonground.involved import actions
from commonground.involved.models import Registration
from commonground.involved.tests.conftest import new_event

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_the_last_place_then_the_wait_list(phone, cast, language):
    event = new_event(cast, capacity=1)
    page = phone.page
    sign_in(phone, cast["alice"])
    page.goto(f"{language}{event.get_absolute_url()}")
    page.locator("main form button.govuk-button").click()
    expect(page.locator(".govuk-tag--green")).to_be_visible()
    expect(page.locator("img.cg-qr")).to_be_visible()
    assert Registration.objects.get(user=cast["alice"]).status == "confirmed"

    sign_in(phone, cast["bob"])
    page.goto(f"{language}{event.get_absolute_url()}")
    page.locator("main form button.govuk-button").click()
    expect(page.locator(".govuk-tag--yellow")).to_be_visible()
    bob = Registration.objects.get(user=cast["bob"])
    assert bob.status == "waiting"

    actions.cancel_registration(
        actor=cast["alice"], registration=Registration.objects.get(user=cast["alice"])
    )
    page.reload()
    expect(page.locator(".govuk-tag--green")).to_be_visible()
    if language:
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
