"""Save a district's areas into the database: one transaction, idempotent."""

from collections.abc import Callable

from django.db import transaction

from commonground.core import audit
from commonground.core.areas.sources import DistrictAreas
from commonground.core.models import Area


@transaction.atomic
def load_district(
    areas: DistrictAreas, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Create or update every area; returns counts by level.

    Parents are saved first so each child can point at its parent, and areas already in
    the database keep their primary keys, so measures and proposals that cite them survive.
    """
    saved: dict[str, Area] = {}
    counts: dict[str, int] = {}
    for record in areas.all():
        area, _ = Area.objects.update_or_create(
            code=record.code,
            defaults={
                "name": record.name,
                "level": record.level,
                "vintage": record.vintage,
                "parent": saved.get(record.parent_code) if record.parent_code else None,
                "boundary": record.boundary,
                "boundary_source": record.boundary_source,
                "population": record.population,
            },
        )
        saved[record.code] = area
        counts[record.level] = counts.get(record.level, 0) + 1
        if progress:
            progress(1)
    for record in areas.lsoas:
        if record.statistical_parent_code in saved:
            Area.objects.filter(code=record.code).update(
                statistical_parent=saved[record.statistical_parent_code]
            )
    audit.record(
        "areas.loaded",
        obj=saved[areas.district.code],
        data={"counts": counts},
        actor_label="load-areas",
    )
    return counts
