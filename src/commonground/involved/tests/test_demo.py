"""The demo's events: in the future, in three languages, and the feed contract holds for them."""

import json
import re

import icalendar
import pytest
from django.utils import timezone, translation

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.involved import demo
from commonground.involved.models import Event, Registration
from commonground.testing.people import make_user


@pytest.mark.django_db
def test_demo_events_are_upcoming_and_match_the_feed(client, strategy):
    Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    make_user("resident", Role.RESIDENT)
    said = []
    demo.load_demo(said.append)
    demo.load_demo(said.append)  # a second run moves the same events, adds none
    assert Event.objects.count() == len(demo.EVENTS)
    assert said and "events" in said[0]
    assert all(e.starts_at > timezone.now() for e in Event.objects.all())
    assert {e.language for e in Event.objects.all()} == {"en", "ur", "pl"}
    assert Registration.objects.filter(user__username="resident", status="waiting").exists()
    feed = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    vevents = feed.walk("VEVENT")
    assert len(vevents) == len(demo.EVENTS)
    for vevent in vevents:
        path = str(vevent["URL"]).removeprefix("http://testserver")
        html = client.get(path).content.decode()
        block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        assert data["name"] == str(vevent["SUMMARY"])
        assert data["startDate"] == vevent.decoded("DTSTART").isoformat()
        assert data["location"] and data["eventAttendanceMode"].startswith("https://schema.org/")
    translation.activate("en")
