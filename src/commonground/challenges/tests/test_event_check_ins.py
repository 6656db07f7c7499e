"""An event's door check-in, or its own QR code scanned in the app, counts for the event
challenges it matches: once, by whichever route comes first, through the audited action."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.challenges import actions as challenge_actions
from commonground.challenges import listeners
from commonground.challenges.models import CheckIn
from commonground.core.models import AuditEvent
from commonground.involved import actions as involved

from .conftest import new_challenge


def _event(cast, *, kind="faith_walk", ward=None, on_now=False, title="Faith walk"):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    now = None
    if on_now:
        start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
        now = start - timedelta(days=1)
    return involved.publish_event(
        actor=cast["officer"],
        now=now,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Manningham Library",
        ward=ward or cast["city"],
    )


def _event_challenge(cast, title, **fields):
    return new_challenge(
        cast, title_en=title, kind="event_new_ward", check_in="event", venues=[], **fields
    )


def _arrive(cast, event, person="alice"):
    registration = involved.register(actor=cast[person], event=event)
    return involved.check_in(actor=cast["officer"], event=event, code=registration.code)


def test_a_door_check_in_counts_for_the_matching_challenges_only(cast):
    walk = _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])
    any_event = _event_challenge(cast, "Go to any event")
    cafe = _event_challenge(cast, "Go to a café", event_kinds=["conversation_cafe"])
    event = _event(cast)
    _arrive(cast, event)
    made = CheckIn.objects.filter(user=cast["alice"])
    assert {c.challenge_id for c in made} == {walk.pk, any_event.pk}
    assert not made.filter(challenge=cafe).exists()
    for check_in in made:
        assert (check_in.event_id, check_in.ward_id) == (event.pk, cast["city"].pk)
        assert check_in.method == "event"
    trail = AuditEvent.objects.filter(action="challenges.checked_in")
    assert [a.data["via"] for a in trail] == ["door", "door"]
    assert {a.actor_id for a in trail} == {cast["officer"].pk}


def test_the_door_and_the_scan_count_once_between_them(client, cast):
    walk = _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])
    event = _event(cast, on_now=True)
    _arrive(cast, event)
    client.force_login(cast["alice"])
    response = client.post(f"/challenges/event/{event.door_code}/", follow=True)
    assert "already counted" in response.content.decode()
    assert CheckIn.objects.filter(user=cast["alice"], challenge=walk).count() == 1
    again = challenge_actions.check_in_at_event(
        actor=cast["officer"], user=cast["alice"], event=event, via="door"
    )
    assert again == []
    assert AuditEvent.objects.filter(action="challenges.checked_in").count() == 1


def test_scanning_the_events_code_counts_while_it_is_on(client, cast):
    walk = _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])
    event = _event(cast, on_now=True)
    client.force_login(cast["bob"])
    page = client.get(f"/challenges/event/{event.door_code}/")
    assert page.status_code == 200 and "Go on a faith walk" in page.content.decode()
    done = client.post(f"/challenges/event/{event.door_code}/", follow=True)
    assert "Checked in: 20 points." in done.content.decode()
    check_in = CheckIn.objects.get(user=cast["bob"], challenge=walk)
    assert check_in.event_id == event.pk
    audit = AuditEvent.objects.get(action="challenges.checked_in")
    assert (audit.actor_id, audit.data["via"]) == (cast["bob"].pk, "scan")


def test_the_events_code_before_the_day_is_refused_and_changes_nothing(client, cast):
    _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])
    event = _event(cast)  # in three days
    client.force_login(cast["bob"])
    response = client.post(f"/challenges/event/{event.door_code}/", follow=True)
    assert "only while the event is on" in response.content.decode()
    assert not CheckIn.objects.exists()
    assert client.get("/challenges/event/not-a-code/").status_code == 404


def test_a_new_ward_challenge_needs_a_ward_the_person_has_not_been_to(cast):
    # Alice lives in Tong.
    new_ward = _event_challenge(cast, "An event in a new ward", new_ward_only=True)
    at_home = _event(cast, ward=cast["tong"], title="Tong festival", kind="festival")
    _arrive(cast, at_home)
    assert not CheckIn.objects.filter(challenge=new_ward).exists()
    away = _event(cast, ward=cast["city"], title="City walk")
    _arrive(cast, away)
    assert CheckIn.objects.get(challenge=new_ward).event_id == away.pk
    # City is no longer new to Alice: a second new-ward challenge does not count there.
    second = _event_challenge(cast, "Another new ward", new_ward_only=True)
    third = _event(cast, ward=cast["city"], title="City café", kind="conversation_cafe")
    _arrive(cast, third)
    assert not CheckIn.objects.filter(challenge=second).exists()
    assert challenge_actions.wards_visited(cast["alice"]) == {cast["tong"].pk, cast["city"].pk}


def test_an_event_challenge_is_not_checked_in_by_a_code_or_the_sync(client, cast):
    walk = _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])
    client.force_login(cast["alice"])
    body = {"challenge": walk.slug, "client_id": str(uuid.uuid4()), "code": "ANYTHING"}
    response = client.post("/challenges/sync/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "checked in at an event's door" in response.json()["message"]
    assert not CheckIn.objects.exists()


def test_event_kinds_belong_to_event_challenges_only(cast):
    with pytest.raises(Exception, match="only apply to an event challenge"):
        new_challenge(cast, title_en="Visit", venues=[cast["mosque"]], event_kinds=["festival"])


def test_a_failing_listener_never_stops_the_door(cast, monkeypatch, caplog):
    _event_challenge(cast, "Go on a faith walk", event_kinds=["faith_walk"])

    def broken(**kwargs):
        raise RuntimeError("challenges are down")

    monkeypatch.setattr(listeners.actions, "check_in_at_event", broken)
    event = _event(cast)
    arrived = _arrive(cast, event)
    assert arrived.checked_in_at is not None
    assert not CheckIn.objects.exists()
    assert "a listener to involved.checked_in failed" in caplog.text


def test_only_the_organisers_see_the_events_qr_code(client, cast):
    event = _event(cast)
    client.force_login(cast["officer"])
    response = client.get(f"/challenges/design/events/{event.slug}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    client.force_login(cast["alice"])
    assert client.get(f"/challenges/design/events/{event.slug}/qr.svg").status_code == 403
