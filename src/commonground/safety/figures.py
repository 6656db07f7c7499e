"""What the figures say: reports by strand, ward and month, beside police-recorded hate crime,
with small counts withheld by the project's one rule (``measures.suppression``), and Gi*
hotspots across LSOAs.

Counts are of *motivating factors*, as the Home Office counts them: a report that names two
strands counts once under each, so strand counts add up to more than the reports. A triaged
report counts under the strands its caseworker confirmed; one not yet triaged under the
strands its reporter named. Everything is aggregated in the database (no report is loaded),
so the page stays fast with hundreds of thousands of reports.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db.models import Count, Max
from shapely.geometry import shape

from commonground.core.models import Area
from commonground.measures.disclosure import Cell, Relation, is_suppressed, secondary_suppression
from commonground.measures.suppression import threshold
from commonground.paths import shared_dir
from commonground.spatial import classify, gi_star, queen_neighbours

from .models import IncidentReport, Strand

POLICE_AREA = "West Yorkshire"
NO_WARD = "none"


def financial_year(day: date) -> str:
    """``2018/19`` for 1 April 2018 to 31 March 2019 (the Home Office's years)."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def year_bounds(year: str) -> tuple[date, date]:
    start = int(year[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


@dataclass
class Figure:
    value: int
    withheld: bool = False

    @property
    def shown(self) -> int | None:
        return None if self.withheld else self.value


@dataclass
class StrandWardTable:
    year: str
    strands: list[Strand]
    wards: list[Area]
    cells: dict[tuple[int, str], Figure] = field(default_factory=dict)  # (strand, ward key)
    totals: dict[int, Figure] = field(default_factory=dict)
    reports: Figure = field(default_factory=lambda: Figure(0))

    def ward_rows(self) -> list[dict]:
        """One row per ward (then "ward not known"), one cell per strand."""
        keys = [(str(w.pk), w.name) for w in self.wards] + [(NO_WARD, None)]
        return [
            {"name": name, "cells": [self.cells.get((s.pk, k), Figure(0)) for s in self.strands]}
            for k, name in keys
        ]

    def strand_totals(self) -> list[Figure]:
        return [self.totals.get(s.pk, Figure(0)) for s in self.strands]


def _strand_counts(start: date, end: date, *values: str):
    """Rows of (strand, *values, n) for reports that happened from ``start`` to ``end``:
    confirmed strands of triaged reports, reported strands of the rest.

    Filtered through the join (not ``report IN (subquery)``), so the database walks the
    reports once by the ``(occurred_on, risk, ward)`` index, which holds every column it needs.
    """
    window = {"incidentreport__occurred_on__range": (start, end)}
    confirmed = IncidentReport.confirmed_strands.through.objects.filter(**window).exclude(
        incidentreport__risk=""
    )
    reported = IncidentReport.strands.through.objects.filter(**window, incidentreport__risk="")
    fields = ["strand_id", *(f"incidentreport__{v}" for v in values)]
    for query in (confirmed, reported):
        yield from query.values_list(*fields).annotate(n=Count("*")).order_by()


def _withhold(figures: list[tuple[object, Figure]], relations: list[Relation], below: int) -> None:
    for _key, figure in figures:
        figure.withheld = is_suppressed("count", figure.value, below=below)
    cells = [Cell(key, float(f.value), f.withheld) for key, f in figures]
    extra = secondary_suppression(cells, relations)
    for key, figure in figures:
        if key in extra:
            figure.withheld = True


def strand_ward_table(year: str) -> StrandWardTable:
    start, end = year_bounds(year)
    reports = IncidentReport.objects.filter(occurred_on__range=(start, end))
    strands = list(Strand.objects.all())
    wards = list(Area.objects.wards().order_by("name").defer("boundary"))
    table = StrandWardTable(year, strands, wards)
    for strand_id, ward_id, n in _strand_counts(start, end, "ward_id"):
        key = (strand_id, str(ward_id) if ward_id else NO_WARD)
        table.cells.setdefault(key, Figure(0)).value += n
    for (strand_id, _ward), figure in table.cells.items():
        table.totals.setdefault(strand_id, Figure(0)).value += figure.value
    table.reports = Figure(reports.count())
    below = threshold()
    figures = [(("c", *k), f) for k, f in table.cells.items()]
    figures += [(("t", s), f) for s, f in table.totals.items()]
    relations = [
        Relation(("t", s), tuple(("c", *k) for k in table.cells if k[0] == s)) for s in table.totals
    ]
    _withhold(figures, relations, below)
    table.reports.withheld = is_suppressed("count", table.reports.value, below=below)
    return table


def daily_counts() -> list[tuple[date, int]]:
    """(day, reports that happened that day), oldest first: one row per day with reports.

    Grouped by the plain date, which the ``occurred_on`` index covers, rather than by month:
    truncating to months in SQLite calls a Python function for every report (seconds with
    200,000 of them); the few hundred days are then added up into months here."""
    rows = IncidentReport.objects.values_list("occurred_on").annotate(n=Count("*")).order_by()
    return sorted(rows)


def monthly(
    months: int = 12, days: list[tuple[date, int]] | None = None
) -> list[tuple[date, Figure]]:
    """Reports per month (by when it happened), the last ``months`` months that have any;
    ``days``: ``daily_counts()`` when the caller already has them (one query a page)."""
    totals: dict[date, int] = defaultdict(int)
    for day, n in daily_counts() if days is None else days:
        totals[day.replace(day=1)] += n
    below = threshold()
    newest = sorted(totals.items(), reverse=True)[:months]
    return [(m, Figure(n, is_suppressed("count", n, below=below))) for m, n in reversed(newest)]


def years(days: list[tuple[date, int]] | None = None) -> list[str]:
    """Financial years with reports, newest first (``days`` as for :func:`monthly`)."""
    days = daily_counts() if days is None else days
    return sorted({financial_year(day) for day, _n in days}, reverse=True)


@cache
def police_figures() -> dict[tuple[str, str], dict[str, int]]:
    """{(area, "2018/19"): {measure: count}} from the shared Home Office files."""
    folder = shared_dir() / "data" / "uk" / "hate-crime"
    out: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    path = folder / "west_yorkshire_hate_crime_by_strand_2017-18_2018-19.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                year = row["Year"].replace("-", "/")
                for column, value in row.items():
                    if column in ("Force", "Year", "Population", "Offences per 100,000 pop"):
                        continue
                    measure = "Religion" if column == "Total Religion" else column
                    out[(row["Force"], year)][measure] = int(value.replace(",", ""))
    for name in (
        "england_wales_hate_crime_by_strand_2011-12_to_2018-19.csv",
        "headline_figures_2020-21_to_2024-25_transcribed.csv",
    ):
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("value", "").strip():
                    key = (row["area"], row["financial_year"])
                    out[key].setdefault(row["measure"], int(row["value"]))
    return dict(out)


def police_by_year(area: str = POLICE_AREA) -> list[tuple[str, dict[str, int]]]:
    """Police-recorded figures for ``area``, by year (oldest first)."""
    return sorted((y, v) for (a, y), v in police_figures().items() if a == area)


@dataclass
class Hotspot:
    area: Area
    z: float
    p: float
    kind: str


_NEIGHBOURS: dict[str, object] = {}


def _lsoa_neighbours() -> tuple[list[Area], list[list[int]]]:
    lsoas = Area.objects.lsoas().filter(boundary__isnull=False)
    state = lsoas.aggregate(n=Count("id"), m=Max("id"))
    if _NEIGHBOURS.get("state") != state:
        areas = list(lsoas.select_related("parent").order_by("code"))
        geoms = [shape(a.boundary) for a in areas]
        _NEIGHBOURS.update(state=state, areas=areas, neighbours=queen_neighbours(geoms))
    return _NEIGHBOURS["areas"], _NEIGHBOURS["neighbours"]  # type: ignore[return-value]


def hotspots(year: str) -> list[Hotspot]:
    """Hot and cold spots (|z| > 1.96) of reports per LSOA in ``year``; none when there are
    too few reports for the suppression rule or fewer than two LSOAs with boundaries."""
    areas, neighbours = _lsoa_neighbours()
    if len(areas) < 2:
        return []
    start, end = year_bounds(year)
    counts = dict(
        IncidentReport.objects.filter(occurred_on__range=(start, end), lsoa__isnull=False)
        .values_list("lsoa_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    if sum(counts.values()) < max(threshold(), 1):
        return []
    result = gi_star([counts.get(a.pk, 0) for a in areas], neighbours)
    found = [
        Hotspot(area, float(z), float(p), kind)
        for area, z, p in zip(areas, result.z, result.p, strict=True)
        if (kind := classify(float(z)))
    ]
    return sorted(found, key=lambda h: -abs(h.z))
