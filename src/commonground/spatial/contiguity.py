"""Queen contiguity between area polygons read from GeoJSON.

Two areas are neighbours when their polygons come within ``tolerance`` degrees of each other
(1e-7 degrees is about 1 cm). Exact vertex matching, as ``libpysal.weights.Queen`` does on the
raw ONS files, finds no neighbours at all there: a vertex shared by two LSOAs is stored twice
with different float noise. A distance test finds every shared edge and every shared corner
(queen, not rook) and nothing that a centimetre does not separate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from shapely import STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = [
    "DEFAULT_TOLERANCE",
    "Boundaries",
    "BoundaryError",
    "load_boundaries",
    "queen_neighbours",
]

DEFAULT_TOLERANCE = 1e-7
"""Degrees: polygons closer than this are neighbours (about 1 cm at Bradford's latitude)."""

CODE_PROPERTIES = ("LSOA11CD", "LSOA21CD", "code", "CODE")
"""Feature properties tried, in order, for an area's code."""


class BoundaryError(ValueError):
    """The boundary file cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Boundaries:
    """Area codes and their polygons, in the file's order."""

    path: str
    codes: tuple[str, ...]
    geometries: tuple[BaseGeometry, ...]


def load_boundaries(path: str | Path) -> Boundaries:
    """Read a GeoJSON FeatureCollection of areas, each with a code property (e.g. LSOA11CD)."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BoundaryError(f"{name}: no such boundary file") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BoundaryError(f"{name}: not a GeoJSON file ({error})") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"{name}: not a GeoJSON FeatureCollection with features")
    codes: list[str] = []
    geometries: list[BaseGeometry] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = next((properties[p] for p in CODE_PROPERTIES if properties.get(p)), None)
        if code is None:
            raise BoundaryError(f"{name}: feature {number} has no area code ({CODE_PROPERTIES[0]})")
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BoundaryError(
                f"{name}: feature {number} ({code}): bad geometry ({error})"
            ) from None
        codes.append(str(code))
        geometries.append(geometry)
    if len(set(codes)) != len(codes):
        raise BoundaryError(f"{name}: an area code appears more than once")
    return Boundaries(name, tuple(codes), tuple(geometries))


def queen_neighbours(
    geometries: tuple[BaseGeometry, ...] | list[BaseGeometry],
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[list[int]]:
    """For each geometry, the sorted indices of the *other* geometries within ``tolerance``.

    Symmetric by construction (distance is), and an area is never its own neighbour here: the
    Gi* self-weight is added by :func:`commonground.spatial.getisord.gi_star`.
    """
    tree = STRtree(list(geometries))
    left, right = tree.query(list(geometries), predicate="dwithin", distance=tolerance)
    neighbours: list[set[int]] = [set() for _ in geometries]
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j:
            neighbours[i].add(j)
            neighbours[j].add(i)
    return [sorted(found) for found in neighbours]
