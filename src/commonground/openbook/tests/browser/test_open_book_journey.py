"""An Open Book request on a phone: the coordinator has matched it; the requester confirms the
date, then the volunteer accepts, and the page says "Confirmed"; axe-core finds no serious
violation on the talks list, a talk and the request page, in English and Urdu."""

import pytest
from playwright.sync_api import expect

from commonground.openbook import actions
from commonground.openbook.models import TalkRequest
from commonground.openbook.tests.conftest import new_offer, new_request, soon
from commonground.testing.accessibility import blocking_violations, describe

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_a_request_is_matched_and_confirmed_on_a_phone(phone, cast, language):
    offer = new_offer(cast)
    request = new_request(cast)
    page = phone.page
    sign_in(phone, cast["coordinator"])
    page.goto(f"{language}/open-book/requests/{request.pk}/")
    page.select_option("#id_talk", str(offer.pk))
    page.fill("#id_talk_at", soon(10).strftime("%Y-%m-%dT%H:%M"))
    page.locator("form[action$='/match/'] button").click()
    expect(page.locator("#request-status .govuk-tag--yellow")).to_be_visible()
    assert TalkRequest.objects.get(pk=request.pk).status == "matched"

    sign_in(phone, cast["requester"])
    page.goto(f"{language}/open-book/requests/{request.pk}/")
    page.locator("form[action$='/confirm/'] button").click()
    expect(page.locator("#waiting-for")).to_be_visible()
    assert TalkRequest.objects.get(pk=request.pk).requester_confirmed_at is not None

    sign_in(phone, cast["amina"])
    page.goto(f"{language}/open-book/requests/{request.pk}/")
    page.locator("form[action$='/respond/'] button[value='accept']").click()
    expect(page.locator("#request-status .govuk-tag--green")).to_be_visible()
    assert TalkRequest.objects.get(pk=request.pk).status == "confirmed"
    if language:
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize("language", ["", "/ur"])
def test_open_book_pages_have_no_serious_violations(visit, cast, language):
    offer = new_offer(cast)
    request = new_request(cast, audience_kind="school", age_group="children")
    actions.match(actor=cast["coordinator"], request=request, talk=offer, talk_at=soon())
    pages = {
        "list": (None, "/open-book/"),
        "talk": (None, f"/open-book/talks/{offer.pk}/"),
        "request (coordinator)": ("coordinator", f"/open-book/requests/{request.pk}/"),
        "request (volunteer)": ("amina", f"/open-book/requests/{request.pk}/"),
        "offer form": ("amina", "/open-book/offer/"),
        "request form": ("requester", "/open-book/request/"),
    }
    found = {}
    for name, (who, path) in pages.items():
        visit.context.clear_cookies()
        if who:
            sign_in(visit, cast[who])
        response = visit.page.goto(f"{language}{path}")
        assert response.status == 200, path
        found[name] = blocking_violations(visit.page)
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
