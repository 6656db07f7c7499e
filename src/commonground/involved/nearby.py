"""The public "Getting Involved near you" page's reading: everything on now near a postcode —
events to come, volunteering, Open Book talks, live challenges — sorted by distance.

Each app gives its part from ``commonground.<app>.nearby.things_near(point, metres)`` as
plain rows (kind, title, url, when, schedule, place, distance_m), so this module knows no
other app's models. Rows with no distance (online, or done anywhere) are kept apart.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from commonground.services import postcodes

from .models import AttendanceMode, Event

PARTS = ("involved", "volunteering", "openbook", "challenges")
SHOWN = 200
"""At most this many near rows are shown (the nearest); a postcode in the middle of Bradford
has every event within 10 km, and a phone need not draw them all."""


def things_near(point: tuple[float, float], metres: float | None) -> list[dict]:
    """Public events still to come: in person ones by their postcode, online ones apart."""
    found = []
    events = (
        Event.objects.public()
        .upcoming()
        .only(
            "slug",
            "title",
            "translations",
            "language",
            "starts_at",
            "venue",
            "postcode",
            "attendance_mode",
        )
        .order_by("starts_at", "pk")[:500]
    )
    for event in events:
        where = postcodes.centroid(event.postcode) if event.is_in_person else None
        distance = postcodes.distance_m(point, where) if where else None
        if distance is None and event.attendance_mode == AttendanceMode.IN_PERSON:
            continue
        if metres is not None and distance is not None and distance > metres:
            if event.attendance_mode == AttendanceMode.IN_PERSON:
                continue
            distance = None  # too far to go, but it can be joined online
        found.append(
            {
                "kind": _("Event"),
                "title": event.text("title")[0],
                "url": event.get_absolute_url(),
                "when": event.starts_at,
                "schedule": "",
                "place": event.venue if distance is not None else _("Online"),
                "distance_m": distance,
            }
        )
    return found


@dataclass
class Nearby:
    """What the page shows: the near rows by distance, and those online or anywhere."""

    near: list[dict] = field(default_factory=list)
    anywhere: list[dict] = field(default_factory=list)


def everything_near(postcode: str, km: float | None) -> Nearby | None:
    """Every app's rows near ``postcode`` (None if the postcode is unknown), sorted by
    distance then date, with the distance in kilometres for the page."""
    point = postcodes.centroid(postcode)
    if point is None:
        return None
    metres = km * 1000 if km else None
    result = Nearby()
    for name in PARTS:
        module = importlib.import_module(f"commonground.{name}.nearby")
        for row in module.things_near(point, metres):
            if row["distance_m"] is None:
                result.anywhere.append(row)
            else:
                row["distance_km"] = row["distance_m"] / 1000
                result.near.append(row)
    result.near.sort(key=lambda row: (row["distance_m"], row["when"] is None, row["title"]))
    result.near = result.near[:SHOWN]
    result.anywhere.sort(key=lambda row: (str(row["kind"]), row["title"]))
    return result
