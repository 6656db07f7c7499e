"""The challenges' part of the public "Getting Involved near you" page (read by
:mod:`commonground.involved.nearby`): published challenges, by their nearest venue; those done
anywhere (a shared meal, a reflection) have no distance."""

from __future__ import annotations

from django.utils.translation import gettext as _

from commonground.services import postcodes

from .models import Challenge


def things_near(point: tuple[float, float], metres: float | None) -> list[dict]:
    """Published challenges with a venue within ``metres`` of ``point``, and those without
    venues (done anywhere, no distance)."""
    found = []
    for challenge in Challenge.objects.filter(is_published=True).prefetch_related("venues")[:500]:
        distances = [
            (postcodes.distance_m(point, where), venue.name)
            for venue in challenge.venues.all()
            if (where := postcodes.centroid(venue.postcode)) is not None
        ]
        if challenge.venues.all() and not distances:
            continue  # venues we cannot place: not shown as "anywhere"
        nearest = min(distances) if distances else (None, "")
        if metres is not None and nearest[0] is not None and nearest[0] > metres:
            continue
        found.append(
            {
                "kind": _("Mixing challenge"),
                "title": challenge.title,
                "url": challenge.get_absolute_url(),
                "when": None,
                "schedule": "",
                "place": nearest[1],
                "distance_m": nearest[0],
            }
        )
    return found
