"""Analysis of an outcome, as a results page shows it.

* money: budget, spent, left over;
* voters: how many support at least one funded project (share of voters satisfied);
* per project: supporters, score, cost per vote, share of voters, funded or not;
* voter groups (every categorical VOTES column such as sex, district, voting method; age in
  bands): each group's share of voters next to its share of the funded money, where a funded
  project's cost is split among its supporters in proportion to their points;
* proportionality: EJR up to one project (approval ballots, cost satisfaction);
* explanation: why each project was or was not funded (see :mod:`commonground.pb.explain`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from .axioms import ejr_up_to_one
from .election import Election
from .explain import explain
from .outcome import Outcome, json_number
from .profile import Profile, build_profile

MAX_GROUPS = 30  # a VOTES column with more distinct values is not a "group" column
AGE_BANDS = ((0, 18), (18, 25), (25, 40), (40, 60), (60, 200))


def analyse(
    election: Election,
    outcome: Outcome,
    profile: Profile | None = None,
    axioms: bool = True,
    explanation: bool = True,
) -> dict[str, Any]:
    """Everything the results page needs about ``outcome`` (plain JSON-ready data).

    ``explanation=False`` leaves out the per-project explanation, for a caller that already
    holds it (the fund stores it once, beside the result, rather than twice).
    """
    profile = profile or build_profile(election)
    index = {pid: j for j, pid in enumerate(profile.ids)}
    chosen = [index[pid] for pid in outcome.selected]
    money = _money_per_voter(profile, chosen)
    satisfied = int(np.count_nonzero(money > 0))
    n = max(profile.n, 1)
    result: dict[str, Any] = {
        **outcome.to_dict(),
        "share_of_budget_spent": float(outcome.total_cost / outcome.budget)
        if outcome.budget
        else 0.0,
        "voters": profile.n,
        "voters_satisfied": satisfied,
        "share_of_voters_satisfied": satisfied / n,
        "projects": _projects(election, profile, outcome),
        "groups": _groups(election, money),
    }
    if axioms:
        result["ejr_up_to_one"] = ejr_up_to_one(election, outcome.selected, profile)
    if explanation:
        result["explanation"] = explain(election, outcome, profile)
    return result


def _money_per_voter(profile: Profile, chosen: list[int]) -> np.ndarray:
    """Funded money attributed to each voter (a project's cost split by points)."""
    money = np.zeros(profile.n)
    for j in chosen:
        points = profile.points(j)
        if len(points):
            np.add.at(money, profile.supporters(j), float(profile.costs[j]) * points / points.sum())
    return money


def _projects(election: Election, profile: Profile, outcome: Outcome) -> list[dict[str, Any]]:
    order = {pid: i + 1 for i, pid in enumerate(outcome.selected)}
    rows = []
    for j, project in enumerate(election.projects):
        votes = int(profile.num_supporters[j])
        cost = project.cost
        rows.append(
            {
                "id": project.id,
                "name": project.name,
                "cost": json_number(cost),
                "selected": project.id in order,
                "selection_order": order.get(project.id),
                "supporters": votes,
                "score": json_number(profile.scores[j]),
                "share_of_voters": votes / max(profile.n, 1),
                "cost_per_vote": float(cost) / votes if votes else None,
            }
        )
    rows.sort(key=lambda r: (-float(r["score"]), r["id"]))
    return rows


def _groups(election: Election, money: np.ndarray) -> dict[str, list[dict[str, Any]]]:
    total = float(money.sum()) or 1.0
    n = max(election.num_voters, 1)
    out: dict[str, list[dict[str, Any]]] = {}
    for column, values in election.voter_extra.items():
        labels = _labels(column, values)
        if labels is None:
            continue
        members: dict[str, list[int]] = defaultdict(list)
        for v, label in enumerate(labels):
            members[label].append(v)
        out[column] = [
            {
                "group": label,
                "voters": len(ids),
                "share_of_voters": len(ids) / n,
                "money": float(money[ids].sum()),
                "share_of_budget": float(money[ids].sum()) / total,
            }
            for label, ids in sorted(members.items())
        ]
    return out


def _labels(column: str, values: list[str]) -> list[str] | None:
    """Group label per voter, or ``None`` when the column is not categorical."""
    if column == "age":
        return [_age_band(v) for v in values]
    distinct = set(values)
    if len(distinct) > MAX_GROUPS or len(distinct) < 2:
        return None
    return [v.strip() or "(blank)" for v in values]


def _age_band(value: str) -> str:
    try:
        age = int(float(value))
    except ValueError:
        return "(unknown)"
    for lo, hi in AGE_BANDS:
        if lo <= age < hi:
            return f"{lo}-{hi - 1}" if hi < 200 else f"{lo}+"
    return "(unknown)"
