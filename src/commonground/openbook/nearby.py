"""Open Book's part of the public "Getting Involved near you" page (read by
:mod:`commonground.involved.nearby`): approved talks, by the nearest ward the speaker travels
to (the middle of the ward's boundary); talks given online only have no distance."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _

from commonground.core.geometry import centre
from commonground.core.models import Area
from commonground.services import postcodes

from .models import Format, TalkOffer


@cache
def _ward_middle(ward_id: int) -> tuple[float, float] | None:
    """(latitude, longitude) of a ward's middle, read once per process (boundaries are big)."""
    boundary = Area.objects.filter(pk=ward_id).values_list("boundary", flat=True).first()
    middle = centre(boundary)
    return (middle[1], middle[0]) if middle else None


def things_near(point: tuple[float, float], metres: float | None) -> list[dict]:
    """Approved talks whose speaker travels to a ward within ``metres`` of ``point``, and
    those given online."""
    found = []
    for offer in TalkOffer.objects.public().prefetch_related("wards")[:500]:
        distances = [
            (postcodes.distance_m(point, middle), ward.name)
            for ward in offer.wards.all()
            if (middle := _ward_middle(ward.pk)) is not None
        ]
        nearest = min(distances) if distances else (None, "")
        if nearest[0] is None and offer.format != Format.ONLINE:
            continue
        if metres is not None and nearest[0] is not None and nearest[0] > metres:
            if offer.format == Format.IN_PERSON:
                continue
            nearest = (None, "")  # too far to travel, but it can be given online
        found.append(
            {
                "kind": _("Open Book talk"),
                "title": offer.title,
                "url": offer.get_absolute_url(),
                "when": None,
                "schedule": offer.availability,
                "place": nearest[1] or _("Online"),
                "distance_m": nearest[0],
            }
        )
    return found
