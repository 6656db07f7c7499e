"""What the dashboards show, fetched in a fixed number of queries per page.

Every page asks for its observations in one or two queries (never one per indicator),
applies the suppression rule once here, and hands templates plain objects, so pages stay
fast with 80 indicators × 340 areas × 12 years loaded (benchmarks/measures_dashboard.py).
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from commonground.core.models import Area, Pillar
from commonground.core.models.places import AreaLevel
from commonground.measures import rag
from commonground.measures.models import Indicator, Observation
from commonground.measures.models.observation import split_breakdown
from commonground.measures.strategy import current_strategy, district_of
from commonground.measures.suppression import is_suppressed, secondary_withheld, threshold

POINT_FIELDS = (
    "id",
    "indicator_id",
    "area_id",
    "period",
    "period_end",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "version",
    "origin",
)
#: Who published a figure, fetched with it (a join, not a query per figure).
SOURCE_FIELD = "organisation__name"
#: Units whose area figures add up to the District's (people and things counted).
COUNT_UNITS = ("count", "people")
MAP_LEVELS = (AreaLevel.WARD, AreaLevel.MSOA, AreaLevel.LSOA)
AREA_FIELDS = ("id", "code", "name", "level", "parent_id", "population")


@dataclass
class Point:
    """One published figure, after suppression: `value` is None when withheld."""

    id: int
    indicator_id: int
    area_id: int
    period: str
    period_end: date
    breakdown: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    version: int
    origin: str = ""
    source: str = ""  # the organisation that published it (uploads and corrections)
    suppressed: bool = False
    area: Area | None = None
    complement: bool = False  # withheld by the secondary rule, not for being small itself

    @property
    def breakdown_pairs(self) -> list[tuple[str, str]]:
        return split_breakdown(self.breakdown)

    @property
    def breakdown_value(self) -> str:
        pairs = self.breakdown_pairs
        return ", ".join(value.replace("-", " ") for _name, value in pairs)


def make_point(row: dict, unit: str, below: int) -> Point:
    point = Point(**{name: row[name] for name in POINT_FIELDS}, source=row.get(SOURCE_FIELD) or "")
    if is_suppressed(unit, point.value, point.numerator, point.denominator, below=below):
        withhold(point)
    return point


def withhold(point: Point, *, complement: bool = False) -> Point:
    """Remove a point's numbers; `complement` when the secondary rule withholds it."""
    if not point.suppressed:
        point.complement = complement
    point.value = point.numerator = point.denominator = None
    point.suppressed = True
    return point


def withhold_complements(
    found: list[Point], units: dict[int, str], below: int | None = None
) -> list[Point]:
    """Apply the secondary rule to points: withhold those that would give a withheld one away.

    Decided per table (indicator × period) over all its figures, so a page showing a few
    of them withholds exactly what the CSV, the map and the API withhold (0–2 queries).
    """
    tables = {(p.indicator_id, p.period) for p in found if not p.suppressed}
    withheld = secondary_withheld(units, tables, below)
    if withheld:
        for point in found:
            if (point.indicator_id, point.area_id, point.period, point.breakdown) in withheld:
                withhold(point, complement=True)
    return found


def points(
    queryset, units: dict[int, str], below: int | None = None, *, secondary: bool = True
) -> list[Point]:
    """Suppressed points from an Observation queryset (one query, plus the secondary rule's).

    `secondary=False` only where every point is the District's figure for everyone, which
    the secondary rule never withholds (it is never chosen as a complement).
    """
    below = threshold() if below is None else below
    found = [
        make_point(row, units[row["indicator_id"]], below)
        for row in queryset.values(*POINT_FIELDS, SOURCE_FIELD)
    ]
    return withhold_complements(found, units, below) if secondary else found


def home_district() -> Area | None:
    return district_of(current_strategy())


def strategy_pillars() -> list[Pillar]:
    """The current strategy's pillars in order (one query, none without a strategy)."""
    strategy = current_strategy()
    return list(strategy.pillars.order_by("number")) if strategy is not None else []


# -- summaries --------------------------------------------------------------------------


