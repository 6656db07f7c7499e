"""Volunteering's part of the public "Getting Involved near you" page (read by
:mod:`commonground.involved.nearby`): open opportunities with their distance from a point."""

from __future__ import annotations

from django.utils.translation import gettext as _

from commonground.services import postcodes

from .models import Opportunity


def things_near(point: tuple[float, float], metres: float | None) -> list[dict]:
    """Open opportunities within ``metres`` of ``point`` (any distance when None)."""
    found = Opportunity.objects.open().select_related("ward").filter(latitude__isnull=False)
    if metres is not None:
        low_lat, high_lat, low_lon, high_lon = postcodes.bounding_box(point, metres)
        found = found.filter(
            latitude__range=(low_lat, high_lat), longitude__range=(low_lon, high_lon)
        )
    return [
        {
            "kind": _("Volunteering"),
            "title": opportunity.title,
            "url": opportunity.get_absolute_url(),
            "when": opportunity.starts_at,
            "schedule": opportunity.schedule,
            "place": opportunity.venue,
            "distance_m": postcodes.distance_m(point, opportunity.point),
        }
        for opportunity in found[:500]
    ]
