"""Postcode centroids (ONS NSPL, BD and LS29) and distances, for "near a postcode" searches.

The table is read once per process from ``shared/data/uk/schools/`` (about 25,000 rows, a
few milliseconds); a postcode outside it is unknown rather than guessed.
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache
from pathlib import Path

from django.conf import settings

NSPL = Path("data") / "uk" / "schools" / "nspl_may2025_postcode_latlong_BD_LS29.csv"
EARTH_RADIUS_M = 6_371_008.8


def normalise(postcode: str) -> str:
    """``bd1 1aa`` → ``BD1 1AA`` (spaces and case do not matter)."""
    compact = re.sub(r"\s+", "", postcode or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


@cache
def _table() -> dict[str, tuple[float, float]]:
    path = Path(settings.SHARED_DIR) / NSPL
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            normalise(row["Postcode"]): (float(row["lat"]), float(row["long"]))
            for row in csv.DictReader(handle)
            if row.get("lat") and row.get("long")
        }


def centroid(postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a postcode, or None if it is not in the table."""
    return _table().get(normalise(postcode))


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def bounding_box(point: tuple[float, float], metres: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) holding every point within `metres` of `point`."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(point[0])), 0.01)
    return point[0] - dlat, point[0] + dlat, point[1] - dlon, point[1] + dlon