@dataclass
class Summary:
    """An indicator with its latest district figure, change since baseline and RAG rating.

    The one place every page (overview, measure page, Board report, home page cards) takes a
    measure's latest and baseline figures from. A measure published only by breakdown
    (schools not mixed, by phase) has no figure for everyone: its latest figures are
    `parts` (each breakdown's figure in the latest period) and its baseline `baseline_parts`
    (the first period), so it never shows "–" beside a figure another page shows.
    """

    indicator: Indicator
    series: list[Point] = field(default_factory=list)
    latest: Point | None = None
    rating: rag.Rating | None = None
    parts: list[Point] = field(default_factory=list)
    baseline_parts: list[Point] = field(default_factory=list)

    @property
    def shown(self) -> Point | None:
        """The figure a page names the period and source of: the latest, or its first part."""
        return self.latest or (self.parts[0] if self.parts else None)

    @property
    def parts_period(self) -> str:
        return self.parts[0].period if self.parts else ""

    @property
    def baseline_parts_period(self) -> str:
        return self.baseline_parts[0].period if self.baseline_parts else ""

    @property
    def baseline_quoted(self) -> bool:
        """True when the baseline shown is the strategy's figure (it is credited to it)."""
        if self.indicator.baseline_value is not None:
            return self.indicator.baseline_figure_id is not None
        first = self.baseline_parts[0] if self.baseline_parts else None
        first = first or (self.series[0] if self.series else None)
        return first is not None and first.origin == "strategy"

    @property
    def baseline(self) -> tuple[Decimal | None, date | None, str]:
        """(value, date, period): the stated baseline, else the first figure."""
        indicator = self.indicator
        if indicator.baseline_value is not None:
            return indicator.baseline_value, indicator.baseline_date, indicator.baseline_period
        if self.series and self.series[0].value is not None:
            first = self.series[0]
            return first.value, first.period_end, first.period
        return None, None, ""

    @property
    def baseline_value(self) -> Decimal | None:
        return self.baseline[0]

    @property
    def baseline_period(self) -> str:
        return self.baseline[2]

    @property
    def change(self) -> Decimal | None:
        base, base_date, _period = self.baseline
        if base is None or self.latest is None or self.latest.value is None:
            return None
        if base_date and self.latest.period_end <= base_date:
            return None
        return self.latest.value - base

    @property
    def to_target(self) -> Decimal | None:
        target = self.indicator.target_value
        if target is None or self.latest is None or self.latest.value is None:
            return None
        return target - self.latest.value


def summaries(
    indicators: list[Indicator], district: Area | None, *, until: date | None = None
) -> list[Summary]:
    """Latest district figure and rating of each indicator: one query for all of them."""
    units = {i.pk: i.unit for i in indicators}
    series: dict[int, list[Point]] = defaultdict(list)
    if district is not None and indicators:
        queryset = (
            Observation.objects.current().totals().filter(area=district, indicator_id__in=units)
        )
        if until is not None:
            queryset = queryset.filter(period_end__lte=until)
        # The District's figures for everyone: never complements, so primary rule only.
        for point in points(queryset.order_by("period_end"), units, secondary=False):
            series[point.indicator_id].append(point)
    split = _split_series(indicators, district, series, until)
    result = []
    for indicator in indicators:
        line = series.get(indicator.pk, [])
        latest = line[-1] if line else None
        baseline, baseline_date = indicator.baseline_value, indicator.baseline_date
        if baseline is None and line and line[0].value is not None:
            # No baseline stated: the first figure is where the measure started from.
            baseline, baseline_date = line[0].value, line[0].period_end
        rating = rag.rate(
            direction=indicator.direction,
            baseline=baseline,
            latest=latest.value if latest else None,
            target=indicator.target_value,
            baseline_date=baseline_date,
            latest_date=latest.period_end if latest else None,
            target_date=indicator.target_date,
        )
        parts = split.get(indicator.pk, [])
        if not line and parts:  # rated only on a figure for everyone, which it has not
            rating = rag.Rating(rag.Status.NONE, "by_group")
        latest_parts = [p for p in parts if parts and p.period == parts[-1].period]
        first_parts = [p for p in parts if parts and p.period == parts[0].period]
        result.append(Summary(indicator, line, latest, rating, latest_parts, first_parts))
    return result


def _split_series(
    indicators: list[Indicator],
    district: Area | None,
    series: dict[int, list[Point]],
    until: date | None,
) -> dict[int, list[Point]]:
    """District figures by breakdown of the measures that have no figure for everyone.

    One query, only when there are such measures; ordered by period, then breakdown.
    """
    wanted = {i.pk: i.unit for i in indicators if i.pk not in series}
    if district is None or not wanted:
        return {}
    queryset = (
        Observation.objects.current()
        .filter(area=district, indicator_id__in=wanted)
        .exclude(breakdown="")
    )
    if until is not None:
        queryset = queryset.filter(period_end__lte=until)
    split: dict[int, list[Point]] = defaultdict(list)
    for point in points(queryset.order_by("period_end", "breakdown"), wanted):
        split[point.indicator_id].append(point)
    return split


