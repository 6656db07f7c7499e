"""Registering, the wait list, giving a place back, capacity changes: every change audited,
bad input refused with nothing changed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Registration, RegistrationStatus

from .conftest import new_event


@pytest.mark.django_db
def test_places_then_wait_list_in_order(people, event):
    a = actions.register(actor=people["alice"], event=event)
    b = actions.register(actor=people["bob"], event=event)
    c = actions.register(actor=people["carol"], event=event)
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waiting"]
    assert AuditEvent.objects.filter(action="involved.registration.made").count() == 3


@pytest.mark.django_db
def test_registering_twice_keeps_one_registration(people, event):
    first = actions.register(actor=people["alice"], event=event)
    again = actions.register(actor=people["alice"], event=event)
    assert again.pk == first.pk
    assert Registration.objects.filter(event=event, user=people["alice"]).count() == 1


@pytest.mark.django_db
def test_giving_back_a_place_moves_the_wait_list_up(people, event):
    a = actions.register(actor=people["alice"], event=event)
    actions.register(actor=people["bob"], event=event)
    c = actions.register(actor=people["carol"], event=event)
    actions.cancel_registration(actor=people["alice"], registration=a)
    c.refresh_from_db()
    a.refresh_from_db()
    assert (a.status, c.status) == ("cancelled", "confirmed")
    assert AuditEvent.objects.filter(action="involved.registration.promoted").count() == 1


@pytest.mark.django_db
def test_capacity_below_registrations_is_refused_and_changes_nothing(people, event):
    actions.register(actor=people["alice"], event=event)
    actions.register(actor=people["bob"], event=event)
    with pytest.raises(ValidationError, match="2 people already have a place"):
        actions.change_capacity(actor=people["organiser"], event=event, capacity=1)
    event.refresh_from_db()
    assert event.capacity == 2
    assert not AuditEvent.objects.filter(action="involved.event.capacity_changed").exists()


@pytest.mark.django_db
def test_more_places_admit_the_wait_list(people, event):
    for name in ("alice", "bob", "carol"):
        actions.register(actor=people[name], event=event)
    actions.change_capacity(actor=people["organiser"], event=event, capacity=3)
    assert not Registration.objects.filter(status=RegistrationStatus.WAITING).exists()


@pytest.mark.django_db
def test_only_the_organisers_members_or_officers_manage_an_event(people, event):
    with pytest.raises(PermissionDenied):
        actions.change_capacity(actor=people["stranger"], event=event, capacity=10)
    actions.change_capacity(actor=people["officer"], event=event, capacity=10)
    event.refresh_from_db()
    assert event.capacity == 10


@pytest.mark.django_db
def test_an_event_in_the_past_is_refused(people):
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError, match="start in the future"):
        new_event(people, starts_at=past, ends_at=past + timedelta(hours=1))
    with pytest.raises(ValidationError, match="end after it starts"):
        start = timezone.now() + timedelta(days=1)
        new_event(people, starts_at=start, ends_at=start - timedelta(minutes=5))
    assert not AuditEvent.objects.filter(action="involved.event.published").exists()


@pytest.mark.django_db
def test_an_ended_event_takes_no_registrations(people, event):
    later = event.ends_at + timedelta(minutes=1)
    with pytest.raises(ValidationError, match="already ended"):
        actions.register(actor=people["alice"], event=event, now=later)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_residents_may_not_publish(people):
    with pytest.raises(PermissionDenied):
        actions.publish_event(
            actor=people["alice"],
            kind="festival",
            title="Mela",
            starts_at=timezone.now() + timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=3, hours=4),
            venue="Lister Park",
        )
