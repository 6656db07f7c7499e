"""A map of search results: each place a numbered dot, the searched postcode a cross.

The same approach as the schools map: an equirectangular projection of the points themselves
(no tiles, nothing fetched from elsewhere, works offline and in print), drawn as inline SVG
beside the numbered list, which is the map's text alternative — dot 3 is result 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 320
PAD = 14
DOT = "#1d70b8"
HERE = "#d4351c"


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    number: int
    name: str


def results_map(results: list, point: tuple[float, float] | None = None) -> dict | None:
    """Dots for every place of every result (numbered as the list is); None when no result
    has a place with coordinates, so the page shows the list alone."""
    located = [
        (n, result.service.local_name, place.latitude, place.longitude)
        for n, result in enumerate(results, start=1)
        for place in result.places
        if place.latitude is not None and place.longitude is not None
    ]
    if not located:
        return None
    lats = [lat for _n, _name, lat, _lon in located] + ([point[0]] if point else [])
    lons = [lon for _n, _name, _lat, lon in located] + ([point[1]] if point else [])
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    span = max((max(lons) - min(lons)) * scale_x, max(lats) - min(lats), 1e-4)
    size = SIZE - 2 * PAD

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(PAD + (lon - min(lons)) * scale_x / span * size, 1),
            round(PAD + (max(lats) - lat) / span * size, 1),
        )

    dots = [Dot(*xy(lat, lon), number=n, name=name) for n, name, lat, lon in located]
    here = xy(*point) if point else None
    return {"dots": dots, "here": here, "size": SIZE, "fill": DOT, "here_fill": HERE}
