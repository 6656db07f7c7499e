"""ESOL need against provision by ward: where people who cannot speak English well live, who
waits for a class, and where the places are — so the unit sees the gaps (issue 14, part 3).

The census counts people who cannot speak English well or at all by MSOA (Census 2021,
TS029), which Measures already loads as the numerator of ``english-not-spoken-well-share``.
MSOAs do not nest in wards, so each MSOA's count is shared out over its LSOAs (the areas'
``statistical_parent``) in equal parts and summed by each LSOA's ward: an estimate, said so
on the page, and better than a figure at a level the unit does not plan at.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commonground.core import audit
from commonground.core.models import Area

from . import events
from .models import EsolClass, EsolNeed
from .models.esol import HOLDING

CENSUS_INDICATOR = "english-not-spoken-well-share"
WAITING_INDICATOR = "esol-learners-waiting"
PLACES_INDICATOR = "esol-class-places-free"


@dataclass(frozen=True)
class WardGap:
    """One ward's row: the census estimate beside the unit's own records."""

    ward: Area
    census_need: int | None  # people who cannot speak English well or at all (estimate)
    waiting: int
    places_left: int

    @property
    def unmet(self) -> int:
        """Learners waiting beyond the free places in the ward (0 when places suffice)."""
        return max(0, self.waiting - self.places_left)

    @property
    def places_per_100(self) -> float | None:
        """Free places per 100 people the census finds in need: the provision gap."""
        if not self.census_need:
            return None
        return 100 * self.places_left / self.census_need


def census_need_by_ward() -> dict[int, float]:
    """Ward id → estimated people who cannot speak English well (MSOA counts shared by LSOA)."""
    from commonground.measures.models import Observation

    counts = dict(
        Observation.objects.current()
        .totals()
        .filter(indicator__slug=CENSUS_INDICATOR, area__level="msoa")
        .exclude(numerator=None)
        .values_list("area_id", "numerator")
    )
    if not counts:
        return {}
    lsoas: dict[int, list[int | None]] = defaultdict(list)
    for msoa_id, ward_id in (
        Area.objects.lsoas()
        .filter(statistical_parent_id__in=counts)
        .values_list("statistical_parent_id", "parent_id")
    ):
        lsoas[msoa_id].append(ward_id)
    need: dict[int, float] = defaultdict(float)
    for msoa_id, count in counts.items():
        wards = lsoas.get(msoa_id, [])
        for ward_id in wards:
            if ward_id is not None:
                need[ward_id] += float(count) / len(wards)
    return dict(need)


def waiting_by_ward() -> Counter:
    """Ward id (None: not given) → learners on the waiting list (no open or finished place)."""
    placed = EsolNeed.objects.filter(placements__state__in=[*HOLDING, "completed"]).values("pk")
    return Counter(EsolNeed.objects.exclude(pk__in=placed).values_list("ward_id", flat=True))


def places_by_ward() -> Counter:
    """Ward id → free places on classes held there (a class at several venues counts once each)."""
    table: Counter = Counter()
    classes = EsolClass.objects.prefetch_related("service__service_at_locations__location")
    for esol_class in classes:
        wards = {s.location.ward_id for s in esol_class.service.service_at_locations.all()}
        for ward in wards or {None}:
            table[ward] += esol_class.places_left()
    return table


@dataclass(frozen=True)
class Venue:
    """A place where ESOL classes are held, for the gaps map's dots and the table beside it."""

    number: int
    name: str
    ward: str
    classes: tuple[str, ...]
    places_left: int
    latitude: float | None
    longitude: float | None


def venues() -> list[Venue]:
    """Every venue holding an ESOL class, with the classes and their free places (numbered as
    on the map; venues without coordinates are listed but not drawn)."""
    found: dict = {}
    classes = EsolClass.objects.select_related("service").prefetch_related(
        "service__service_at_locations__location__ward", "placements"
    )
    for esol_class in classes:
        left = max(
            0,
            esol_class.capacity - sum(1 for p in esol_class.placements.all() if p.state in HOLDING),
        )
        for sal in esol_class.service.service_at_locations.all():
            entry = found.setdefault(sal.location.pk, [sal.location, [], 0])
            entry[1].append(esol_class.service.local_name)
            entry[2] += left
    rows = sorted(found.values(), key=lambda e: (e[0].ward.name if e[0].ward else "~", e[0].name))
    return [
        Venue(
            number=n,
            name=location.local_name,
            ward=location.ward.name if location.ward else "",
            classes=tuple(sorted(set(names))),
            places_left=left,
            latitude=location.latitude,
            longitude=location.longitude,
        )
        for n, (location, names, left) in enumerate(rows, start=1)
    ]


def gaps() -> list[WardGap]:
    """Every ward, largest unmet need first (then the fewest places per person in need)."""
    need, waiting, places = census_need_by_ward(), waiting_by_ward(), places_by_ward()
    rows = [
        WardGap(
            ward=ward,
            census_need=round(need[ward.pk]) if ward.pk in need else None,
            waiting=waiting.get(ward.pk, 0),
            places_left=places.get(ward.pk, 0),
        )
        for ward in Area.objects.wards().order_by("name")
    ]
    return sorted(
        rows,
        key=lambda r: (-r.unmet, r.places_per_100 if r.places_per_100 is not None else 1e9),
    )


def publish_to_measures(*, actor, day: date | None = None) -> dict[str, int]:
    """Learners waiting and free class places by ward for the quarter of ``day`` (default today)."""
    from commonground.measures.actions import Figure, record_figures
    from commonground.measures.models import Indicator
    from commonground.measures.models.observation import ObservationOrigin
    from commonground.measures.validation import parse_period

    if not actor.has_perm("services.esol_publish_figures"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    day = day or timezone.localdate()
    period = parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    specs = {
        WAITING_INDICATOR: ("Adults waiting for an ESOL class", "lower", waiting_by_ward()),
        PLACES_INDICATOR: ("Free places on ESOL classes", "higher", places_by_ward()),
    }
    wards = list(Area.objects.wards().values_list("pk", flat=True))
    counts = {}
    with transaction.atomic():
        for slug, (name, direction, table) in specs.items():
            indicator, _created = Indicator.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "definition": f"{name}, from the ESOL central unit's records, by ward.",
                    "unit": "count",
                    "decimal_places": 0,
                    "direction": direction,
                    "is_published": False,  # an officer publishes it in Measures
                    "area_levels": ["ward"],
                    "source": "ESOL central unit",
                },
            )
            figures = [
                Figure(
                    indicator_id=indicator.pk,
                    area_id=ward,
                    period=period,
                    breakdown="",
                    value=Decimal(table.get(ward, 0)),
                    note="ESOL central unit",
                )
                for ward in wards
            ]
            result = record_figures(figures, origin=ObservationOrigin.SERVICES, user=actor)
            counts[slug] = result.created + result.corrected
        audit.record(
            events.ESOL_FIGURES_PUBLISHED,
            actor=actor,
            data={"period": period.code, **counts},
        )
    return counts