#: Why a measure is not rated, in the order the explanation lists them (reason codes of
#: rag.rate, and "by_group" for measures published only by breakdown).
NOT_RATED_REASONS = ("no_direction", "no_baseline", "no_new_figure", "by_group")


@dataclass
class NotRated:
    """How many of a page's measures are not rated, and why: said once per page."""

    total: int
    reasons: list[tuple[str, int]]

    @property
    def count(self) -> int:
        return sum(n for _reason, n in self.reasons)


def not_rated(items: list[Summary]) -> NotRated:
    """Count the unrated measures by the part of the rule they miss."""
    counts = {reason: 0 for reason in NOT_RATED_REASONS}
    for item in items:
        if item.rating is not None and item.rating.status == rag.Status.NONE:
            counts[item.rating.reason] = counts.get(item.rating.reason, 0) + 1
    return NotRated(len(items), [(reason, n) for reason, n in counts.items() if n])


@dataclass
class PillarGroup:
    pillar: Pillar | None
    items: list[Summary]

    @property
    def counts(self) -> dict[str, int]:
        counts = {status.value: 0 for status in rag.Status}
        for item in self.items:
            counts[item.rating.status.value] += 1
        return counts


def by_pillar(items: list[Summary], pillars: Iterable[Pillar] = ()) -> list[PillarGroup]:
    """Summaries grouped by pillar; `pillars` adds those with no measure yet (the report
    covers every pillar of the strategy, saying where nothing is measured)."""
    groups: dict[int | None, PillarGroup] = {p.pk: PillarGroup(p, []) for p in pillars}
    for item in items:
        pillar = item.indicator.pillar
        key = pillar.pk if pillar else None
        groups.setdefault(key, PillarGroup(pillar, [])).items.append(item)
    return sorted(
        groups.values(), key=lambda g: (g.pillar is None, g.pillar.number if g.pillar else 0)
    )


def published_indicators() -> list[Indicator]:
    return list(Indicator.objects.published().for_pages())


# -- one indicator ----------------------------------------------------------------------


@dataclass
class MapData:
    level: str
    period: str
    periods: list[str]
    areas: list[Area]
    values: dict[int, Point]
    breakdown: str = ""
    breakdowns: list[str] = field(default_factory=list)
    district: Point | None = None  # the District's figure for the same period and breakdown

    @property
    def sources(self) -> list[str]:
        """Who published the figures on the map (partners, else the measure's source)."""
        return sorted({p.source for p in self.values.values() if p.source})

    @property
    def total(self) -> Decimal | None:
        """The areas' figures added up, for counts with every figure shown; else None."""
        shown = list(self.values.values())
        if not shown or any(p.value is None for p in shown):
            return None
        return sum((p.value for p in shown), Decimal(0))

    @property
    def adds_up(self) -> bool | None:
        """Whether the areas' counts add up to the District's figure (None: not comparable)."""
        if self.total is None or self.district is None or self.district.value is None:
            return None
        return self.total == self.district.value


def indicator_map(
    indicator: Indicator,
    period: str | None = None,
    breakdown: str | None = None,
    *,
    district: Area | None = None,
) -> MapData | None:
    """Figures for the finest level with data (wards first), for one period (latest).

    An indicator published only by breakdown (a composition, e.g. share of residents by
    religion) is mapped one breakdown value at a time: `breakdown`, else the first one.
    """
    base = Observation.objects.current().filter(indicator=indicator, area__level__in=MAP_LEVELS)
    available = set(base.values_list("area__level", "breakdown").distinct())
    if not available:
        return None
    keys = sorted({key for _level, key in available})
    chosen_key = breakdown if breakdown in keys else ("" if "" in keys else keys[0])
    level = next(lv for lv in MAP_LEVELS if (lv, chosen_key) in available or lv == MAP_LEVELS[-1])
    at_level = base.filter(area__level=level, breakdown=chosen_key)
    periods = list(dict.fromkeys(at_level.order_by("-period_end").values_list("period", flat=True)))
    if not periods:
        return None
    chosen = period if period in periods else periods[0]
    values = {
        p.area_id: p for p in points(at_level.filter(period=chosen), {indicator.pk: indicator.unit})
    }
    areas = list(
        Area.objects.filter(level=level, boundary__isnull=False)
        .only(*AREA_FIELDS, "boundary")
        .order_by("name")
    )
    whole = None
    if district is not None and indicator.unit in COUNT_UNITS:
        found = points(
            Observation.objects.current().filter(
                indicator=indicator, area=district, period=chosen, breakdown=chosen_key
            ),
            {indicator.pk: indicator.unit},
            secondary=False,
        )
        whole = found[0] if found else None
    return MapData(level, chosen, periods, areas, values, chosen_key, keys, whole)


