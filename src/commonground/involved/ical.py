"""iCalendar (RFC 5545) for events: the public feed at /events.ics and one file per registration.

Built with the ``icalendar`` package, which writes CRLF line ends and folds lines at 75
octets without splitting a UTF-8 character (Urdu titles take 2–3 octets a letter). Times are
written in UTC, the same instants the event pages' JSON-LD gives as ``startDate``; the UID
stays the same when an event is edited, and DTSTAMP is when it was last revised (a feed
without METHOD, RFC 5545 §3.8.7.2).

icalendar takes about 2 ms to serialise an event (its folding walks every character), so a
feed of 5,000 events would take ten seconds. Each event's VEVENT is therefore kept on its row
(``Event.ical_vevent``), made again only when the event has changed since
(``ical_version != updated_at``); the feed joins the stored VEVENTs. The one part that depends
on the request, the page's absolute URL, is stored as a short placeholder line and replaced
per request with the real URL line, folded here (it is ASCII: 75 octets, then a space and 74).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC

import icalendar
from django.db.models import F, Q
from django.utils import translation

from .models import Event, EventQuerySet

PRODID = "-//Common Ground//Getting Involved events//EN"
URL_PLACEHOLDER = "urn:commonground:event-page"
PLACEHOLDER_LINE = f"URL:{URL_PLACEHOLDER}\r\n".encode()


def vevent(event: Event, url: str = URL_PLACEHOLDER) -> icalendar.Event:
    """One event as a VEVENT component."""
    item = icalendar.Event()
    item.add("uid", event.ical_uid)
    item.add("dtstamp", event.updated_at.astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", event.title)
    description = "\n\n".join(p for p in (event.summary, event.description) if p)
    if description:
        item.add("description", description)
    if event.location_text:
        item.add("location", event.location_text)
    item.add("url", url)
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    if event.organiser_id:
        item.add(
            "organizer",
            f"urn:commonground:organisation:{event.organiser.slug}",
            parameters={"CN": event.organiser.name},
        )
    return item


def _calendar(name: str, method: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    return cal


def calendar(
    events: Iterable[Event], url_for: Callable[[Event], str], *, name: str, method: str = ""
) -> bytes:
    """A VCALENDAR holding one VEVENT per event, made by icalendar from scratch."""
    cal = _calendar(name, method)
    for event in events:
        cal.add_component(vevent(event, url_for(event)))
    return cal.to_ical()


def url_line(url: str) -> bytes:
    """``URL:<url>`` folded at 75 octets (a URL is ASCII, so octets are characters)."""
    line = f"URL:{url}".encode("ascii")
    parts = [line[:75]] + [line[i : i + 74] for i in range(75, len(line), 74)]
    return b"\r\n ".join(parts) + b"\r\n"


def refresh_stored(events: EventQuerySet) -> int:
    """Make the stored VEVENT of every event in `events` that changed since; returns how many."""
    stale = list(
        events.filter(Q(ical_version__isnull=True) | ~Q(ical_version=F("updated_at")))
        .select_related("organiser")
        .defer("ical_vevent")
    )
    with translation.override("en"):
        for event in stale:
            event.ical_vevent = vevent(event).to_ical()
            event.ical_version = event.updated_at
    Event.objects.bulk_update(stale, ["ical_vevent", "ical_version"], batch_size=500)
    return len(stale)


def feed(events: EventQuerySet, url_for_slug: Callable[[str], str], *, name: str) -> bytes:
    """The public feed: `events` (ordered) from their stored VEVENTs, each with its URL."""
    refresh_stored(events)
    head, tail = _calendar(name, "").to_ical().split(b"END:VCALENDAR")
    parts = [head]
    for slug, stored in events.values_list("slug", "ical_vevent").iterator(chunk_size=1000):
        parts.append(bytes(stored).replace(PLACEHOLDER_LINE, url_line(url_for_slug(slug)), 1))
    parts.append(b"END:VCALENDAR" + tail)
    return b"".join(parts)
