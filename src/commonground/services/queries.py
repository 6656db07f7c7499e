"""Reads for the resident search pages: one function, shared by the page and the printable list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.db.models import F, Prefetch, Q, QuerySet

from . import postcodes
from .models import (
    Attribute,
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_GROUPS = {"weekdays": DAYS[:5], "weekend": DAYS[5:], **{day: (day,) for day in DAYS}}
"""What the search's "day" may be: one day, or weekdays / the weekend (any one of them)."""

PARTS_OF_DAY = {
    "morning": (None, time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), None),
}
"""Parts of the day as (from, until): a morning session is one that opens before noon."""


def time_window(
    part: str = "", after: time | None = None, before: time | None = None
) -> tuple[time | None, time | None]:
    """The stretch of the day a resident asked for: a part of the day narrowed by "open after"
    and "open before" (the later start and the earlier end win). None means unbounded."""
    start, end = PARTS_OF_DAY.get(part, (None, None))
    if after is not None:
        start = after if start is None else max(start, after)
    if before is not None:
        end = before if end is None else min(end, before)
    return start, end


PREVIOUS_DAY = {day: DAYS[n - 1] for n, day in enumerate(DAYS)}
"""The day before each day (Monday's is Sunday): a session past midnight runs into the next."""

MIDNIGHT = time(0)


def _on_days(days) -> Q:
    on_day = Q()
    for code in days:
        on_day |= Q(byday__contains=code)
    return on_day


def schedules_matching(
    day: str = "", start: time | None = None, end: time | None = None
) -> QuerySet:
    """Schedules running on the day (or any day of the group) and open for some of the window.

    A session is open in the window when it opens before the window ends and closes after it
    starts, so "Tuesday after 17:00" finds a Tuesday class running 16:00–19:00 and not one
    closing at 17:00. A schedule without times cannot be said to fit a time and is left out
    once a time is asked for; ones without days are left out once a day is asked for.

    A session that closes earlier than it opens runs past midnight (Friday 22:00–02:00): it is
    two stretches, its own day from the opening time to midnight and the next day from
    midnight to the closing time, so "Saturday 01:00" finds it through its Friday row.
    """
    days = DAY_GROUPS.get(day, ())
    overnight = Q(closes_at__lt=F("opens_at"))
    same_day = (
        Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gte=F("opens_at"))
    )
    if days:
        same_day &= _on_days(days)
    if end is not None:
        same_day &= Q(opens_at__lt=end)
    if start is not None:
        same_day &= Q(closes_at__gt=start)
    # The evening stretch, on the session's own day: open until midnight, so only its opening
    # time can miss the window.
    evening = overnight & (_on_days(days) if days else Q())
    if end is not None:
        evening &= Q(opens_at__lt=end)
    # The early-hours stretch, on the day after: from midnight, so only its closing time can
    # miss the window (a session "until 00:00" has no stretch the next day).
    early = overnight & Q(closes_at__gt=start if start is not None else MIDNIGHT)
    if days:
        early &= _on_days({PREVIOUS_DAY[d] for d in days})
    conditions = same_day | evening
    if end is None or end > MIDNIGHT:
        conditions |= early
    return Schedule.objects.filter(conditions)


NOT_ACTIVE = [status for status in ServiceStatus.values if status != ServiceStatus.ACTIVE]


@dataclass
class Result:
    service: Service
    distance_m: float | None = None
    places: list = field(default_factory=list)

    @property
    def km(self) -> float | None:
        """Distance in kilometres to one decimal place, for people rather than machines."""
        return None if self.distance_m is None else round(self.distance_m / 1000, 1)


