"""Text-message reminders for partners: a partner (or an officer who heard their consent)
gives a mobile number; ``commonground safety remind`` then texts it through ``core.messaging``
as well as e-mailing, and withdrawing consent forgets the number."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from commonground.core import messaging
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.safety import actions
from commonground.safety.events import SafetyEvent
from commonground.safety.models import TensionPartnerContact
from commonground.testing.people import make_user

from .conftest import client_for, overdue_schedule

pytestmark = pytest.mark.django_db


def _overdue(officer, partner, ward):
    return overdue_schedule(officer, partner.organisation, ward, days_ago=10)


def test_remind_texts_a_partner_who_gave_a_number_and_still_emails(
    places, people, teacher, django_capture_on_commit_callbacks
):
    schedule = _overdue(people["officer"], teacher, places["ward"])
    actions.set_partner_sms(actor=teacher, person=teacher, on=True, number="07700 900123")
    messaging.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("safety", "remind", "--base-url", "https://cg.example.org")
    sent = [m for m in messaging.outbox if m.reference == f"tension-reminder-{schedule.pk}"]
    by_channel = {m.channel: m for m in sent}
    assert set(by_channel) == {"sms", "email"}
    sms = by_channel["sms"]
    assert sms.to == "07700 900123"
    assert "City" in sms.body and "Carlton Bolling School" in sms.body
    assert f"https://cg.example.org/safety/tension/report/?ward={places['ward'].code}" in sms.body
    assert by_channel["email"].to == "teacher@example.org"


def test_no_text_without_consent_and_withdrawing_forgets_the_number(
    places, people, teacher, django_capture_on_commit_callbacks
):
    _overdue(people["officer"], teacher, places["ward"])
    actions.set_partner_sms(actor=teacher, person=teacher, on=True, number="07700 900123")
    contact = actions.set_partner_sms(actor=teacher, person=teacher, on=False, number="07700")
    assert contact.sms_number == "" and not contact.sms_consent
    assert contact.consent_recorded_at is None
    messaging.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_tension_reminders() == 1
    assert [m.channel for m in messaging.outbox] == ["email"]
    with pytest.raises(ValueError):
        actions.set_partner_sms(actor=teacher, person=teacher, on=True, number="  ")


def test_who_may_set_a_number_and_the_audit_never_holds_it(people, teacher):
    other = make_user("other", Role.PARTNER, organisation=teacher.organisation)
    with pytest.raises(PermissionDenied):
        actions.set_partner_sms(actor=other, person=teacher, on=True, number="07700 900123")
    with pytest.raises(PermissionDenied):
        actions.set_partner_sms(
            actor=people["resident"], person=people["resident"], on=True, number="07700 900123"
        )
    actions.set_partner_sms(actor=people["officer"], person=teacher, on=True, number="07700 900123")
    contact = TensionPartnerContact.objects.get(user=teacher)
    assert contact.texts and contact.consent_recorded_by == people["officer"]
    event = AuditEvent.objects.get(action=SafetyEvent.TENSION_PARTNER_SMS_SET)
    assert event.data == {"user": "teacher", "sms": True, "by_themselves": False}
    assert "900123" not in str(event.data)


def test_partner_sets_their_number_on_the_page_and_bad_input_names_the_field(teacher):
    client = client_for(teacher)
    page = client.get("/safety/tension/my-reminders/")
    assert page.status_code == 200
    assert "Reminders by text message" in page.content.decode()
    bad = client.post("/safety/tension/my-reminders/", {"sms_consent": "on", "sms_number": "12"})
    assert bad.status_code == 400
    assert "Enter a phone number with 10 to 15 digits" in bad.content.decode()
    ok = client.post(
        "/safety/tension/my-reminders/", {"sms_consent": "on", "sms_number": "07700 900123"}
    )
    assert ok.status_code == 302
    assert TensionPartnerContact.objects.get(user=teacher).sms_number == "07700 900123"


def test_officer_records_a_partners_number_from_the_list(places, people, teacher):
    _overdue(people["officer"], teacher, places["ward"])
    client = client_for(people["officer"])
    listing = client.get("/safety/tension/partners/")
    assert listing.status_code == 200
    assert f"/safety/tension/partners/{teacher.pk}/" in listing.content.decode()
    saved = client.post(
        f"/safety/tension/partners/{teacher.pk}/",
        {"sms_consent": "on", "sms_number": "07700 900456"},
    )
    assert saved.status_code == 302
    assert TensionPartnerContact.objects.get(user=teacher).sms_number == "07700 900456"
    # partners and residents cannot open the officers' pages
    for who in (teacher, people["resident"]):
        assert client_for(who).get("/safety/tension/partners/").status_code == 403
        url = f"/safety/tension/partners/{teacher.pk}/"
        assert client_for(who).get(url).status_code == 403
