"""Small-number suppression: the one rule every public output applies before showing a figure.

Rule (documented on every indicator page and in docs/measures.md; the algorithm is in the
Django-free `disclosure.py`): with a threshold of N (setting MEASURES_SUPPRESS_BELOW,
default 5), a figure is withheld when

* it is a count of people or events (unit "count" or "people") from 1 to N − 1, or
* its numerator or denominator is from 1 to N − 1 (a share of a handful of people), or
* it could otherwise be worked out by subtraction from published figures (a ward's count
  from the District's count minus the other wards'; a category from its total minus the
  other categories): the next-smallest figure(s) beside a withheld one are withheld too.

Zero is shown: it identifies nobody. A withheld figure is published as "[c]" (the ONS
symbol for confidential) with its value, numerator and denominator removed, in pages, CSV,
JSON and the API alike. This module reads the setting and the database; the decisions are
made in `disclosure.py`, one table (indicator × period) at a time, so every output that
shows any figure of that table withholds the same ones.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Case, Count, FloatField, IntegerField, Max, Q, Sum, When
from django.db.models.functions import Cast

from commonground.measures.disclosure import COUNT_UNITS, Figure, is_suppressed, table_secondary

__all__ = ["SYMBOL", "Table", "is_suppressed", "secondary_withheld", "threshold"]

SYMBOL = "[c]"

Table = tuple[int, str]  # (indicator id, period)
Key = tuple[int, int, str, str]  # (indicator id, area id, period, breakdown)

TABLE_FIELDS = ("indicator_id", "period", "area_id", "breakdown", "v", "n", "d")

# (indicator id, period, threshold) → (the table's state, figures withheld as complements).
# Figures are never updated in place: any change adds a row with a higher id and moves
# `is_current`; the state (how many current figures, the highest id, sums of their areas and
# numbers) changes with it, so a table decided once is reused until its figures change. (A
# change of the area hierarchy alone is seen after a restart: load-areas keeps it stable.)
_CACHE: dict[tuple[int, str, int], tuple[tuple, frozenset[tuple[int, str]]]] = {}
CACHE_SIZE = 20_000


def threshold() -> int:
    """The configured threshold (settings.MEASURES_SUPPRESS_BELOW, default 5; 0 turns it off)."""
    return int(getattr(settings, "MEASURES_SUPPRESS_BELOW", 5))


def _small_case(units: dict[int, str], below: int) -> Sum:
    small = Q(numerator__gt=0, numerator__lt=below) | Q(denominator__gt=0, denominator__lt=below)
    counts = [pk for pk, unit in units.items() if unit in COUNT_UNITS]
    if counts:
        small |= Q(indicator_id__in=counts, value__gt=0, value__lt=below)
    return Sum(Case(When(small, then=1), default=0, output_field=IntegerField()))


def secondary_withheld(
    units: dict[int, str], tables: Iterable[Table], below: int | None = None
) -> set[Key]:
    """Figures of `tables` withheld as complements (on top of the primary rule).

    One query for each table's state and whether the primary rule withholds any of its
    figures (only then can it need complements); a table decided before in this process in
    the same state is reused, the others cost two more queries (areas, figures). The top of the
    geography (an area without a parent: the District) is never withheld as a complement
    for its figure for everyone, so the headline figures stay published.
    """
    from commonground.core.models import Area
    from commonground.measures.models import Observation

    below = threshold() if below is None else below
    tables = {t for t in tables if t[0] in units}
    if below <= 0 or not tables:
        return set()
    ids = {t[0] for t in tables}
    periods = {t[1] for t in tables}
    scope = Observation.objects.current().filter(indicator_id__in=ids, period__in=periods)
    stamps = {
        (ind, period): (tuple(state), small)
        for ind, period, small, *state in scope.order_by()
        .values("indicator_id", "period")
        .annotate(
            small=_small_case(units, below),
            count=Count("id"),
            last=Max("id"),
            areas=Sum("area_id"),
            values=Sum("value"),
            numerators=Sum("numerator"),
            denominators=Sum("denominator"),
        )
        .values_list(
            "indicator_id",
            "period",
            "small",
            "count",
            "last",
            "areas",
            "values",
            "numerators",
            "denominators",
        )
        if (ind, period) in tables
    }
    withheld: set[Key] = set()
    needed = set()
    for table, (stamp, small) in stamps.items():
        if not small:
            continue  # nothing withheld by the primary rule: nothing to protect
        cached = _CACHE.get((*table, below))
        if cached is not None and cached[0] == stamp:
            withheld.update((table[0], area, table[1], brk) for area, brk in cached[1])
        else:
            needed.add(table)
    if not needed:
        return withheld
    places = {
        pk: (parent, stat_parent, level)
        for pk, parent, stat_parent, level in Area.objects.values_list(
            "id", "parent_id", "statistical_parent_id", "level"
        )
    }
    figures: dict[Table, list[Figure]] = defaultdict(list)
    rows = (
        scope.filter(indicator_id__in={t[0] for t in needed}, period__in={t[1] for t in needed})
        .order_by()
        .annotate(
            # Floats: the rule compares sizes; SQLite's Decimal conversion costs most of the time.
            v=Cast("value", FloatField()),
            n=Cast("numerator", FloatField()),
            d=Cast("denominator", FloatField()),
        )
        .values_list(*TABLE_FIELDS)
    )
    for ind, period, area, breakdown, value, num, den in rows:
        if (ind, period) in needed:
            parent, stat_parent, level = places.get(area, (None, None, ""))
            figures[(ind, period)].append(
                Figure(area, breakdown, value, num, den, parent, stat_parent, level)
            )
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.clear()
    for (ind, period), table in figures.items():
        found = frozenset(table_secondary(table, units[ind], below))
        _CACHE[(ind, period, below)] = (stamps[(ind, period)][0], found)
        withheld.update((ind, area, period, breakdown) for area, breakdown in found)
    return withheld
