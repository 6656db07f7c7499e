"""Plane geometry for drawing GeoJSON boundaries as SVG, with no Django and no GIS library.

At a district's scale (tens of km) an equirectangular projection scaled by cos(latitude) is
indistinguishable from the national grid, so every map the platform draws (ward pages,
choropleths) shares this one projection.
"""

import math
from collections.abc import Iterable, Sequence

# km per degree of latitude; a degree of longitude is this times cos(latitude).
KM_PER_DEGREE = 111.2


def rings(geometry: dict | None) -> list[list[Sequence[float]]]:
    """All linear rings of a Polygon or MultiPolygon (exteriors and holes alike)."""
    if not geometry:
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coordinates)
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    if kind == "GeometryCollection":
        return [ring for part in geometry.get("geometries", []) for ring in rings(part)]
    return []


class Projection:
    """Equirectangular projection scaled by cos(latitude) and fitted to an SVG viewBox.

    At a district's size (tens of km) this is indistinguishable from the national grid
    and needs no projection library.
    """

    def __init__(self, rings: Iterable[Sequence[Sequence[float]]], width: float, pad: float):
        lons = [p[0] for ring in rings for p in ring]
        lats = [p[1] for ring in rings for p in ring]
        self.min_lon, self.max_lon = min(lons), max(lons)
        self.min_lat, self.max_lat = min(lats), max(lats)
        self.kx = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        span_x = max((self.max_lon - self.min_lon) * self.kx, 1e-9)
        span_y = max(self.max_lat - self.min_lat, 1e-9)
        self.scale = (width - 2 * pad) / span_x
        self.pad = pad
        self.width = width
        self.height = span_y * self.scale + 2 * pad
        self.km_x = span_x * KM_PER_DEGREE
        self.km_y = span_y * KM_PER_DEGREE

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.pad + (lon - self.min_lon) * self.kx * self.scale
        y = self.pad + (self.max_lat - lat) * self.scale
        return x, y

    def path(self, geometry: dict | None) -> str:
        """SVG path data, dropping points closer than half a unit to the last one kept."""
        parts = []
        for ring in rings(geometry):
            kept: list[tuple[float, float]] = []
            for lon, lat, *_rest in ring:
                x, y = self.point(lon, lat)
                if kept and abs(x - kept[-1][0]) < 0.5 and abs(y - kept[-1][1]) < 0.5:
                    continue
                kept.append((x, y))
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
        return "".join(parts)


def area_km2(geometry: dict | None) -> float:
    """Area in km² (shoelace on the local projection; holes subtract)."""
    total = 0.0
    if not geometry:
        return total
    polygons = (
        [geometry["coordinates"]]
        if geometry.get("type") == "Polygon"
        else geometry.get("coordinates", [])
        if geometry.get("type") == "MultiPolygon"
        else []
    )
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            if len(ring) < 3:
                continue
            kx = math.cos(math.radians(ring[0][1]))
            s = 0.0
            for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
                s += (x1 * kx) * y2 - (x2 * kx) * y1
            ring_area = abs(s) / 2 * KM_PER_DEGREE**2
            total += ring_area if index == 0 else -ring_area
    return total


def centre(geometry: dict | None) -> tuple[float, float] | None:
    points = [p for ring in rings(geometry) for p in ring]
    if not points:
        return None
    return (
        (min(p[0] for p in points) + max(p[0] for p in points)) / 2,
        (min(p[1] for p in points) + max(p[1] for p in points)) / 2,
    )
