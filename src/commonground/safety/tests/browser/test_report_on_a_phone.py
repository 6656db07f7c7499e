"""An anonymous report in Urdu on a phone: the exit button tried mid-way (the next page is the
neutral site and Back does not show the form), then a report sent; axe-core clean in English
and Urdu."""

import re

import pytest
from playwright.sync_api import expect

from commonground.safety.models import IncidentReport
from commonground.testing.accessibility import assert_accessible

NEUTRAL = "https://www.bbc.co.uk/weather"


def _neutral_site(page) -> None:
    """Answer the neutral site locally (tests never leave the machine)."""
    page.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            content_type="text/html", body="<!DOCTYPE html><title>Weather</title><h1>Weather</h1>"
        ),
    )


def test_exit_mid_way_leaves_no_way_back_to_the_form(phone, db):
    page = phone.page
    _neutral_site(page)
    page.goto("/ur/safety/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("a.govuk-button--start").click()
    expect(page).to_have_url(re.compile(r"/ur/safety/report/$"))
    page.locator("#id_description").fill("بس اسٹاپ پر مجھے گالیاں دی گئیں")
    page.locator("[data-cg-exit-this-page]").click()
    expect(page).to_have_url(NEUTRAL)
    expect(page.locator("h1")).to_have_text("Weather")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"/safety/report/"))
    expect(page.locator("#id_description")).to_have_count(0)
    assert not IncidentReport.objects.exists()


def test_report_in_urdu_on_a_phone(phone, db):
    page = phone.page
    page.goto("/ur/safety/report/")
    page.locator("label[for=id_reporter_role_1]").click()
    page.locator("#id_description").fill("دکان کے باہر میرے دوست کو نسلی گالیاں دی گئیں")
    page.locator("label[for=id_strands_0]").click()
    page.locator("#id_occurred_on").fill("2026-06-01")
    page.locator("label[for=id_reported_to_police_1]").click()
    page.locator("label[for=id_support_4]").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    report = IncidentReport.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(report.reference)
    assert report.language == "ur"
    assert report.reporter_role == "witness"
    assert report.description == "دکان کے باہر میرے دوست کو نسلی گالیاں دی گئیں"
    assert "/safety/report/" in page.url  # the answer to the post: no reference in the address


@pytest.mark.parametrize("language", ["", "/ur"])
def test_form_pages_pass_axe(visit, db, language):
    for path in ("/safety/", "/safety/report/", "/safety/status/"):
        visit.page.goto(language + path)
        assert_accessible(visit.page, path)
