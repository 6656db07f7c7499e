"""Greedy rules: fund projects in order of support while they fit.

``greedy`` is pabutools' ``greedy_utilitarian_welfare`` with an additive satisfaction: projects
are ordered by total satisfaction per unit of cost — with cost satisfaction that is simply the
number of approvals (or the total points) — ties broken by the tie-break order, and a project
that no longer fits is skipped.  A project with no support (or zero cost) has density 0, exactly
as in pabutools, so it only comes after every supported project.

The two variants cities use, as Pabulib's ``rule`` field names them:

``greedy-no-skip``
    stop at the first project that does not fit (Wrocław);
``greedy-threshold``
    only projects whose score reaches META ``min_project_score_threshold`` are eligible
    (Warszawa, Łódź, Katowice).  ``greedy-no-skip`` honours the threshold too when META has one.

All comparisons are exact: scores are integers/rationals and costs are rationals.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from .election import parse_number
from .profile import Profile


def greedy_order(profile: Profile, ranks: np.ndarray) -> list[int]:
    """Projects by decreasing density (score; 0 without support or cost), then tie-break rank."""

    def density(j: int) -> Fraction:
        score = profile.scores[j]
        return score if score > 0 and profile.costs[j] > 0 else Fraction(0)

    return sorted(range(profile.m), key=lambda j: (-density(j), ranks[j]))


def greedy_select(
    profile: Profile,
    ranks: np.ndarray,
    initial: Iterable[int] = (),
    skip: bool = True,
    threshold: Fraction | None = None,
) -> list[int]:
    """Run greedy from an initial selection (used by MES completion); return project indices."""
    chosen = list(initial)
    taken = set(chosen)
    remaining = profile.budget - sum((profile.costs[j] for j in chosen), Fraction(0))
    for j in greedy_order(profile, ranks):
        if j in taken:
            continue
        if threshold is not None and profile.scores[j] < threshold:
            continue
        if profile.costs[j] <= remaining:
            chosen.append(j)
            taken.add(j)
            remaining -= profile.costs[j]
        elif not skip:
            break
    return chosen


def score_threshold(meta: dict[str, str]) -> Fraction | None:
    """META ``min_project_score_threshold`` as an exact number, if present."""
    value = meta.get("min_project_score_threshold", "").strip()
    return parse_number(value) if value else None  # the reader's strict, exact parser