def search(
    *,
    text: str = "",
    term_id=None,
    language: str = "",
    ward_code: str = "",
    postcode: str = "",
    within_m: int = 5000,
    free_only: bool = False,
    day: str = "",
    part: str = "",
    after: time | None = None,
    before: time | None = None,
    limit: int = 200,
    contacts: bool = False,
) -> tuple[list[Result], tuple[float, float] | None]:
    """Active services matching every criterion given; nearest first when a postcode is given.

    Returns the results and the postcode's centroid (None when no postcode, or an unknown one).
    ``contacts`` also loads each service's contacts and phones (the downloads show them; the
    page does not, so it does not pay for them).
    """
    rows: QuerySet = Service.objects.all()
    # Each criterion is a subquery on ids, so no join multiplies rows and no DISTINCT is needed.
    if text:
        rows = rows.search(text)
    if term_id:
        # The term and its children first (a handful of ids), so the attribute lookup uses the
        # term index rather than scanning every attribute joined to its term.
        term_ids = list(
            TaxonomyTerm.objects.filter(Q(pk=term_id) | Q(parent_id=term_id)).values_list(
                "pk", flat=True
            )
        )
        rows = rows.filter(
            id__in=Attribute.objects.filter(taxonomy_term_id__in=term_ids).values("service_id")
        )
    if language:
        rows = rows.filter(id__in=Language.objects.filter(code=language).values("service_id"))
    if ward_code:
        rows = rows.filter(
            id__in=ServiceAtLocation.objects.filter(location__ward__code=ward_code).values(
                "service_id"
            )
        )
    if free_only:
        rows = rows.filter(id__in=CostOption.objects.filter(amount=0).values("service_id")).exclude(
            id__in=CostOption.objects.filter(amount__gt=0).values("service_id")
        )
    start, end = time_window(part, after, before)
    if day in DAY_GROUPS or start is not None or end is not None:
        # Day and time are checked on the same schedule row: a Saturday-morning and
        # Tuesday-evening service is not a "Saturday evening" one.
        rows = rows.filter(
            id__in=schedules_matching(day if day in DAY_GROUPS else "", start, end).values(
                "service_id"
            )
        )
    point = postcodes.centroid(postcode) if postcode else None
    distances: dict = {}
    if point:
        # Nearest first: rank candidates from coordinates alone, then load only the page.
        min_lat, max_lat, min_lon, max_lon = postcodes.bounding_box(point, within_m)
        # "Not one of the other statuses" rather than "status = active": nearly every service
        # is active, but SQLite without statistics (no ANALYZE) takes the equality for a
        # selective index and walks every service through it; this way it starts from the
        # criteria (a need's few thousand services) and finds each by its key. No ordering:
        # the distances order the results.
        for service_id, lat, lon in (
            ServiceAtLocation.objects.filter(
                service__in=rows.exclude(status__in=NOT_ACTIVE),
                location__latitude__range=(min_lat, max_lat),
                location__longitude__range=(min_lon, max_lon),
            )
            .order_by()
            .values_list("service_id", "location__latitude", "location__longitude")
        ):
            metres = postcodes.distance_m(point, (lat, lon))
            if metres <= within_m and metres < distances.get(service_id, float("inf")):
                distances[service_id] = metres
        nearest = sorted(distances, key=distances.get)[:limit]
        # These ids already passed every criterion: fetch them by primary key alone, so the
        # database does not re-run the criteria over the whole directory.
        rows = Service.objects.filter(id__in=nearest)
    else:
        rows = rows.filter(status=ServiceStatus.ACTIVE)
    rows = (
        rows.select_related("organization")
        .prefetch_related(
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location__ward"
                ).prefetch_related("location__addresses"),
            ),
            "schedules",
            "languages",
            "cost_options",
            *(["contacts__phones"] if contacts else []),
        )
        .order_by("name")
    )
    results = [
        Result(
            service=service,
            distance_m=distances.get(service.pk),
            places=[sal.location for sal in service.service_at_locations.all()],
        )
        for service in rows[:limit]
    ]
    if point:
        results.sort(key=lambda r: r.distance_m)
    return results[:limit], point
