"""A partner on a phone files a tension report that raises an alert (in Urdu); the lead then
reads the dashboard and the alert. axe-core clean in English and Urdu on the tension and
myths pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.safety import actions
from commonground.safety.models import TensionAlert, TensionLead, TensionReport
from commonground.testing.accessibility import assert_accessible
from commonground.testing.people import make_user

from .conftest import sign_in


@pytest.fixture
def cast(places):
    org = Organisation.objects.create(name="Girlington Mosque", slug="mosque")
    partner = make_user("imam", Role.PARTNER, organisation=org)
    lead = make_user("lead", Role.OFFICER)
    TensionLead.objects.create(user=lead)
    # a quiet reading a fortnight ago: the next, higher one is a rise
    actions.file_tension_report(
        actor=partner,
        ward=places["ward"],
        issue="rumours",
        level=1,
        summary="Quiet.",
        now=timezone.now() - timedelta(days=14),
    )
    return {"partner": partner, "lead": lead, "ward": places["ward"]}


def test_partner_report_in_urdu_raises_an_alert(phone, cast):
    page = phone.page
    sign_in(phone, cast["partner"])
    page.goto("/ur/safety/tension/report/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "tension report (Urdu)")
    page.locator("#id_ward").select_option(str(cast["ward"].pk))
    page.locator("label[for=id_issue_2]").click()  # a planned protest
    page.locator("label[for=id_level_3]").click()  # level 4
    page.locator("#id_summary").fill("اگلے ہفتے مسجد کے باہر احتجاج کی بات ہو رہی ہے")
    page.locator("#id_action_taken").fill("منتظمین سے ملاقات طے ہے")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ur/safety/tension/report/$"))
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    alert = TensionAlert.objects.get()
    assert (alert.rose_from, alert.level) == (1, 4)
    assert list(alert.recipients.all()) == [cast["lead"]]
    report = TensionReport.objects.latest("created_at")
    assert report.summary == "اگلے ہفتے مسجد کے باہر احتجاج کی بات ہو رہی ہے"
    assert report.organisation.slug == "mosque"
    # the lead reads it on the phone and records the response
    sign_in(phone, cast["lead"])
    page.goto("/ur/safety/tension/")
    expect(page.locator(f"a[href$='/safety/tension/alerts/{alert.pk}/']")).to_be_visible()
    page.goto(f"/ur/safety/tension/alerts/{alert.pk}/")
    page.locator("#id_response").fill("Joint visit with the neighbourhood team on Friday.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-tag--green")).to_be_visible()
    alert.refresh_from_db()
    assert alert.response == "Joint visit with the neighbourhood team on Friday."


@pytest.mark.parametrize("language", ["", "/ur"])
def test_tension_and_myths_pages_pass_axe(visit, cast, language):
    _report, alert = actions.file_tension_report(
        actor=cast["partner"], ward=cast["ward"], issue="online", level=3, summary="Posts."
    )
    myth = actions.save_myth(
        actor=cast["lead"],
        values={
            "slug": "fund",
            "question_en": "Is the fund fair?",
            "question_ur": "کیا فنڈ منصفانہ ہے؟",
            "answer_en": "Yes: published criteria.",
            "sources": [{"title": "Results", "url": "/fund/"}],
        },
    )
    actions.publish_myth(actor=cast["lead"], myth=myth)
    actions.ask_about_rumour(text="Heard something", language="en")
    sign_in(visit, cast["lead"])
    for path in (
        "/safety/tension/",
        f"/safety/tension/alerts/{alert.pk}/",
        "/safety/tension/leads/",
        "/safety/myths/",
        "/safety/myths/fund/",
        "/safety/myths/ask/",
        "/safety/myths/manage/",
        "/safety/myths/manage/fund/",
        "/safety/myths/manage/questions/",
    ):
        response = visit.page.goto(language + path)
        assert response.status == 200, path
        assert_accessible(visit.page, path)
