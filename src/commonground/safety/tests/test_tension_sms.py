"""Text-message alerts: a tension lead who chose them gets each alert by SMS too (through
``core.messaging``), short and without the reports' text; only the lead turns them on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commonground.core import messaging
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.safety import actions
from commonground.safety.events import SafetyEvent
from commonground.safety.models import TensionLead
from commonground.testing.people import make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(people):
    texter = people["officer"]
    texter.email = "olive@example.org"
    texter.save()
    mailer = make_user("mo", Role.OFFICER)
    mailer.email = "mo@example.org"
    mailer.save()
    return {
        "texter": TensionLead.objects.create(user=texter),
        "mailer": TensionLead.objects.create(user=mailer),
    }


def _raise_alert(police, ward):
    actions.file_tension_report(
        actor=police,
        ward=ward,
        issue="rumours",
        level=1,
        summary="Talk outside the school gates.",
        now=timezone.now() - timedelta(days=10),
    )
    return actions.file_tension_report(
        actor=police, ward=ward, issue="rumours", level=4, summary="Talk outside the school gates."
    )[1]


def test_a_lead_who_chose_sms_gets_the_alert_by_text_too(
    places, police, leads, django_capture_on_commit_callbacks
):
    texter = leads["texter"]
    actions.set_lead_sms(actor=texter.user, lead=texter, on=True, number="07700 900123")
    messaging.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alert = _raise_alert(police, places["ward"])
    sent = [m for m in messaging.outbox if m.reference == f"tension-alert-{alert.pk}"]
    [sms] = [m for m in sent if m.channel == "sms"]
    assert sms.to == "07700 900123"
    assert "rose from level 1 to level 4" in sms.body
    assert f"/safety/tension/alerts/{alert.pk}/" in sms.body
    assert "school gates" not in sms.body
    # both leads still get the e-mail; the one who did not choose SMS gets no text
    assert sorted(m.to for m in sent if m.channel == "email") == [
        "mo@example.org",
        "olive@example.org",
    ]


def test_only_the_lead_turns_text_messages_on_and_off_and_the_number_is_forgotten(
    places, people, leads
):
    texter = leads["texter"]
    with pytest.raises(PermissionDenied):  # another lead may not set someone else's phone
        actions.set_lead_sms(actor=leads["mailer"].user, lead=texter, on=True, number="07700900123")
    with pytest.raises(ValueError):
        actions.set_lead_sms(actor=texter.user, lead=texter, on=True, number=" ")
    actions.set_lead_sms(actor=texter.user, lead=texter, on=True, number="07700 900123")
    actions.set_lead_sms(actor=texter.user, lead=texter, on=False)
    texter.refresh_from_db()
    assert (texter.sms_alerts, texter.sms_number) == (False, "")
    events = AuditEvent.objects.filter(action=SafetyEvent.TENSION_LEAD_SMS_SET).order_by("pk")
    assert [e.data for e in events] == [{"sms": True}, {"sms": False}]
    assert "07700" not in str([e.data for e in events])


def test_the_number_is_sealed_at_rest(leads):
    from django.db import connection

    texter = leads["texter"]
    actions.set_lead_sms(actor=texter.user, lead=texter, on=True, number="07700 900123")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sms_number FROM safety_tensionlead WHERE id = %s", [texter.pk])
        [(stored,)] = cursor.fetchall()
    assert stored and "900123" not in stored


def test_the_lead_chooses_on_the_page_and_a_bad_number_is_named(leads):
    texter = leads["texter"]
    client = client_for(texter.user)
    page = client.get("/safety/tension/my-alerts/")
    assert page.status_code == 200 and "Text messages: off." in page.content.decode()
    bad = client.post("/safety/tension/my-alerts/", {"sms_alerts": "on", "sms_number": "12"})
    assert bad.status_code == 400
    assert "Enter a phone number with 10 to 15 digits" in bad.content.decode()
    missing = client.post("/safety/tension/my-alerts/", {"sms_alerts": "on", "sms_number": ""})
    assert "Enter the mobile number to text." in missing.content.decode()
    done = client.post(
        "/safety/tension/my-alerts/", {"sms_alerts": "on", "sms_number": "07700 900123"}
    )
    assert done.status_code == 302
    texter.refresh_from_db()
    assert texter.sms_alerts and texter.sms_number == "07700 900123"
    assert "Text messages: on." in client.get("/safety/tension/my-alerts/").content.decode()


@pytest.mark.parametrize("role", ["officer", "partner", "caseworker", "board", "resident"])
def test_people_who_are_not_leads_have_no_alert_settings(people, role):
    assert client_for(people[role]).get("/safety/tension/my-alerts/").status_code == 403


def test_the_leads_page_shows_who_gets_texts_but_not_the_number(people, leads):
    texter = leads["texter"]
    actions.set_lead_sms(actor=texter.user, lead=texter, on=True, number="07700 900123")
    page = client_for(people["admin"]).get("/safety/tension/leads/").content.decode()
    assert "Text messages" in page and "900123" not in page
