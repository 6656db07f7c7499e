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


def test_a_text_reminder_goes_when_asked_for_with_a_number(people):
    event = _soon(people, hours=20, capacity=5)
    people["alice"].email = "alice@example.org"
    people["alice"].preferred_language = "ur"
    people["alice"].save(update_fields=["email", "preferred_language"])
    people["bob"].email = "bob@example.org"
    people["bob"].save(update_fields=["email"])
    texted = actions.register(
        actor=people["alice"], event=event, sms_reminder=True, phone="07700 900 123"
    )
    actions.register(actor=people["bob"], event=event, phone="07700 900456")  # no consent
    assert texted.phone == "+447700900123"
    assert Registration.objects.get(user=people["bob"]).phone == ""  # not kept without consent

    assert actions.send_reminders(site_url="https://example.org/") == 2
    by_channel = {message.channel: message for message in outbox}
    sms, email = by_channel["sms"], by_channel["email"]
    assert (sms.to, sms.language) == ("+447700900123", "ur")
    assert texted.code in sms.body and "https://example.org/ur/involved/events/" in sms.body
    assert email.to == "bob@example.org"
    channels = AuditEvent.objects.filter(action="involved.registration.reminded")
    assert sorted(a.data["channel"] for a in channels) == ["email", "sms"]
    assert actions.send_reminders() == 0 and len(outbox) == 2


def test_a_text_reminder_without_a_mobile_number_is_refused_beside_the_field(client, people):
    event = _soon(people, hours=20)
    client.force_login(people["alice"])
    response = client.post(
        f"/involved/events/{event.slug}/register/", {"sms_reminder": "on", "phone": "01274 432111"}
    )
    assert response.status_code == 400
    assert "Enter a UK mobile number for the text reminder" in response.content.decode()
    assert not Registration.objects.exists()
    booked = client.post(
        f"/involved/events/{event.slug}/register/",
        {"sms_reminder": "on", "phone": "+44 7700 900123"},
    )
    assert booked.status_code == 302
    assert Registration.objects.get().phone == "+447700900123"


def test_a_failed_text_falls_back_to_email(people, settings):
    settings.MESSAGE_SENDER = "commonground.involved.tests.test_reminders.NoTexts"
    event = _soon(people, hours=20)
    people["carol"].email = "carol@example.org"
    people["carol"].save(update_fields=["email"])
    actions.register(actor=people["carol"], event=event, sms_reminder=True, phone="07700900789")
    assert actions.send_reminders() == 1
    assert [m.channel for m in outbox] == ["email"]


class NoTexts:
    """A gateway whose SMS side is down: texts fail, e-mail goes through the console sender."""

    def send(self, message):
        from commonground.core.messaging import ConsoleSender, Receipt

        if message.channel == "sms":
            return Receipt(sent=False, channel="sms", detail="gateway down")
        return ConsoleSender().send(message)


def test_the_kept_number_is_part_of_my_involvement(people):
    """The mobile number kept for a text reminder is the person's data: "My involvement" shows
    and downloads it with the registration."""
    from commonground.involved import personal

    event = _soon(people, hours=20, capacity=5)
    actions.register(actor=people["alice"], event=event, sms_reminder=True, phone="07700 900 123")
    (row,) = personal.records(people["alice"])
    assert "+447700900123" in row["details"]
    assert "+447700900123" in personal.as_csv(people["alice"])
