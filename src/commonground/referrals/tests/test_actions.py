"""Referral actions: sending with consent, the receiver's decisions, the timeline, the audit
trail, the person's messages in their language, and anonymisation after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from commonground.core import messaging
from commonground.core.models import AuditEvent
from commonground.referrals import actions, events
from commonground.referrals.models import RecordView, Referral, ReferralEvent, State

from .conftest import referral_data


@pytest.fixture(autouse=True)
def empty_outbox():
    messaging.outbox.clear()
    yield
    messaging.outbox.clear()


def sent(cast, **changes) -> Referral:
    return actions.refer(actor=cast["referrer"], **referral_data(cast, **changes))


def test_a_referral_goes_from_sent_to_completed_with_a_timeline(cast):
    referral = sent(cast)
    assert referral.to_organisation == cast["advice"]
    assert referral.from_organisation == cast["health"]
    for state in (State.ACCEPTED, State.STARTED, State.COMPLETED):
        referral = actions.move(actor=cast["worker"], referral=referral, state=state)
    assert referral.state == State.COMPLETED
    assert referral.accepted_at and referral.started_at and referral.closed_at
    assert list(referral.events.values_list("state", flat=True)) == [
        "sent",
        "accepted",
        "started",
        "completed",
    ]
    audited = AuditEvent.objects.filter(object_id=str(referral.pk))
    assert audited.filter(action=events.REFERRAL_SENT).count() == 1
    assert audited.filter(action=events.REFERRAL_MOVED).count() == 3
    assert all("Amina" not in str(event.data) for event in audited)  # no personal data


def test_the_person_is_told_in_their_language_at_each_step(cast):
    referral = sent(cast)
    actions.move(actor=cast["worker"], referral=referral, state=State.ACCEPTED)
    assert [m.channel for m in messaging.outbox] == ["sms", "sms"]
    first, second = messaging.outbox
    assert first.to == "07700 900123" and first.language == "ur"
    assert "امیگریشن مشورہ" in first.body  # the service's Urdu name
    assert referral.reference in second.body
    assert "asylum" not in first.body  # the need is never in a message
    assert ReferralEvent.objects.filter(referral=referral, told_by="sms").count() == 2


def test_polish_email_and_nobody_told_without_contact(cast):
    sent(cast, language="pl", channel="email", contact="amina@example.org")
    assert messaging.outbox[-1].channel == "email"
    assert "Porady imigracyjne" in messaging.outbox[-1].body
    assert messaging.outbox[-1].subject
    messaging.outbox.clear()
    quiet = sent(cast, channel="", contact="07700 900123")
    assert quiet.contact == "" and messaging.outbox == []


def test_declining_needs_a_reason_and_changes_nothing_without_one(cast):
    referral = sent(cast)
    with pytest.raises(ValidationError) as error:
        actions.move(actor=cast["worker"], referral=referral, state=State.DECLINED)
    assert "reason" in error.value.error_dict
    referral.refresh_from_db()
    assert referral.state == State.SENT
    actions.move(
        actor=cast["worker"], referral=referral, state=State.DECLINED, reason="Waiting list full"
    )
    referral.refresh_from_db()
    assert referral.state == State.DECLINED and referral.reason == "Waiting list full"
    assert referral.closed_at is not None
    actions.note_decline(actor=cast["referrer"], referral=referral)
    referral.refresh_from_db()
    assert referral.decline_noted_at is not None


def test_only_the_right_side_moves_a_referral(cast):
    referral = sent(cast)
    with pytest.raises(PermissionDenied):
        actions.move(actor=cast["referrer"], referral=referral, state=State.ACCEPTED)
    with pytest.raises(PermissionDenied):
        actions.move(actor=cast["outsider"], referral=referral, state=State.ACCEPTED)
    with pytest.raises(PermissionDenied):
        actions.move(actor=cast["worker"], referral=referral, state=State.WITHDRAWN)
    with pytest.raises(ValidationError):
        actions.move(actor=cast["worker"], referral=referral, state=State.COMPLETED)
    actions.move(actor=cast["referrer"], referral=referral, state=State.WITHDRAWN)
    assert Referral.objects.get().state == State.WITHDRAWN


def test_refusals_when_sending(cast):
    with pytest.raises(PermissionDenied):  # acts for another organisation
        actions.refer(actor=cast["outsider"], **referral_data(cast))
    with pytest.raises(ValidationError) as error:
        sent(cast, service=cast["unkept"])
    assert "service" in error.value.error_dict
    with pytest.raises(ValidationError):
        sent(cast, consent_on=timezone.localdate() + timedelta(days=1))
    assert Referral.objects.count() == 0


def test_views_are_logged(cast):
    referral = sent(cast)
    actions.record_view(viewer=cast["worker"], referral=referral)
    view = RecordView.objects.get()
    assert (view.viewer, view.organisation) == (cast["worker"], cast["advice"])


def test_closed_referrals_are_anonymised_after_the_retention_period(cast, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    old = sent(cast)
    actions.move(actor=cast["worker"], referral=old, state=State.DECLINED, reason="Full, sorry")
    Referral.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=31))
    recent = sent(cast, first_name="Bilal")
    actions.move(actor=cast["worker"], referral=recent, state=State.DECLINED, reason="Full")
    still_open = sent(cast, first_name="Chen")
    Referral.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    actions.record_view(viewer=cast["worker"], referral=old)

    assert actions.anonymise_closed() == (1, 0)
    old.refresh_from_db()
    assert (old.first_name, old.contact, old.need, old.reason) == ("", "", "", "")
    assert old.anonymised_at is not None and old.state == State.DECLINED
    assert not old.events.exclude(note="").exists()
    assert RecordView.objects.filter(referral=old).exists()  # who looked is kept
    assert Referral.objects.get(pk=recent.pk).first_name == "Bilal"
    assert Referral.objects.get(pk=still_open.pk).first_name == "Chen"
    assert actions.anonymise_closed() == (0, 0)  # idempotent
    assert AuditEvent.objects.filter(action=events.REFERRALS_ANONYMISED).count() == 1


def test_anonymise_command_uses_the_setting_default(cast, capsys):
    old = sent(cast)
    actions.move(actor=cast["worker"], referral=old, state=State.DECLINED, reason="Full")
    Referral.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=366))
    call_command("referrals", "anonymise")
    assert "anonymised 1 referrals" in capsys.readouterr().out
    assert Referral.objects.get().first_name == ""
    call_command("referrals", "anonymise", "--days", "0")
    assert "anonymised 0 referrals" in capsys.readouterr().out


def test_anonymising_is_for_officers_and_admins(cast):
    with pytest.raises(PermissionDenied):
        actions.anonymise_closed(actor=cast["worker"])
    assert actions.anonymise_closed(actor=cast["officer"]) == (0, 0)
