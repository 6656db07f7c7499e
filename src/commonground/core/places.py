"""Turning a point on the map into the LSOA and ward it falls in (boundaries from core.Area).

Several apps need this (a safety report's pin, an ESOL learner's postcode), and an app must not
import another app, so it lives here. The figures those apps publish use the LSOA and ward, never
the point. LSOA polygons are read once per process into a Shapely STRtree and read again when
the set of LSOAs changes (``load-areas``).
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
