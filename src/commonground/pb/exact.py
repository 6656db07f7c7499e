"""Exact (rational) arithmetic used to settle comparisons that floating point cannot.

The rules run in float64 for speed.  Whenever two candidates are within rounding distance of each
other (or a project is within rounding distance of being affordable), the rules recompute the
quantities involved exactly with :class:`fractions.Fraction`, grouping voters that are in the same
position so that only a handful of rational operations are needed.

Tolerances: float results carry an error bound of :data:`REL_TOL` relative to the magnitudes that
produced them — many orders of magnitude above float64 rounding after a few hundred operations,
and far below any real difference between two projects.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

REL_TOL = 1e-9
"""Two floats closer than this (relative) are treated as possibly equal and settled exactly."""


def close(a: float, b: float, scale: float | None = None) -> bool:
    """True when ``a`` and ``b`` may be equal once rounding errors are accounted for."""
    scale = max(abs(a), abs(b)) if scale is None else scale
    return abs(a - b) <= REL_TOL * scale


def water_fill(cost: Fraction, groups: Iterable[tuple[int, Fraction, Fraction]]) -> Fraction | None:
    """Exact MES price ``ρ``: the least ρ with ``Σ count·min(budget, ρ·util) ≥ cost``.

    ``groups`` are ``(count, budget, util)`` triples (util > 0).  Returns ``None`` when the
    supporters cannot afford ``cost`` at all.  Voters are taken in order of budget/util, the
    poorest paying everything they have — the same fixed point pabutools computes.
    """
    groups = sorted(groups, key=lambda g: g[1] / g[2])
    total_budget = sum((k * b for k, b, _ in groups), Fraction(0))
    if total_budget < cost:
        return None
    paid = Fraction(0)
    denominator = sum((k * u for k, _, u in groups), Fraction(0))
    for count, budget, util in groups:
        rho = (cost - paid) / denominator
        if rho * util <= budget:
            return rho
        paid += count * budget
        denominator -= count * util
    return None  # pragma: no cover - unreachable once total_budget >= cost
