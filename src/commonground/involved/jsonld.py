"""schema.org ``Event`` as JSON-LD for an event page.

``name`` and ``startDate`` are the feed's SUMMARY and DTSTART (the same title and the same
instant, in UTC), so search engines and calendar readers agree on what and when. The JSON
goes in a script element of type ``application/ld+json``: a data block that browsers never run,
with ``<``, ``>`` and ``&`` escaped so text such as ``</script>`` in a title cannot end it.
"""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .models import SCHEMA_ATTENDANCE_MODE, AttendanceMode, Event

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _place(event: Event) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "GB"}
    if event.address:
        address["streetAddress"] = event.address
    if event.postcode:
        address["postalCode"] = event.postcode
    if event.ward_id:
        address["addressLocality"] = event.ward.name
    return {"@type": "Place", "name": event.venue or event.title, "address": address}


def event_data(event: Event, url: str) -> dict[str, Any]:
    """The schema.org Event for `event`, whose page is at `url`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.starts_at.astimezone(UTC).isoformat(),
        "endDate": event.ends_at.astimezone(UTC).isoformat(),
        "eventAttendanceMode": SCHEMA_ATTENDANCE_MODE[AttendanceMode(event.attendance_mode)],
        "eventStatus": "https://schema.org/EventCancelled"
        if event.cancelled_at
        else "https://schema.org/EventScheduled",
        "url": url,
    }
    online = {"@type": "VirtualLocation", "url": event.online_url or url}
    if event.attendance_mode == AttendanceMode.IN_PERSON:
        data["location"] = _place(event)
    elif event.attendance_mode == AttendanceMode.ONLINE:
        data["location"] = online
    else:
        data["location"] = [_place(event), online]
    if event.summary or event.description:
        data["description"] = event.summary or event.description
    if event.languages:
        data["inLanguage"] = list(event.languages)
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    if event.organiser_id:
        data["organizer"] = {"@type": "Organization", "name": event.organiser.name}
    return data


def as_script_text(data: dict[str, Any]) -> SafeString:
    """JSON safe to place inside a script element of type application/ld+json."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))
