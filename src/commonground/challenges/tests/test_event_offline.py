"""An event's QR code scanned with no signal: the phone keeps the visit and sends it to the
sync endpoint as ``{"client_id", "event", "done_at"}`` when it is back online. It counts once
(the same item again, or after the door counted it), at the time it was scanned, and the
server's refusals (an unknown code, an event not on, cancelled, too old) change nothing.
The page the service worker keeps for it, and the shared offline queue both workers keep."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.utils import timezone

from commonground.challenges.models import CheckIn
from commonground.core.models import AuditEvent
from commonground.involved import actions as involved

from .conftest import new_challenge

SYNC = "/challenges/sync/"


def _event(cast, *, hours_ago: float = 0.5, kind="faith_walk"):
    """An event that started ``hours_ago`` (negative: it starts in the future), two hours long."""
    start = timezone.now().replace(microsecond=0) - timedelta(hours=hours_ago)
    return involved.publish_event(
        actor=cast["officer"],
        now=start - timedelta(days=1),
        kind=kind,
        title="Faith walk",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Manningham Library",
        ward=cast["city"],
    )


def _walk(cast, title="Go on a faith walk", **fields):
    return new_challenge(
        cast, title_en=title, kind="event_new_ward", check_in="event", venues=[], **fields
    )


def _send(client, event_code, *, client_id=None, done_at=None, **extra):
    body = {"client_id": str(client_id or uuid.uuid4()), "event": event_code} | extra
    if done_at is not None:
        body["done_at"] = done_at.isoformat()
    return client.post(SYNC, json.dumps(body), content_type="application/json")


def test_a_kept_scan_counts_once_however_often_it_is_sent(client, cast):
    walk = _walk(cast, event_kinds=["faith_walk"])
    anything = _walk(cast, title="Go to any event")
    _walk(cast, title="Go to a café", event_kinds=["conversation_cafe"])
    event = _event(cast)
    scanned = timezone.now().replace(microsecond=0) - timedelta(minutes=10)
    client.force_login(cast["bob"])
    kept = uuid.uuid4()
    first = _send(client, event.door_code, client_id=kept, done_at=scanned)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "recorded" and first.json()["points"] == 40
    assert "Checked in: 40 points." in first.json()["message"]
    assert first.json()["url"] == f"/challenges/event/{event.door_code}/"
    made = CheckIn.objects.filter(user=cast["bob"])
    assert {c.challenge_id for c in made} == {walk.pk, anything.pk}
    assert all(c.event_id == event.pk and c.done_at == scanned for c in made)
    # a lost answer: the same item again, and a second scan of the same event
    again = _send(client, event.door_code, client_id=kept, done_at=scanned)
    assert again.status_code == 200 and again.json()["status"] == "already"
    other = _send(client, f"https://example.org/challenges/event/{event.door_code}/")
    assert other.status_code == 200
    assert CheckIn.objects.filter(user=cast["bob"]).count() == 2
    trail = AuditEvent.objects.filter(action="challenges.checked_in")
    assert trail.count() == 2 and {a.data["via"] for a in trail} == {"scan"}


def test_a_scan_kept_during_the_event_counts_when_sent_after_it(client, cast):
    _walk(cast)
    event = _event(cast, hours_ago=26)  # on yesterday
    client.force_login(cast["bob"])
    scanned = event.starts_at + timedelta(minutes=20)
    response = _send(client, event.door_code, done_at=scanned)
    assert response.status_code == 201
    assert CheckIn.objects.get(user=cast["bob"]).done_at == scanned
    # sent now without the phone's time, the event is over: refused
    client.force_login(cast["carol"])
    late = _send(client, event.door_code)
    assert late.status_code == 400 and "only while the event is on" in late.json()["message"]
    assert not CheckIn.objects.filter(user=cast["carol"]).exists()


def test_the_door_and_a_kept_scan_count_once_between_them(client, cast):
    walk = _walk(cast)
    event = _event(cast)
    registration = involved.register(actor=cast["alice"], event=event)
    involved.check_in(actor=cast["officer"], event=event, code=registration.code)
    client.force_login(cast["alice"])
    response = _send(client, event.door_code)
    assert response.status_code == 200 and "already counted" in response.json()["message"]
    assert CheckIn.objects.filter(user=cast["alice"], challenge=walk).count() == 1


def test_refusals_are_answered_and_change_nothing(client, cast):
    _walk(cast)
    client.force_login(cast["bob"])
    unknown = _send(client, "NOT-A-CODE")
    assert unknown.status_code == 404
    assert "No event has this code" in unknown.json()["message"]

    soon = _event(cast, hours_ago=-72)
    not_on = _send(client, soon.door_code)
    assert not_on.status_code == 400 and not_on.json()["status"] == "refused"
    assert "only while the event is on" in not_on.json()["message"]

    called_off = _event(cast)
    involved.cancel_event(actor=cast["officer"], event=called_off)
    cancelled = _send(client, called_off.door_code)
    assert cancelled.status_code == 400 and "cancelled" in cancelled.json()["message"]

    long_ago = _event(cast, hours_ago=24 * 31)
    stale = _send(client, long_ago.door_code, done_at=long_ago.starts_at + timedelta(minutes=5))
    assert stale.status_code == 400 and "more than 30 days old" in stale.json()["message"]

    assert not CheckIn.objects.exists()
    assert not AuditEvent.objects.filter(action="challenges.checked_in").exists()


def test_signed_out_the_phone_keeps_it_for_later(client, cast):
    _walk(cast)
    event = _event(cast)
    response = _send(client, event.door_code)
    # not a JSON answer (the sign-in page): the script keeps the item and tries again later
    assert response.status_code == 302
    assert not CheckIn.objects.exists()


def test_sent_from_the_events_page_it_says_so_there(client, cast):
    _walk(cast)
    event = _event(cast)
    client.force_login(cast["bob"])
    response = _send(client, event.door_code, live=True)
    assert response.status_code == 201
    page = client.get(response.json()["url"]).content.decode()
    assert "Checked in: 20 points." in page
    assert "data-offline-event-check-in" in page and "commonground/offline-queue.js" in page


def test_the_kept_event_page_is_public_and_in_the_workers_shell(client, cast):
    page = client.get("/challenges/event/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "data-offline-event-check-in" in text and 'data-event-base="/challenges/event/"' in text
    assert "commonground/offline-queue.js" in text and "challenges/app.js" in text
    worker = client.get("/ur/challenges/sw.js").content.decode()
    shell = json.loads(worker.split("\n", 1)[0].removeprefix("const SHELL = ").rstrip(";"))
    assert shell["event_page"] == "/ur/challenges/event/" and shell["event_page"] in shell["pages"]
    assert any(a.endswith("commonground/offline-queue.js") for a in shell["assets"])
    door = client.get("/involved/door-sw.js")  # the door's worker keeps the shared queue too
    assert door.status_code == 200 and "commonground/offline-queue.js" in door.content.decode()
