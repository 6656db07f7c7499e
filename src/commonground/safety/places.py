"""Places for Feeling Safe: the ward map a reporter picks a point on, and ``locate`` (now in
:mod:`commonground.core.places`) turning that point into the LSOA and ward.

The point itself is sealed on the report and seen only by caseworkers; the LSOA and ward are
what the figures and hotspots use.
"""

from __future__ import annotations

from commonground.core.models import Area
from commonground.core.places import locate

__all__ = ["locate", "ward_map"]
"""``locate`` lives in :mod:`commonground.core.places` (other apps need it too); it is
re-exported here so safety's callers keep their import."""


def ward_map(width: float = 600, pad: float = 6) -> dict | None:
    """The district's wards as SVG paths for picking a point, with what the page's script
    needs to turn a click back into longitude and latitude; None without ward boundaries."""
    from commonground.core.geometry import Projection, rings

    wards = list(Area.objects.wards().filter(boundary__isnull=False).order_by("name"))
    if not wards:
        return None
    projection = Projection([r for w in wards for r in rings(w.boundary)], width, pad)
    return {
        "width": round(projection.width, 1),
        "height": round(projection.height, 1),
        "paths": [(w.name, projection.path(w.boundary)) for w in wards],
        "min_lon": projection.min_lon,
        "max_lat": projection.max_lat,
        "kx": projection.kx,
        "scale": projection.scale,
        "pad": pad,
    }
