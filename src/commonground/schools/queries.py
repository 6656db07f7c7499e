"""Reads for the schools pages: the year's census rows, a dot map, neighbour flags and the
district's segregation indices with schools as the units (``commonground.segregation``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from commonground import segregation
from commonground.schoolmix.groups import ETHNIC_GROUPS, PHASES
from commonground.schoolmix.neighbours import NeighbourResult, compare_with_neighbours
from commonground.schoolmix.reader import SchoolTable

from .models import GROUP_LABELS, SchoolCensus

GROUP_KEYS = [key for key, _w in ETHNIC_GROUPS]
PALETTE = ("#f2f2f2", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
BREAKS = (0.2, 0.4, 0.6, 0.8, 1.0)
MAP_WIDTH, MAP_HEIGHT = 320, 320


def years() -> list[str]:
    return list(SchoolCensus.objects.values_list("year", flat=True).distinct().order_by("-year"))


def censuses(
    year: str, phase: str | None = None, *, district_only: bool = False
) -> list[SchoolCensus]:
    """The year's census rows with their schools (one query)."""
    rows = SchoolCensus.objects.filter(year=year).select_related("school")
    if phase:
        rows = rows.filter(school__phase=phase)
    if district_only:
        rows = rows.filter(school__in_district=True)
    return list(rows.order_by("school__name"))


def as_table(rows: list[SchoolCensus]) -> SchoolTable:
    """Census rows as the computation package's table (same measure as the command line)."""
    n = len(rows)
    return SchoolTable(
        path="database",
        urns=tuple(c.school.urn for c in rows),
        lines=tuple(range(2, n + 2)),
        lat=np.array([c.school.latitude for c in rows], dtype=float),
        long=np.array([c.school.longitude for c in rows], dtype=float),
        in_district=np.array([c.school.in_district for c in rows], dtype=bool),
        phase=tuple(c.school.phase if c.school.phase in PHASES else "" for c in rows),
        groups=np.array(
            [[c.groups.get(k, 0) for k in GROUP_KEYS] for c in rows], dtype=np.int64
        ).reshape(n, len(GROUP_KEYS)),
        unclassified=np.array([c.unclassified for c in rows], dtype=np.int64),
        headcount=np.array([c.headcount for c in rows], dtype=np.int64),
        fsm=np.array(
            [-1 if c.free_school_meals is None else c.free_school_meals for c in rows],
            dtype=np.int64,
        ),
        text=tuple({} for _c in rows),
    )


def neighbour_flags(rows: list[SchoolCensus]) -> dict[int, NeighbourResult]:
    """The baseline measure for every district school among ``rows`` (keyed by school id)."""
    results = compare_with_neighbours(as_table(rows))
    return {rows[r.row].school_id: r for r in results}


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    fill: str
    name: str
    share: float | None


def dot_map(rows: list[SchoolCensus], group: str) -> dict:
    """Schools as dots on a simple equirectangular projection, coloured by the group's share."""
    if not rows:
        return {"dots": [], "legend": []}
    lat = [c.school.latitude for c in rows]
    long = [c.school.longitude for c in rows]
    scale_x = math.cos(math.radians(sum(lat) / len(lat)))
    span = max((max(long) - min(long)) * scale_x, max(lat) - min(lat), 1e-6)
    pad = 10
    size = MAP_WIDTH - 2 * pad
    dots = []
    for c in rows:
        share = c.fsm_share if group == "fsm" else c.share(group)
        fill = (
            "#b1b4b6"
            if share is None
            else PALETTE[next(i for i, b in enumerate(BREAKS) if share <= b + 1e-12)]
        )
        dots.append(
            Dot(
                x=round(pad + (c.school.longitude - min(long)) * scale_x / span * size, 1),
                y=round(pad + (max(lat) - c.school.latitude) / span * size, 1),
                fill=fill,
                name=c.school.name,
                share=share,
            )
        )
    legend = [
        (PALETTE[i], round(100 * (BREAKS[i - 1] if i else 0)), round(100 * b))
        for i, b in enumerate(BREAKS)
    ]
    return {"dots": dots, "legend": legend, "width": MAP_WIDTH, "height": MAP_HEIGHT}


def group_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in GROUP_LABELS.items()]


@dataclass(frozen=True)
class PhaseIndices:
    phase: str
    schools: int
    pupils: int
    ethnic: dict[str, float | None]
    white_british: dict[str, float | None]
    fsm: dict[str, float | None]


def _clean(values: dict[str, float]) -> dict[str, float | None]:
    return {k: (None if math.isnan(v) else float(v)) for k, v in values.items()}


def district_indices(year: str) -> list[PhaseIndices]:
    """Indices across district schools of each phase (schools as the units)."""
    out = []
    for phase in PHASES:
        rows = [c for c in censuses(year, phase, district_only=True) if c.classified]
        if len(rows) < 2:
            continue
        counts = np.array([[c.groups.get(k, 0) for k in GROUP_KEYS] for c in rows], dtype=float)
        present = counts.sum(axis=0) > 0
        ethnic = _clean(segregation.multigroup_indices(counts[:, present]))
        wb = _clean(segregation.two_group_indices(counts[:, 0], counts.sum(axis=1)))
        with_fsm = [c for c in rows if c.free_school_meals is not None and c.headcount]
        fsm = (
            _clean(
                segregation.two_group_indices(
                    np.array([c.free_school_meals for c in with_fsm], dtype=float),
                    np.array([c.headcount for c in with_fsm], dtype=float),
                )
            )
            if len(with_fsm) >= 2
            else {}
        )
        out.append(PhaseIndices(phase, len(rows), int(counts.sum()), ethnic, wb, fsm))
    return out
