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

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Protocol

from .election import parse_number


class Scored(Protocol):
    """What greedy reads of an election: a :class:`~.profile.Profile`, or a
    :class:`~.pabulib.Tally` of a choose-1 file (its counts, with no ballot arrays)."""

    @property
    def budget(self) -> Fraction: ...

    @property
    def costs(self) -> list[Fraction]: ...

    @property
    def m(self) -> int: ...

    @property
    def scores(self) -> list[Fraction]: ...


def greedy_order(profile: Scored, ranks: Sequence[int]) -> list[int]:
    """Projects by decreasing density (score; 0 without support or cost), then tie-break rank."""

    def density(j: int) -> Fraction:
        score = profile.scores[j]
        return score if score > 0 and profile.costs[j] > 0 else Fraction(0)

    return sorted(range(profile.m), key=lambda j: (-density(j), ranks[j]))


def greedy_select(
    profile: Scored,
    ranks: Sequence[int],
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


GREEDY_RULES = ("greedy", "greedy-no-skip", "greedy-threshold")
"""The rules that read only each project's score, cost and the budget (never a ballot)."""


def run_greedy(
    rule: str, profile: Scored, ranks: Sequence[int], meta: dict[str, str]
) -> tuple[list[int], dict[str, Any]]:
    """One of :data:`GREEDY_RULES`: the projects it funds, and its details for the outcome."""
    threshold = score_threshold(meta)
    if rule == "greedy":
        return greedy_select(profile, ranks), {}
    if rule == "greedy-no-skip":
        return greedy_select(profile, ranks, skip=False, threshold=threshold), {}
    if rule != "greedy-threshold":
        raise ValueError(f"{rule!r} is not a greedy rule ({', '.join(GREEDY_RULES)})")
    if threshold is None:
        raise ValueError("greedy-threshold needs META 'min_project_score_threshold'")
    return greedy_select(profile, ranks, threshold=threshold), {"threshold": threshold}


def total_cost(profile: Scored, selected: Iterable[int]) -> Fraction:
    """What the selected projects cost together, exactly."""
    return sum((profile.costs[j] for j in selected), Fraction(0))
