"""Turning a point on the map into the LSOA and ward it falls in (boundaries from core.Area).

The point itself is sealed on the report and seen only by caseworkers; the LSOA and ward are
what the figures and hotspots use. LSOA polygons are read once per process into a Shapely
STRtree and read again when the set of LSOAs changes (``load-areas``).
"""

from __future__ import annotations

from django.db.models import Count, Max
from shapely import STRtree
from shapely.geometry import Point, shape

from commonground.core.models import Area

_CACHE: dict[str, object] = {}


def _tree() -> tuple[STRtree | None, list[int], list]:
    state = (
        Area.objects.lsoas().filter(boundary__isnull=False).aggregate(n=Count("id"), m=Max("id"))
    )
    if _CACHE.get("state") != state:
        ids, geometries = [], []
        for pk, boundary in (
            Area.objects.lsoas().filter(boundary__isnull=False).values_list("pk", "boundary")
        ):
            try:
                geometries.append(shape(boundary))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            ids.append(pk)
        _CACHE.update(
            state=state, tree=STRtree(geometries) if geometries else None, ids=ids, geoms=geometries
        )
    return _CACHE["tree"], _CACHE["ids"], _CACHE["geoms"]  # type: ignore[return-value]


def locate(latitude: float, longitude: float) -> tuple[Area | None, Area | None]:
    """(LSOA, ward) containing the point, or (None, None) outside every loaded LSOA."""
    tree, ids, _geoms = _tree()
    if tree is None:
        return None, None
    hits = tree.query(Point(longitude, latitude), predicate="intersects")
    if len(hits) == 0:
        return None, None
    lsoa = Area.objects.select_related("parent").get(pk=ids[int(min(hits))])
    ward = lsoa.parent if lsoa.parent is not None and lsoa.parent.level == "ward" else None
    return lsoa, ward


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
