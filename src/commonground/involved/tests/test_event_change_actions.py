"""Changing and cancelling an event (actions): audited, only for the organiser's members and
officers, checked as publishing checks, and everyone coming told once, in their language, by
their reminder's channel."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation

from commonground.core.messaging import outbox
from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Event, Registration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_outbox")]


@pytest.fixture
def booked(people, event):
    """alice (Urdu, by text) and bob (Polish, by e-mail) have the two places; carol waits."""
    for name, language in (("alice", "ur"), ("bob", "pl"), ("carol", "")):
        person = people[name]
        person.email, person.preferred_language = f"{name}@example.org", language
        person.save(update_fields=["email", "preferred_language"])
    alice = actions.register(
        actor=people["alice"], event=event, sms_reminder=True, phone="07700 900123"
    )
    bob = actions.register(actor=people["bob"], event=event)
    carol = actions.register(actor=people["carol"], event=event)
    assert carol.status == "waiting"
    Registration.objects.filter(event=event).update(reminded_at=timezone.now())
    return {"alice": alice, "bob": bob, "carol": carol}


def test_a_new_time_is_told_once_to_each_person_coming_and_reminds_again(people, event, booked):
    later = event.starts_at + timedelta(days=1)
    changed = actions.change_event(
        actor=people["organiser"],
        event=event,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        site_url="https://cg.example.org/",
    )
    assert (changed.slug, changed.uid, changed.starts_at) == (event.slug, event.uid, later)
    assert sorted(m.to for m in outbox) == [
        "+447700900123",
        "bob@example.org",
        "carol@example.org",
    ]
    by_to = {m.to: m for m in outbox}
    assert by_to["+447700900123"].channel == "sms"
    assert by_to["+447700900123"].language == "ur"
    with translation.override("ur"):
        when = formats.date_format(timezone.localtime(later), "D j M, H:i")
    assert when in by_to["+447700900123"].body  # the date in Urdu
    assert "/ur/involved/events/" in by_to["+447700900123"].body
    assert by_to["bob@example.org"].channel == "email"
    assert by_to["bob@example.org"].language == "pl"
    assert "/pl/involved/events/" in by_to["bob@example.org"].body
    assert set(Registration.objects.filter(event=event).values_list("reminded_at", flat=True)) == {
        None
    }
    audit = AuditEvent.objects.get(action="involved.event.changed")
    assert audit.data == {"changed": ["ends_at", "starts_at"], "told": 3}


def test_a_change_that_is_not_time_or_place_tells_nobody(people, event, booked):
    actions.change_event(actor=people["organiser"], event=event, summary="Now with samosas.")
    assert outbox == []
    assert Registration.objects.filter(event=event, reminded_at__isnull=True).count() == 0
    assert AuditEvent.objects.get(action="involved.event.changed").data["changed"] == ["summary"]


def test_nothing_changed_writes_nothing(people, event):
    actions.change_event(actor=people["organiser"], event=event, title=event.title)
    assert not AuditEvent.objects.filter(action="involved.event.changed").exists()


@pytest.mark.parametrize("who", ["alice", "stranger"])
def test_a_resident_or_another_organisations_member_is_refused(people, event, who):
    with pytest.raises(PermissionDenied):
        actions.change_event(actor=people[who], event=event, title="Taken over")
    with pytest.raises(PermissionDenied):
        actions.cancel_event(actor=people[who], event=event)
    event.refresh_from_db()
    assert (event.title, event.cancelled_at) == ("Conversation café at Manningham Library", None)


def test_an_officer_may_change_any_event(people, event):
    actions.change_event(actor=people["officer"], event=event, venue="City Library")
    assert Event.objects.get(pk=event.pk).venue == "City Library"


def test_fewer_places_than_people_holding_one_is_refused_on_the_capacity_field(
    people, event, booked
):
    with pytest.raises(ValidationError) as refused:
        actions.change_event(actor=people["organiser"], event=event, capacity=1)
    assert "2 people already have a place" in refused.value.message_dict["capacity"][0]
    assert Event.objects.get(pk=event.pk).capacity == 2


def test_more_places_move_the_wait_list_up(people, event, booked):
    actions.change_event(actor=people["organiser"], event=event, capacity=3)
    assert Registration.objects.get(pk=booked["carol"].pk).status == "confirmed"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "starts_at"),
        ({"ends_at": timezone.now() + timedelta(days=1)}, "ends_at"),
        ({"venue": ""}, "venue"),
    ],
)
def test_a_change_is_checked_as_publishing_checks(people, event, fields, field):
    with pytest.raises(ValidationError) as refused:
        actions.change_event(actor=people["organiser"], event=event, **fields)
    assert field in refused.value.message_dict
    assert not AuditEvent.objects.filter(action="involved.event.changed").exists()


def test_cancelling_tells_everyone_coming_once_with_the_reason(people, event, booked):
    actions.cancel_registration(actor=people["bob"], registration=booked["bob"])  # carol moves up
    outbox.clear()
    actions.cancel_event(actor=people["organiser"], event=event, reason="Venue flooded")
    actions.cancel_event(actor=people["organiser"], event=event, reason="Again")
    assert sorted(m.to for m in outbox) == ["+447700900123", "carol@example.org"]
    assert all("Venue flooded" in m.body for m in outbox)
    sms = next(m for m in outbox if m.channel == "sms")
    assert sms.language == "ur" and "/ur/involved/events/" in sms.body
    event.refresh_from_db()
    assert event.cancelled_at is not None and event.cancel_reason == "Venue flooded"
    audit = AuditEvent.objects.get(action="involved.event.cancelled")
    assert (audit.reason, audit.data) == ("Venue flooded", {"told": 2})


def test_a_cancelled_event_cannot_be_changed(people, event):
    actions.cancel_event(actor=people["organiser"], event=event)
    with pytest.raises(ValidationError):
        actions.change_event(actor=people["organiser"], event=event, title="Back on")
