"""Casework: caseworkers only; every view logged and shown to supervisors; triage, referral
with consent, closure; nothing about a report reaches any other role."""

import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.safety import actions
from commonground.safety.models import IncidentReport, Referral, Strand

from .conftest import client_for, make_report

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["officer", "partner", "board", "resident", "admin", "centre"]


def _urls(reference):
    return [
        ("get", reverse("safety:cases")),
        ("get", reverse("safety:export")),
        ("get", reverse("safety:case", args=[reference])),
        ("post", reverse("safety:triage", args=[reference])),
        ("post", reverse("safety:refer", args=[reference])),
        ("post", reverse("safety:close", args=[reference])),
    ]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_no_other_role_sees_anything(people, role):
    report, _ = make_report()
    client = client_for(people[role])
    for method, url in _urls(report.reference):
        response = getattr(client, method)(url, {"risk": "high", "outcome": "supported"})
        assert response.status_code == 403, (role, url)
        assert b"bus stop" not in response.content
    assert IncidentReport.objects.get().status == "received"
    assert not AuditEvent.objects.filter(action="safety.report_viewed").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    report, _ = make_report()
    for method, url in _urls(report.reference):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_caseworker_sees_the_report_and_the_view_is_logged(people):
    report, _ = make_report(contact_phone="07700 900999")
    client = client_for(people["caseworker"])
    listing = client.get(reverse("safety:cases")).content.decode()
    assert report.reference in listing
    page = client.get(reverse("safety:case", args=[report.reference])).content.decode()
    assert "Shouted abuse at me at the bus stop" in page
    assert "07700 900999" in page
    assert "bus stop" not in page.split("<title>")[1].split("</title>")[0]
    event = AuditEvent.objects.get(action="safety.report_viewed")
    assert event.actor == people["caseworker"]
    assert event.object_repr == report.reference


def test_supervisors_see_who_viewed_what(people):
    report, _ = make_report()
    client_for(people["caseworker"]).get(reverse("safety:case", args=[report.reference]))
    log = client_for(people["admin"]).get(reverse("safety:access_log"))
    html = log.content.decode()
    assert log.status_code == 200
    assert "casey" in html and report.reference in html
    assert "bus stop" not in html
    assert client_for(people["caseworker"]).get(reverse("safety:access_log")).status_code == 403
    assert client_for(people["officer"]).get(reverse("safety:access_log")).status_code == 403


def test_triage_refer_and_close(people):
    report, _ = make_report()
    other, _ = make_report(description="Another one")
    client = client_for(people["caseworker"])
    url = reverse("safety:triage", args=[report.reference])
    religion = Strand.objects.get(slug="religion")
    response = client.post(
        url,
        {
            "risk": "high",
            "confirmed_strands": [religion.pk],
            "linked": other.reference.lower(),
            "notes": "Called back",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.risk == "high" and report.status == "in_progress"
    assert list(report.confirmed_strands.all()) == [religion]
    assert list(other.linked.all()) == [report]
    assert "Called back" in report.case_notes

    refused = client.post(
        reverse("safety:refer", args=[report.reference]), {"refer-service": "police"}
    )
    assert refused.status_code == 400
    assert not Referral.objects.exists()
    done = client.post(
        reverse("safety:refer", args=[report.reference]),
        {"refer-service": "restorative", "refer-consent_given": "on"},
    )
    assert done.status_code == 302
    assert Referral.objects.get().service == "restorative"
    report.refresh_from_db()
    assert report.status == "referred"

    closed = client.post(reverse("safety:close", args=[report.reference]), {"outcome": "referred"})
    assert closed.status_code == 302
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_at is not None
    actions_logged = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "safety.report_triaged",
        "safety.report_referred",
        "safety.report_closed",
    } <= actions_logged


def test_the_case_page_forms_have_ids_of_their_own(people):
    """Triage, the directory referral and a referral made another way each have a notes box:
    a label must point at one box only."""
    import re
    from collections import Counter

    report, _ = make_report()
    page = client_for(people["caseworker"]).get(report.get_absolute_url()).content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert ids["id_notes"] == 1 and ids["id_refer-notes"] == 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_triage_names_an_unknown_linked_reference(people):
    report, _ = make_report()
    response = client_for(people["caseworker"]).post(
        reverse("safety:triage", args=[report.reference]),
        {"risk": "medium", "linked": "HR-ZZZZ-ZZZZ"},
    )
    assert response.status_code == 400
    assert "HR-ZZZZ-ZZZZ" in response.content.decode()


def test_referral_action_refuses_without_consent(people):
    report, _ = make_report()
    with pytest.raises(actions.NoConsent):
        actions.refer(
            actor=people["caseworker"], report=report, service="police", consent_given=False
        )


def test_export_is_anonymised_and_formula_safe(people):
    make_report(description='=HYPERLINK("http://x")', place_text="=1+1")
    report = IncidentReport.objects.get()
    Strand.objects.filter(slug="race").update(name="=cmd|' /C calc'!A0")
    response = client_for(people["caseworker"]).get(reverse("safety:export"))
    text = response.content.decode()
    assert response.status_code == 200
    assert report.reference in text
    assert "HYPERLINK" not in text and "1+1" not in text
    assert "'=cmd" in text
    assert AuditEvent.objects.filter(action="safety.reports_exported").exists()
