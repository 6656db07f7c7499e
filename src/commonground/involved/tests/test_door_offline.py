"""The door page's offline parts: the list of codes the phone keeps (no names), the sync
that counts a queued code once, and the service worker's script."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.involved import actions
from commonground.involved.models import Registration

from .conftest import new_event

pytestmark = pytest.mark.django_db


def _sync(client, event, **payload):
    return client.post(
        f"/involved/events/{event.slug}/door/sync/",
        json.dumps(payload),
        content_type="application/json",
    )


def test_the_list_of_codes_has_places_and_arrivals_but_no_names(client, people, event):
    first = actions.register(actor=people["alice"], event=event)
    actions.register(actor=people["bob"], event=event)
    waiting = actions.register(actor=people["carol"], event=event)
    actions.check_in(actor=people["organiser"], event=event, code=first.code)
    client.force_login(people["organiser"])
    body = client.get(f"/involved/events/{event.slug}/door/codes.json").json()
    assert body["counts"] == {"confirmed": 2, "waiting": 1, "arrived": 1}
    rows = {row["code"]: row for row in body["codes"]}
    assert rows[first.code] == {"code": first.code, "place": True, "arrived": True}
    assert rows[waiting.code]["place"] is False
    assert "alice" not in json.dumps(body)
    client.force_login(people["stranger"])
    assert client.get(f"/involved/events/{event.slug}/door/codes.json").status_code == 403


def test_a_queued_code_synced_twice_counts_once_at_the_phones_time(client, people, event):
    registration = actions.register(actor=people["alice"], event=event)
    client.force_login(people["organiser"])
    at = (timezone.now() - timedelta(minutes=40)).replace(microsecond=0)
    first = _sync(client, event, code=registration.code, at=at.isoformat())
    again = _sync(client, event, code=registration.code, at=at.isoformat())
    assert (first.status_code, first.json()["status"]) == (201, "recorded")
    assert (again.status_code, again.json()["status"]) == (200, "already")
    assert again.json()["counts"]["arrived"] == 1
    registration.refresh_from_db()
    assert registration.checked_in_at == at
    future = (timezone.now() + timedelta(days=1)).isoformat()
    other = actions.register(actor=people["bob"], event=event)
    _sync(client, event, code=other.code, at=future)
    other.refresh_from_db()
    assert other.checked_in_at <= timezone.now()


def test_a_code_from_another_event_is_refused_with_its_reason(client, people, event):
    other = new_event(people, title="Faith walk through Manningham", kind="faith_walk")
    elsewhere = actions.register(actor=people["alice"], event=other)
    client.force_login(people["organiser"])
    refused = _sync(client, event, code=f"https://example.org/involved/check-in/{elsewhere.code}/")
    assert refused.status_code == 400
    assert "another event: Faith walk" in refused.json()["message"]
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert _sync(client, event, code="nonsense").status_code == 400
    client.force_login(people["stranger"])
    assert _sync(client, event, code=elsewhere.code).status_code == 403


def test_the_service_worker_is_served_for_the_involved_pages_in_each_language(client):
    for prefix in ("", "/ur"):
        response = client.get(f"{prefix}/involved/door-sw.js")
        assert response.status_code == 200
        assert response["Service-Worker-Allowed"] == f"{prefix}/involved/"
        assert "const SHELL" in response.content.decode()


def test_the_door_page_carries_what_its_script_needs(client, people, event):
    client.force_login(people["organiser"])
    page = client.get(f"/involved/events/{event.slug}/door/").content.decode()
    assert f'data-codes="/involved/events/{event.slug}/door/codes.json"' in page
    assert 'data-scope="/involved/"' in page and "involved/door.js" in page
