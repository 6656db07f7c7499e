"""Changing the number text reminders go to, or stopping them: one registration or all the
person's upcoming ones; the number is checked as booking checks it; stopping deletes the
number; events that have ended are never changed; only the person themselves may, and the
`commonground involved remind` run texts the new number and never a withdrawn one."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from commonground.core.messaging import outbox
from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Event, Registration

from .conftest import new_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    outbox.clear()
    yield
    outbox.clear()


def _soon(people, hours: int, **overrides) -> Event:
    start = timezone.now().replace(microsecond=0) + timedelta(hours=hours)
    return new_event(people, starts_at=start, ends_at=start + timedelta(hours=2), **overrides)


def _texted(person, event, phone="07700 900123") -> Registration:
    return actions.register(actor=person, event=event, sms_reminder=True, phone=phone)


def _in_the_past(event: Event) -> None:
    """Move an event (after booking it) to last week: nothing may book a past event."""
    start = timezone.now() - timedelta(days=7)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))


def test_one_registration_gets_a_new_number_checked_as_booking_checks_it(people, event):
    mine = _texted(people["alice"], event)
    with pytest.raises(ValidationError) as refused:
        actions.change_reminder_phone(
            actor=people["alice"], registration=mine, phone="01274 432111"
        )
    assert refused.value.message_dict["phone"] == [
        "Enter a UK mobile number for the text reminder, like 07700 900123."
    ]
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900123"  # nothing changed

    [changed] = actions.change_reminder_phone(
        actor=people["alice"], registration=mine, phone="+44 7700-900 999"
    )
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("+447700900999", True)
    assert changed.pk == mine.pk
    audit = AuditEvent.objects.get(action="involved.registration.reminder_number_changed")
    assert audit.actor == people["alice"] and audit.data == {"scope": "one", "was_on": True}
    assert "+44" not in str(audit.data)  # the audit trail keeps no contact details


def test_giving_a_number_to_a_booking_without_one_turns_its_text_reminder_on(people, event):
    mine = actions.register(actor=people["bob"], event=event)
    actions.change_reminder_phone(actor=people["bob"], registration=mine, phone="07700900456")
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("+447700900456", True)


def test_all_upcoming_bookings_with_a_text_reminder_change_and_no_others(people):
    alice = people["alice"]
    first, second, emailed, past = (
        new_event(people, title=title, capacity=5) for title in ("One", "Two", "Three", "Four")
    )
    one, two = _texted(alice, first), _texted(alice, second)
    by_email = actions.register(actor=alice, event=emailed)
    old = _texted(alice, past)
    _in_the_past(past)
    someone_else = _texted(people["bob"], first, phone="07700900777")

    changed = actions.change_reminder_phone(actor=alice, phone="07700 900 888")

    assert {r.pk for r in changed} == {one.pk, two.pk}
    phones = dict(Registration.objects.values_list("pk", "phone"))
    assert phones[one.pk] == phones[two.pk] == "+447700900888"
    assert phones[by_email.pk] == ""  # no consent was given for it
    assert phones[old.pk] == "+447700900123"  # the past is not changed
    assert phones[someone_else.pk] == "+447700900777"
    assert (
        AuditEvent.objects.filter(
            action="involved.registration.reminder_number_changed", data__scope="all"
        ).count()
        == 2
    )


def test_stopping_deletes_the_number_for_one_booking(people, event):
    mine = _texted(people["alice"], event)
    [stopped] = actions.stop_text_reminders(actor=people["alice"], registration=mine)
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("", False)  # the number, not just the flag
    assert stopped.pk == mine.pk
    assert AuditEvent.objects.filter(action="involved.registration.text_reminder_stopped").exists()
    assert actions.stop_text_reminders(actor=people["alice"], registration=mine) == []


def test_stopping_all_leaves_the_past_alone(people):
    alice = people["alice"]
    coming, later, past = (
        new_event(people, title=title, capacity=5) for title in ("One", "Two", "Three")
    )
    one, two, old = _texted(alice, coming), _texted(alice, later), _texted(alice, past)
    _in_the_past(past)
    stopped = actions.stop_text_reminders(actor=alice)
    assert {r.pk for r in stopped} == {one.pk, two.pk}
    kept = dict(Registration.objects.values_list("pk", "phone"))
    assert kept[one.pk] == kept[two.pk] == ""
    assert kept[old.pk] == "+447700900123"
    assert not Registration.objects.filter(pk__in=[one.pk, two.pk], sms_reminder=True).exists()


def test_an_ended_event_or_a_place_given_back_is_refused(people, event):
    mine = _texted(people["alice"], event)
    actions.cancel_registration(actor=people["alice"], registration=mine)
    with pytest.raises(ValidationError, match="gave this place back"):
        actions.change_reminder_phone(actor=people["alice"], registration=mine, phone="07700900999")
    _in_the_past(event)
    for attempt in (
        lambda: actions.change_reminder_phone(
            actor=people["alice"], registration=mine, phone="07700900999"
        ),
        lambda: actions.stop_text_reminders(actor=people["alice"], registration=mine),
    ):
        with pytest.raises(ValidationError, match="already ended"):
            attempt()
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900123"


def test_nobody_else_may_change_or_stop_someone_elses_reminder(people, event):
    mine = _texted(people["alice"], event)
    for stranger in (people["bob"], people["organiser"], people["officer"]):
        with pytest.raises(PermissionDenied):
            actions.change_reminder_phone(actor=stranger, registration=mine, phone="07700900666")
        with pytest.raises(PermissionDenied):
            actions.stop_text_reminders(actor=stranger, registration=mine)
    stored = Registration.objects.get(pk=mine.pk)
    assert (stored.phone, stored.sms_reminder) == ("+447700900123", True)
    assert not AuditEvent.objects.filter(
        action__in=[
            "involved.registration.reminder_number_changed",
            "involved.registration.text_reminder_stopped",
        ]
    ).exists()


def test_the_remind_command_texts_the_new_number_and_never_a_withdrawn_one(people):
    event = _soon(people, hours=20, capacity=5)
    for name in ("alice", "bob"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])
    alice = _texted(people["alice"], event)
    bob = _texted(people["bob"], event, phone="07700900456")
    actions.change_reminder_phone(actor=people["alice"], registration=alice, phone="07700900999")
    actions.stop_text_reminders(actor=people["bob"], registration=bob)

    out = StringIO()
    call_command("involved", "remind", "--hours", "24", stdout=out)

    assert out.getvalue().strip() == "reminded 2 people of events starting within 24 hours"
    texts = [m for m in outbox if m.channel == "sms"]
    assert [m.to for m in texts] == ["+447700900999"]  # the changed number, not the old one
    assert not any(m.to in {"+447700900123", "+447700900456"} for m in outbox)
    assert [m.to for m in outbox if m.channel == "email"] == ["bob@example.org"]
