"""Ward outlines drawn under the services maps' dots, so a resident sees where a place is.

No tile server (nothing is fetched from elsewhere; the maps work offline, in print and in the
tests): the district's own ward boundaries (``core.Area``, GeoJSON in WGS84, the ones Measures
draws its ward maps from) are projected onto the same plane as the dots. Each map asks for the
wards that cross its view; outlines are light grey with the ward names of the places shown, so
the dots stay the thing to read.

Boundaries are read once per process (a district has a few dozen wards) and again when the set
of wards (their ids and names) changes (``load-areas``) or after ``TTL_SECONDS``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shapely.geometry import shape

from commonground.core import geometry
from commonground.core.models import Area

TTL_SECONDS = 300
"""Read the boundaries again at least this often (a boundary edited in place keeps its id)."""

_CACHE: dict[str, object] = {}

BBox = tuple[float, float, float, float]
"""(min_lon, min_lat, max_lon, max_lat)"""


@dataclass(frozen=True)
class WardShape:
    pk: int
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: BBox
    label: tuple[float, float]  # (lon, lat) inside the ward, for its name


@dataclass(frozen=True)
class Outline:
    pk: int
    name: str
    path: str  # SVG path data
    label_xy: tuple[float, float]


def _read() -> list[WardShape]:
    shapes = []
    wards = Area.objects.wards().filter(boundary__isnull=False).order_by("name")
    for pk, name, boundary in wards.values_list("pk", "name", "boundary"):
        rings = tuple(
            tuple((float(p[0]), float(p[1])) for p in ring) for ring in geometry.rings(boundary)
        )
        points = [p for ring in rings for p in ring]
        if not points:
            continue
        try:
            inside = shape(boundary).representative_point()
            label = (inside.x, inside.y)
        except (KeyError, TypeError, ValueError, AttributeError):
            label = (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            )
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        shapes.append(
            WardShape(pk, name, rings, (min(lons), min(lats), max(lons), max(lats)), label)
        )
    return shapes


def ward_shapes() -> list[WardShape]:
    """Every ward with a boundary (cached; see the module's docstring)."""
    # The wards' ids and names (a few dozen short rows) say whether the set has changed.
    state = tuple(
        Area.objects.wards().filter(boundary__isnull=False).order_by("pk").values_list("pk", "name")
    )
    fresh = time.monotonic() - float(_CACHE.get("at", 0.0)) < TTL_SECONDS  # type: ignore[arg-type]
    if _CACHE.get("state") != state or not fresh:
        _CACHE.update(state=state, shapes=_read(), at=time.monotonic())
    return _CACHE["shapes"]  # type: ignore[return-value]


def _crosses(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def outlines(
    view: BBox,
    to_xy: Callable[[float, float], tuple[float, float]],
    shapes: Iterable[WardShape] | None = None,
    min_step: float = 0.5,
) -> list[Outline]:
    """SVG outlines of the wards crossing ``view``, projected by ``to_xy(lat, lon)``; points
    closer than ``min_step`` units to the last one kept are dropped (invisible at this size)."""
    found = []
    for ward in ward_shapes() if shapes is None else shapes:
        if not _crosses(ward.bbox, view):
            continue
        parts = []
        for ring in ward.rings:
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = to_xy(lat, lon)
                if kept and abs(x - kept[-1][0]) < min_step and abs(y - kept[-1][1]) < min_step:
                    continue
                kept.append((x, y))
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
        if parts:
            found.append(
                Outline(ward.pk, ward.name, "".join(parts), to_xy(ward.label[1], ward.label[0]))
            )
    return found
