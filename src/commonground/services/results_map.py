"""A map of search results: each place a numbered dot, the searched postcode a cross, over the
outlines of the wards around them (named where a place is), so a resident sees where it is.

The same approach as the schools map: an equirectangular projection of the points themselves
(no tiles, nothing fetched from elsewhere, works offline and in print), drawn as inline SVG
beside the numbered list, which is the map's text alternative — dot 3 is result 3, and each
result names its ward. The ward outlines come from the district's own boundaries
(:mod:`.ward_outlines`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import ward_outlines

SIZE = 320
PAD = 14
DOT = "#1d70b8"
HERE = "#d4351c"
MIN_SPAN = 0.012
"""The least the map shows, in degrees of latitude (about 1.3 km): a single place still sits
among its streets' wards rather than filling the map."""
MARGIN = 0.15
"""Room around the outermost dots, as a share of the span, so the wards around them show."""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    number: int
    name: str


def results_map(results: list, point: tuple[float, float] | None = None) -> dict | None:
    """Dots for every place of every result (numbered as the list is) over the wards' outlines;
    None when no result has a place with coordinates, so the page shows the list alone."""
    located = [
        (n, result.service.local_name, place.latitude, place.longitude, place.ward_id)
        for n, result in enumerate(results, start=1)
        for place in result.places
        if place.latitude is not None and place.longitude is not None
    ]
    if not located:
        return None
    lats = [row[2] for row in located] + ([point[0]] if point else [])
    lons = [row[3] for row in located] + ([point[1]] if point else [])
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    scale_x = math.cos(math.radians(mid_lat))
    span = max((max(lons) - min(lons)) * scale_x, max(lats) - min(lats), MIN_SPAN)
    span *= 1 + 2 * MARGIN
    size = SIZE - 2 * PAD

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(SIZE / 2 + (lon - mid_lon) * scale_x / span * size, 1),
            round(SIZE / 2 - (lat - mid_lat) / span * size, 1),
        )

    half_lat, half_lon = span * SIZE / size / 2, span * SIZE / size / 2 / scale_x
    view = (mid_lon - half_lon, mid_lat - half_lat, mid_lon + half_lon, mid_lat + half_lat)
    wards = ward_outlines.outlines(view, xy)
    with_places = {row[4] for row in located}
    labels = [
        w
        for w in wards
        if w.pk in with_places and 0 <= w.label_xy[0] <= SIZE and 0 <= w.label_xy[1] <= SIZE
    ]
    dots = [Dot(*xy(lat, lon), number=n, name=name) for n, name, lat, lon, _ward in located]
    here = xy(*point) if point else None
    return {
        "dots": dots,
        "here": here,
        "size": SIZE,
        "fill": DOT,
        "here_fill": HERE,
        "wards": wards,
        "labels": labels,
    }