@dataclass
class BreakdownGroup:
    dimension: str
    points: list[Point]


def indicator_breakdowns(
    indicator: Indicator, area: Area | None
) -> tuple[str, list[BreakdownGroup]]:
    """The latest period's figures by breakdown for the district, grouped by dimension."""
    if area is None:
        return "", []
    queryset = (
        Observation.objects.current().filter(indicator=indicator, area=area).exclude(breakdown="")
    )
    latest = queryset.order_by("-period_end").values_list("period", flat=True).first()
    if latest is None:
        return "", []
    groups: dict[str, list[Point]] = defaultdict(list)
    for point in points(
        queryset.filter(period=latest).order_by("breakdown"), {indicator.pk: indicator.unit}
    ):
        pairs = point.breakdown_pairs
        dimension = " × ".join(name for name, _value in pairs)
        groups[dimension].append(point)
    return latest, [BreakdownGroup(name, items) for name, items in sorted(groups.items())]


def indicator_history(indicator: Indicator, limit: int = 100) -> list[Observation]:
    """Figures that have been corrected: every version of them, newest change first."""
    keys = (
        Observation.objects.filter(indicator=indicator, version__gt=1)
        .order_by("-created_at")
        .values_list("area_id", "period", "breakdown")[:limit]
    )
    if not keys:
        return []
    rows = Observation.objects.filter(
        indicator=indicator,
        area_id__in={k[0] for k in keys},
        period__in={k[1] for k in keys},
    ).select_related("area", "organisation", "upload")
    wanted = set(keys)
    return sorted(
        (r for r in rows if (r.area_id, r.period, r.breakdown) in wanted),
        key=lambda r: (r.period_end, r.area.name, r.breakdown, -r.version),
        reverse=False,
    )


def figure_versions(
    indicator: Indicator, area: Area, period: str, breakdown: str
) -> list[Observation]:
    return list(
        Observation.objects.filter(
            indicator=indicator, area=area, period=period, breakdown=breakdown
        )
        .select_related("organisation", "upload", "created_by")
        .order_by("-version")
    )


# -- one area ---------------------------------------------------------------------------


@dataclass
class AreaRow:
    """One line of a ward profile: a measure's latest figure here and the District's.

    `breakdown` is set for measures published only by breakdown (no figure for everyone in
    the ward): they get one line per breakdown value of their latest period instead.
    """

    indicator: Indicator
    here: Point | None
    district: Point | None
    first: Point | None
    breakdown: str = ""

    @property
    def difference(self) -> Decimal | None:
        """Ward minus District, for rates and shares; None for counts (see `share_of_district`)."""
        if self.here is None or self.district is None or self.indicator.unit in COUNT_UNITS:
            return None
        if self.here.value is None or self.district.value is None:
            return None
        return self.here.value - self.district.value

    @property
    def share_of_district(self) -> Decimal | None:
        """A count's ward figure as a percentage of the District's for the same period.

        A ward's count is part of the District's, so "80 against 2,220" is not a difference
        to report: the ward's share of the whole is.
        """
        if self.here is None or self.district is None or self.indicator.unit not in COUNT_UNITS:
            return None
        if self.here.value is None or not self.district.value:
            return None
        return self.here.value / self.district.value * 100


