"""The strategy's baseline measure: schools more or less White British than their neighbours.

A school is "more (less) White British than its neighbours" when its share of White British
pupils is more than ``threshold`` percentage points above (below) the pooled share of its ``k``
nearest schools of the same phase: the neighbours' White British pupils over their classified
pupils.  Neighbours may lie outside the district; a school is not its own neighbour; pupils
whose ethnicity is unclassified are left out of numerator and denominator.  The flag is decided
in exact rational arithmetic, so a difference of exactly 15 points is never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .geo import nearest
from .groups import PHASES, WHITE_BRITISH
from .reader import SchoolTable

__all__ = ["NeighbourResult", "compare_with_neighbours", "counts_by_phase"]


@dataclass(frozen=True)
class NeighbourResult:
    """One district school compared with its neighbours (shares are fractions, not rounded)."""

    row: int
    urn: str
    phase: str
    share_white_british: float | None
    neighbour_share: float | None
    difference: float | None
    flag: str | None  # "more", "less" or None
    neighbours: tuple[str, ...]
    neighbour_km: tuple[float, ...]


def _flag(own: tuple[int, int], pooled: tuple[int, int], threshold: Fraction) -> str | None:
    if own[1] == 0 or pooled[1] == 0:
        return None
    difference = Fraction(own[0], own[1]) - Fraction(pooled[0], pooled[1])
    if difference > threshold:
        return "more"
    if difference < -threshold:
        return "less"
    return None


def compare_with_neighbours(
    table: SchoolTable,
    *,
    neighbours: int = 10,
    threshold_points: float = 15.0,
    phases: tuple[str, ...] = PHASES,
) -> list[NeighbourResult]:
    """Every district school of ``phases``, in file order, compared with its neighbours.

    A school with no classified pupils has no share (None, never flagged); so has a school
    without neighbours of its phase.  A neighbour with no classified pupils still takes one of
    the ``k`` places (it is one of the nearest schools) but adds nothing to the pooled share.
    """
    if neighbours < 1:
        raise ValueError("--neighbours must be 1 or more")
    threshold = Fraction(str(threshold_points)) / 100
    white = table.groups[:, WHITE_BRITISH]
    classified = table.classified
    results: dict[int, NeighbourResult] = {}
    for phase in phases:
        of_phase = np.array([i for i, p in enumerate(table.phase) if p == phase], dtype=np.int64)
        subjects = of_phase[table.in_district[of_phase]] if len(of_phase) else of_phase
        found = nearest(table.lat, table.long, subjects, of_phase, neighbours)
        for s, (rows, km) in zip(subjects, found, strict=True):
            own = (int(white[s]), int(classified[s]))
            pooled = (int(white[rows].sum()), int(classified[rows].sum()))
            share = own[0] / own[1] if own[1] else None
            near = pooled[0] / pooled[1] if pooled[1] else None
            results[int(s)] = NeighbourResult(
                row=int(s),
                urn=table.urns[s],
                phase=phase,
                share_white_british=share,
                neighbour_share=near,
                difference=None if share is None or near is None else share - near,
                flag=_flag(own, pooled, threshold),
                neighbours=tuple(table.urns[r] for r in rows),
                neighbour_km=tuple(float(x) for x in km),
            )
    return [results[i] for i in sorted(results)]


def counts_by_phase(results: list[NeighbourResult]) -> dict[str, dict[str, int]]:
    """``{"primary": {"more": n, "less": n}, "secondary": {...}}``."""
    counts = {phase: {"more": 0, "less": 0} for phase in PHASES}
    for result in results:
        if result.flag is not None and result.phase in counts:
            counts[result.phase][result.flag] += 1
    return counts
