"""Sequential Phragmén (pabutools' ``sequential_phragmen``), for approval-type ballots.

Voters earn virtual money continuously; a project is bought as soon as its supporters together
hold its cost, and buying it resets their "load" to the new maximum load
``(Σ loads of supporters + cost) / #supporters``.  The project with the least new maximum load
is bought each round (ties: tie-break order); the rule stops as soon as a project tied for the
least load does not fit in the budget.  Projects costing more than the whole budget are never
considered; a project with no supporters has an infinite load.

Exactness: a voter's load always equals the maximum load of the last project she helped buy, so
loads take only as many distinct values as there are funded projects.  Loads are kept as an index
into that list, and the sum of loads over a project's supporters is a histogram (``bincount``)
dotted with the loads — in float64 to rank projects, and in rationals for near-ties.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .exact import REL_TOL
from .profile import Profile


def sequential_phragmen(profile: Profile, ranks: np.ndarray) -> list[int]:
    """Return the funded projects (indices) in order of purchase."""
    if not profile.approval_like:
        raise ValueError("sequential Phragmén is defined for approval and choose-1 ballots only")
    load_of = np.zeros(profile.n, dtype=np.int64)  # index into loads; 0 = load 0
    loads_exact: list[Fraction] = [Fraction(0)]
    loads_f = [0.0]
    remaining = [j for j in range(profile.m) if profile.costs[j] <= profile.budget]
    spent = Fraction(0)
    selected: list[int] = []
    while remaining:
        values = np.array([_new_max_load(profile, j, load_of, loads_f) for j in remaining])
        best = values.min()
        if np.isinf(best):
            near = [j for j, v in zip(remaining, values, strict=True) if np.isinf(v)]
            best_exact = None
        else:
            near = [j for j, v in zip(remaining, values, strict=True) if v <= best + REL_TOL * best]
            exact = {j: _exact_max_load(profile, j, load_of, loads_exact) for j in near}
            best_exact = min(exact.values())
            near = [j for j in near if exact[j] == best_exact]
        if any(spent + profile.costs[j] > profile.budget for j in near):
            break
        winner = min(near, key=lambda j: ranks[j])
        selected.append(winner)
        remaining.remove(winner)
        spent += profile.costs[winner]
        if best_exact is not None:
            loads_exact.append(best_exact)
            loads_f.append(float(best_exact))
            load_of[profile.supporters(winner)] = len(loads_exact) - 1
    return selected


def _new_max_load(profile: Profile, j: int, load_of: np.ndarray, loads_f: list[float]) -> float:
    supporters = profile.supporters(j)
    if len(supporters) == 0:
        return float("inf")
    hist = np.bincount(load_of[supporters], minlength=len(loads_f))
    return (float(hist @ np.asarray(loads_f)) + float(profile.costs[j])) / len(supporters)


def _exact_max_load(
    profile: Profile, j: int, load_of: np.ndarray, loads_exact: list[Fraction]
) -> Fraction:
    supporters = profile.supporters(j)
    hist = np.bincount(load_of[supporters], minlength=len(loads_exact))
    total = sum(
        (int(k) * load for k, load in zip(hist, loads_exact, strict=True) if k), Fraction(0)
    )
    return (total + profile.costs[j]) / len(supporters)
