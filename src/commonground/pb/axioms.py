"""Proportionality axioms: EJR up to one project for approval ballots (cost satisfaction).

Definition (as pabutools' ``is_EJR_one_approval`` with ``Cost_Sat``): a group ``S`` of voters is
*T-cohesive* for a project set ``T`` when everyone in ``S`` approves all of ``T`` and
``|S| / n · B ≥ cost(T)``.  An outcome ``W`` satisfies EJR up to one project when every
T-cohesive group has a member ``i`` with ``sat_i(W) + max_{p ∈ T∖W} cost(p) ≥ cost(T)``.

pabutools checks this by enumerating every group of voters and every project set, which only
works for a handful of voters.  We use an equivalent, much smaller search: for a fixed ``T`` the
voters who *fail* the condition form a set ``F(T)``, and some T-cohesive group has no satisfied
member exactly when ``F(T)`` is itself large enough (``|F(T)| · B ≥ n · cost(T)``).  Candidate
sets ``T`` are enumerated Apriori-style: adding a project only lowers the support and raises the
cost, so a set that is not large enough can be pruned with all its supersets.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .election import Election
from .profile import Profile, build_profile

MAX_SETS = 200_000


def ejr_up_to_one(
    election: Election,
    selected: list[str],
    profile: Profile | None = None,
    max_sets: int = MAX_SETS,
) -> dict[str, Any]:
    """Check EJR up to one project; returns ``{"checked", "satisfied", "witness", "note"}``."""
    profile = profile or build_profile(election)
    if not profile.approval_like:
        return {
            "checked": False,
            "satisfied": None,
            "witness": None,
            "note": "EJR up to one is checked for approval-type ballots only",
        }
    n, m, budget = profile.n, profile.m, profile.budget
    chosen = {profile.ids.index(pid) for pid in selected}
    approves = np.zeros((n, m), dtype=bool)
    for j in range(m):
        approves[profile.supporters(j), j] = True
    costs = profile.costs
    scale = math.lcm(*(c.denominator for c in costs), budget.denominator)
    scaled = np.array([int(c * scale) for c in costs], dtype=object)
    picked = sorted(chosen)
    cost_sat = (
        (approves[:, picked].astype(object) @ scaled[picked])
        if picked
        else np.zeros(n, dtype=object)
    )
    frontier = [
        ((j,), approves[:, j])
        for j in range(m)
        if _large_enough(int(approves[:, j].sum()), n, costs[j], budget)
    ]
    explored = 0
    while frontier:
        next_frontier = []
        for projects, members in frontier:
            explored += 1
            if explored > max_sets:
                return {
                    "checked": False,
                    "satisfied": None,
                    "witness": None,
                    "note": f"stopped after {max_sets} cohesive project sets",
                }
            witness = _violation(projects, members, chosen, costs, cost_sat, n, budget, scale)
            if witness is not None:
                witness["projects"] = [profile.ids[j] for j in projects]
                return {
                    "checked": True,
                    "satisfied": False,
                    "witness": witness,
                    "note": "a cohesive group is under-represented",
                }
            t_cost = sum((costs[j] for j in projects), Fraction(0))
            for k in range(projects[-1] + 1, m):
                group = members & approves[:, k]
                if _large_enough(int(group.sum()), n, t_cost + costs[k], budget):
                    next_frontier.append(((*projects, k), group))
        frontier = next_frontier
    return {
        "checked": True,
        "satisfied": True,
        "witness": None,
        "note": f"{explored} cohesive project sets examined",
    }


def _large_enough(size: int, n: int, cost: Fraction, budget: Fraction) -> bool:
    return size > 0 and cost * n <= size * budget


def _violation(projects, members, chosen, costs, cost_sat, n, budget, scale) -> dict | None:
    """The failing members of the group for ``projects``, if they are numerous enough."""
    missing = [j for j in projects if j not in chosen]
    if not missing:
        return None
    t_cost = sum((costs[j] for j in projects), Fraction(0))
    need = int((t_cost - max(costs[j] for j in missing)) * scale)  # exact, in scaled units
    failing = int(np.count_nonzero(cost_sat[members] < need))
    if _large_enough(failing, n, t_cost, budget):
        return {"group_size": failing, "cost": float(t_cost)}
    return None