def area_rows(area: Area, district: Area | None, indicators: list[Indicator]) -> list[AreaRow]:
    """Each indicator's latest figure here and the district's for the same period.

    Figures for everyone come first (one query); measures with none here but figures by
    breakdown (community, age, sex …) show each breakdown's latest value (one more query,
    only when there are such measures), so no measure with data for the ward is dropped.
    The secondary suppression rule is applied to the figures shown (0–2 queries).
    """
    units = {i.pk: i.unit for i in indicators}
    ids = [area.pk] + ([district.pk] if district and district.pk != area.pk else [])
    here: dict[int, list[Point]] = defaultdict(list)
    there: dict[tuple[int, str, str], Point] = {}
    current = Observation.objects.current().filter(area_id__in=ids)
    queryset = current.totals().filter(indicator_id__in=units).order_by("period_end")
    for point in points(queryset, units, secondary=False):
        if point.area_id == area.pk:
            here[point.indicator_id].append(point)
        else:
            there[(point.indicator_id, point.period, "")] = point
    split: dict[int, list[Point]] = defaultdict(list)
    missing = [pk for pk in units if pk not in here]
    if missing:
        rows = current.filter(indicator_id__in=missing).exclude(breakdown="")
        for point in points(rows.order_by("period_end", "breakdown"), units, secondary=False):
            if point.area_id == area.pk:
                split[point.indicator_id].append(point)
            else:
                there[(point.indicator_id, point.period, point.breakdown)] = point
    result: list[AreaRow] = []
    for indicator in indicators:
        if series := here.get(indicator.pk):
            latest = series[-1]
            result.append(
                AreaRow(indicator, latest, there.get((indicator.pk, latest.period, "")), series[0])
            )
        elif parts := split.get(indicator.pk):
            period = parts[-1].period
            for point in (p for p in parts if p.period == period):
                district_point = there.get((indicator.pk, period, point.breakdown))
                result.append(AreaRow(indicator, point, district_point, None, point.breakdown))
    shown = [p for row in result for p in (row.here, row.district) if p is not None]
    withhold_complements(shown, units)
    return result


IMD_FILE = "imd2019/imd2019_domains_bradford_lsoa11.csv"
IMD_DOMAINS = {
    "imd": "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    "income": "Income Decile (where 1 is most deprived 10% of LSOAs)",
    "employment": "Employment Decile (where 1 is most deprived 10% of LSOAs)",
    "education": "Education, Skills and Training Decile (where 1 is most deprived 10% of LSOAs)",
    "health": "Health Deprivation and Disability Decile (where 1 is most deprived 10% of LSOAs)",
    "crime": "Crime Decile (where 1 is most deprived 10% of LSOAs)",
    "housing": "Barriers to Housing and Services Decile (where 1 is most deprived 10% of LSOAs)",
    "environment": "Living Environment Decile (where 1 is most deprived 10% of LSOAs)",
}
IMD_RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"


@cache
def imd_deciles(path: Path | None = None) -> dict[str, dict[str, int]]:
    """LSOA (2011) code → {"imd": decile, "rank": rank, "income": …}: read once per process."""
    path = path or settings.SHARED_DIR / "data" / "uk" / IMD_FILE
    if not path.exists():
        return {}
    result = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = {
                key: int(row[column]) for key, column in IMD_DOMAINS.items() if row.get(column)
            }
            entry["rank"] = int(row[IMD_RANK].replace(",", ""))
            result[row["LSOA code (2011)"]] = entry
    return result


@dataclass
class Deprivation:
    lsoas: list[tuple[Area, dict[str, int] | None]]
    most_deprived: int  # LSOAs in England's most deprived 10%
    matched: int


def area_deprivation(area: Area) -> Deprivation | None:
    """IMD 2019 deciles of the area's LSOAs (IMD uses 2011 LSOAs; most codes are unchanged)."""
    lsoas = list(
        Area.objects.filter(parent=area, level=AreaLevel.LSOA).only(*AREA_FIELDS).order_by("name")
    )
    if not lsoas:
        return None
    deciles = imd_deciles()
    rows = [(lsoa, deciles.get(lsoa.code)) for lsoa in lsoas]
    matched = [entry for _lsoa, entry in rows if entry]
    return Deprivation(rows, sum(1 for entry in matched if entry.get("imd") == 1), len(matched))


# -- late data --------------------------------------------------------------------------


@dataclass
class Late:
    indicator: Indicator
    owner: str
    latest_period: date | None  # when the latest figure's period ended
    due: date
    days_late: int


def late_indicators(today: date | None = None) -> list[Late]:
    """Partner-owned indicators whose next figure is overdue (two queries)."""
    today = today or timezone.localdate()
    indicators = list(
        Indicator.objects.filter(owner__isnull=False).select_related("owner").order_by("name")
    )
    latest = dict(
        Observation.objects.current()
        .filter(indicator__in=indicators)
        .values("indicator_id")
        .annotate(end=Max("period_end"))
        .values_list("indicator_id", "end")
    )
    result = []
    for indicator in indicators:
        due = indicator.next_due(latest.get(indicator.pk), today)
        if due is not None and due < today:
            result.append(
                Late(
                    indicator,
                    indicator.owner.name,
                    latest.get(indicator.pk),
                    due,
                    (today - due).days,
                )
            )
    return sorted(result, key=lambda r: -r.days_late)
