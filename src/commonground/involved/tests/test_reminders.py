"""Event reminders: a confirmed place at an event starting within the window gets one e-mail
in the person's language, never a second (the command is run again and again)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from commonground.core.messaging import outbox
from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Registration

from .conftest import new_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_outbox():
    outbox.clear()
    yield
    outbox.clear()


def _soon(people, hours: int, **overrides):
    start = timezone.now().replace(microsecond=0) + timedelta(hours=hours)
    return new_event(people, starts_at=start, ends_at=start + timedelta(hours=2), **overrides)


def test_a_place_is_reminded_once_and_the_wait_list_not_at_all(people):
    event = _soon(people, hours=20, capacity=1)
    for name in ("alice", "bob"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])
    people["alice"].preferred_language = "pl"
    people["alice"].save(update_fields=["preferred_language"])
    place = actions.register(actor=people["alice"], event=event)
    actions.register(actor=people["bob"], event=event)  # wait list

    assert actions.send_reminders(site_url="https://example.org/") == 1
    assert actions.send_reminders(site_url="https://example.org/") == 0

    [message] = outbox
    assert message.to == "alice@example.org" and message.language == "pl"
    assert event.title in message.subject
    assert place.code in message.body and "https://example.org/pl/involved/events/" in message.body
    assert Registration.objects.get(pk=place.pk).reminded_at is not None
    assert AuditEvent.objects.filter(action="involved.registration.reminded").count() == 1


def test_only_events_within_the_window_are_reminded(people):
    later = _soon(people, hours=30, title="Faith walk next week")
    actions.register(actor=people["carol"], event=later)
    people["carol"].email = "carol@example.org"
    people["carol"].save(update_fields=["email"])
    assert actions.send_reminders(hours=24) == 0
    assert actions.send_reminders(hours=48) == 1
    assert len(outbox) == 1


def test_the_command_reminds_and_says_how_many(people):
    event = _soon(people, hours=3)
    people["bob"].email = "bob@example.org"
    people["bob"].save(update_fields=["email"])
    actions.register(actor=people["bob"], event=event)
    out = StringIO()
    call_command("involved", "remind", "--hours", "6", stdout=out)
    assert out.getvalue().strip() == "reminded 1 people of events starting within 6 hours"
    call_command("involved", "remind", "--hours", "6", stdout=out)
    assert len(outbox) == 1
