"""/events.ics: public, text/calendar, every public upcoming event, as RFC 5545 requires."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from commonground.involved.models import Event

from .conftest import LONG_URDU_TITLE, new_event


def unfolded_lines(body: bytes) -> list[str]:
    return body.decode("utf-8").replace("\r\n ", "").split("\r\n")


@pytest.mark.django_db
def test_feed_is_public_rfc5545_with_one_vevent_per_upcoming_public_event(client, people):
    shown = [
        new_event(people, title=LONG_URDU_TITLE, language="ur", description="ایک " * 80),
        new_event(people, title="Bradford Mela", kind="festival", capacity=None),
        new_event(
            people,
            title="Online café",
            attendance_mode="online",
            venue="",
            online_url="https://meet.example.org/cafe",
        ),
    ]
    hidden = new_event(people, title="Private planning meeting", is_public=False)
    ended = new_event(people, title="Last week's walk")
    Event.objects.filter(pk=ended.pk).update(
        starts_at=timezone.now() - timedelta(days=7),
        ends_at=timezone.now() - timedelta(days=7, hours=-2),
    )
    response = client.get("/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    # CRLF everywhere, no bare LF, and no physical line longer than 75 octets.
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    physical = body.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)  # the Urdu title was folded
    body.decode("utf-8")  # folding never splits a character
    lines = unfolded_lines(body)
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    calendar = icalendar.Calendar.from_ical(body)
    vevents = list(calendar.walk("VEVENT"))
    assert sorted(str(v["SUMMARY"]) for v in vevents) == sorted(e.title for e in shown)
    uids = [str(v["UID"]) for v in vevents]
    assert len(set(uids)) == len(uids) == 3
    assert all("DTSTAMP" in v and "DTSTART" in v for v in vevents)
    by_title = {str(v["SUMMARY"]): v for v in vevents}
    for event in shown:
        assert by_title[event.title].decoded("DTSTART") == event.starts_at
    assert hidden.title not in body.decode() and ended.title not in body.decode()


@pytest.mark.django_db
def test_feed_lines_fold_at_75_octets_in_the_raw_bytes(client, people):
    new_event(people, title=LONG_URDU_TITLE[:190], language="ur")
    body = client.get("/events.ics").content
    summary = next(i for i, line in enumerate(body.split(b"\r\n")) if line.startswith(b"SUMMARY"))
    folded = body.split(b"\r\n")[summary : summary + 8]
    assert all(len(line) <= 75 for line in folded)
    assert re.search(r"SUMMARY:" + re.escape(LONG_URDU_TITLE[:190]), "".join(unfolded_lines(body)))
