"""Event list and event pages: public, with schema.org Event JSON-LD matching the feed."""

import json
import re
from datetime import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from commonground.involved import actions

from .conftest import LONG_URDU_TITLE, new_event

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["", "/ur", "/pl"])
def test_event_page_json_ld_matches_the_feed(client, people, language):
    events = [
        new_event(people, title=LONG_URDU_TITLE, language="ur"),
        new_event(
            people,
            title="Online café",
            attendance_mode="online",
            venue="",
            online_url="https://meet.example.org/c",
        ),
        new_event(
            people, title="Mela", attendance_mode="mixed", online_url="https://live.example.org/"
        ),
    ]
    feed = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    by_url = {str(v["URL"]): v for v in feed.walk("VEVENT")}
    modes = {}
    for event in events:
        with translation.override("en"):
            path = event.get_absolute_url()
        vevent = by_url[f"http://testserver{path}"]
        response = client.get(f"{language}{path}")
        assert response.status_code == 200
        data = json_ld(response.content.decode())
        assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
        assert data["name"] == str(vevent["SUMMARY"])
        assert datetime.fromisoformat(data["startDate"]) == vevent.decoded("DTSTART")
        assert data["location"]
        modes[event.attendance_mode] = data["eventAttendanceMode"]
    assert modes == {
        "in_person": "https://schema.org/OfflineEventAttendanceMode",
        "online": "https://schema.org/OnlineEventAttendanceMode",
        "mixed": "https://schema.org/MixedEventAttendanceMode",
    }


@pytest.mark.django_db
def test_script_end_in_a_title_cannot_break_out_of_the_json_ld(client, people):
    event = new_event(people, title="Café </script><script>alert(1)</script> & more")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["name"] == event.title


@pytest.mark.django_db
def test_list_shows_public_events_by_ward(client, people):
    shown = new_event(people, title="Faith walk in the City ward")
    new_event(people, title="Secret meeting", is_public=False)
    response = client.get(reverse("involved:events"), {"ward": "E05001347"})
    html = response.content.decode()
    assert shown.title in html and "Secret meeting" not in html


@pytest.mark.django_db
def test_a_private_event_page_is_hidden_from_others(client, people):
    event = new_event(people, title="Planning", is_public=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(people["organiser"])
    assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_registering_on_the_page_then_the_wait_list(client, people, event):
    for name in ("alice", "bob"):
        actions.register(actor=people[name], event=event)
    client.force_login(people["carol"])
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Join the wait list" in page
    response = client.post(reverse("involved:register", args=[event.slug]), follow=True)
    html = response.content.decode()
    assert "you are on the wait list" in html and "On the wait list" in html


@pytest.mark.django_db
def test_registration_files_are_the_holders_own(client, people, event):
    registration = actions.register(actor=people["alice"], event=event)
    client.force_login(people["alice"])
    ics = client.get(reverse("involved:registration_ics", args=[registration.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    vevent = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == event.title
    qr = client.get(reverse("involved:registration_qr", args=[registration.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    client.force_login(people["bob"])
    assert (
        client.get(reverse("involved:registration_qr", args=[registration.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_door_scan_checks_in_to_the_door_event_only(client, people, event):
    other = new_event(people, title="Another event")
    here = actions.register(actor=people["alice"], event=event)
    there = actions.register(actor=people["bob"], event=other)
    client.force_login(people["organiser"])
    client.get(reverse("involved:door", args=[event.slug]))
    client.post(reverse("involved:door_code", args=[there.code]))
    response = client.post(reverse("involved:door_code", args=[here.code]), follow=True)
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.checked_in_at is not None and there.checked_in_at is None
    assert "Arrived" in response.content.decode()


@pytest.mark.django_db
def test_door_form_says_what_is_wrong(client, people, event):
    other = new_event(people, title="Another event")
    there = actions.register(actor=people["bob"], event=other)
    client.force_login(people["organiser"])
    response = client.post(reverse("involved:door", args=[event.slug]), {"code": there.code})
    assert "This code is for another event: Another event." in response.content.decode()
    client.force_login(people["alice"])
    assert client.get(reverse("involved:door", args=[event.slug])).status_code == 403


@pytest.mark.django_db
def test_publishing_through_the_form(client, people, strategy):
    client.force_login(people["organiser"])
    form = {
        "title": "Iconic Places of Worship tour",
        "language": "en",
        "kind": "places_of_worship",
        "organiser": people["organisation"].pk,
        "starts_at": "2099-05-01T10:00",
        "ends_at": "2099-05-01T13:00",
        "attendance_mode": "in_person",
        "venue": "Bradford Cathedral",
        "capacity": "25",
        "is_public": "on",
    }
    response = client.post(reverse("involved:event_new"), form, follow=True)
    assert "The event is published." in response.content.decode()
    past = form | {"starts_at": "2001-05-01T10:00", "ends_at": "2001-05-01T13:00"}
    response = client.post(reverse("involved:event_new"), past)
    assert "An event must start in the future." in response.content.decode()


@pytest.mark.django_db
def test_capacity_below_registrations_is_refused_on_the_door_page(client, people, event):
    for name in ("alice", "bob"):
        actions.register(actor=people[name], event=event)
    client.force_login(people["organiser"])
    response = client.post(
        reverse("involved:capacity", args=[event.slug]), {"capacity": "1"}, follow=True
    )
    assert "2 people already have a place" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2
    client.post(reverse("involved:capacity", args=[event.slug]), {"capacity": "5"})
    event.refresh_from_db()
    assert event.capacity == 5


@pytest.mark.django_db
def test_a_cancelled_event_leaves_the_feed_and_the_list(client, people, event):
    actions.cancel_event(actor=people["organiser"], event=event, reason="Venue flooded")
    assert event.title not in client.get("/events.ics").content.decode()
    assert event.title not in client.get(reverse("involved:events")).content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in page and "EventCancelled" in page
