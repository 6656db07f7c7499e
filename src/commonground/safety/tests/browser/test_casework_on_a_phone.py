"""A caseworker on a phone, in Urdu, triages a report (risk, confirmed strands, a case note)
and refers the victim with consent to a directory service through the referrals route; the
casework pages (list, report, the forms with their errors) pass axe-core in English and Urdu,
and none is wider than the phone (the ``phone`` fixture checks every page it opened)."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from commonground.core.memberships import grant_membership
from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.referrals.models import Referral as RouteReferral
from commonground.safety.events import SafetyEvent
from commonground.safety.models import IncidentReport, Status
from commonground.services.models import Organization, Service
from commonground.testing.accessibility import assert_accessible
from commonground.testing.people import make_user

from ..conftest import make_report
from .conftest import sign_in


@pytest.fixture
def cast(people):
    council = Organisation.objects.create(name="Hate Crime Team", slug="hct", kind="council")
    grant_membership(user=people["caseworker"], organisation=council, actor_label="test")
    support = Organisation.objects.create(name="Victim Support", slug="vs", kind="voluntary")
    make_user("vs-worker", Role.PARTNER, support)
    service = Service.objects.create(
        id=uuid.uuid4(),
        organization=Organization.objects.create(name="Victim Support", partner=support),
        name="Hate crime advocacy",
        description="Support after a hate incident.",
    )
    report, _secret = make_report(
        description="بس اسٹاپ پر مجھے گالیاں دی گئیں", strands=("race", "religion"), language="ur"
    )
    return {"caseworker": people["caseworker"], "report": report, "service": service}


def test_caseworker_triages_and_refers_on_a_phone_in_urdu(phone, cast):
    page = phone.page
    report = cast["report"]
    sign_in(phone, cast["caseworker"])
    page.goto("/ur/safety/cases/?status=received")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(f"a[href$='/safety/cases/{report.reference}/']").click()
    expect(page).to_have_url(re.compile(rf"/ur/safety/cases/{report.reference}/$"))
    expect(page.locator("main")).to_contain_text("بس اسٹاپ پر مجھے گالیاں دی گئیں")
    # the opening is logged for supervisors
    assert AuditEvent.objects.filter(action=SafetyEvent.REPORT_VIEWED).count() == 1

    # triage: high risk, only race confirmed, a case note
    page.locator("label[for=id_risk_2]").click()
    religion = page.locator("input[name=confirmed_strands]").nth(1)
    expect(religion).to_be_checked()  # the reporter's strands are offered ticked
    page.locator("label[for=id_confirmed_strands_1]").click()
    page.locator("#id_notes").fill("Called back; safe at home.")
    page.locator("form[action$='/triage/'] button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    report.refresh_from_db()
    assert (report.risk, report.status) == ("high", Status.IN_PROGRESS)
    assert [s.slug for s in report.confirmed_strands.all()] == ["race"]
    assert "safe at home" in report.case_notes

    # referral through the directory: first without consent (refused, the field named) …
    form = page.locator("form[action$='/refer-route/']")
    page.locator("label[for=id_route-kind_1]").click()  # victim support
    page.locator("#id_route-service").select_option(str(cast["service"].pk))
    page.locator("#id_route-first_name").fill("A.")
    page.locator("#id_route-need").fill("Emotional support after abuse at a bus stop.")
    page.locator("label[for=id_route-consent_given_by_0]").click()
    page.locator("#id_route-consent_purpose").fill("To share my initials and need.")
    form.locator("button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "case with a referral error (Urdu)")
    assert not RouteReferral.objects.exists()
    # … then with it
    form = page.locator("form[action$='/refer-route/']")
    page.locator("#id_route-service").select_option(str(cast["service"].pk))
    page.locator("label[for=id_route-consent]").click()
    form.locator("button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    sent = RouteReferral.objects.get()
    assert (sent.service, sent.language, sent.first_name) == (cast["service"], "ur", "A.")
    expect(page.locator("main")).to_contain_text(sent.reference)
    report.refresh_from_db()
    assert report.status == Status.REFERRED
    assert report.referrals.get().route == sent


@pytest.mark.parametrize("language", ["", "/ur"])
def test_casework_pages_pass_axe(phone, cast, language):
    page = phone.page
    sign_in(phone, cast["caseworker"])
    report: IncidentReport = cast["report"]
    for path in ("/safety/cases/", f"/safety/cases/{report.reference}/"):
        response = page.goto(language + path)
        assert response.status == 200, path
        assert_accessible(page, path)
    # a triage with errors (no risk chosen, an unknown linked report)
    page.locator("#id_linked").fill("HR-ZZZZ-ZZZZ")
    page.locator("form[action$='/triage/'] button[type=submit]").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "triage with errors")
