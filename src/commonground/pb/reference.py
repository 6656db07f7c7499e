"""Run pabutools (the field's reference library) with *our* ballot conventions.

This module exists so that the tests and the benchmark compare our engine with pabutools on
exactly the same definitions.  It imports pabutools lazily: pabutools is a test/benchmark-only
dependency and the engine itself never needs it.

Conventions (the same as :mod:`commonground.pb.profile`):

* approval and choose-1 ballots: ``Cost_Sat`` in every rule;
* cumulative and scoring ballots: ``Additive_Cardinal_Sat`` in MES, and "points × cost" as
  satisfaction in greedy (so greedy orders projects by their total points);
* ordinal ballots become cumulative ballots with ``max_length − rank index`` points.

Rule names map to pabutools calls as follows (default lexicographic tie-breaking throughout):

* ``greedy``    – ``greedy_utilitarian_welfare``;
* ``mes``       – ``method_of_equal_shares``;
* ``mes-add1``  – ``exhaustion_by_budget_increase`` around MES with a budget step of one unit of
  currency per voter;
* ``mes-add1-overspend`` – the same with ``exhaustive_stop=False``;
* ``mes-add1u`` – ``completion_by_rule_combination`` of the above and greedy;
* ``phragmen``  – ``sequential_phragmen`` (approval-type ballots only).
"""

from __future__ import annotations

import os
from typing import Any

RULES_BY_VOTE_TYPE: dict[str, tuple[str, ...]] = {
    "approval": ("greedy", "mes", "mes-add1", "mes-add1u", "mes-add1-overspend", "phragmen"),
    "choose-1": ("greedy", "mes", "mes-add1", "mes-add1u", "mes-add1-overspend", "phragmen"),
    "cumulative": ("greedy", "mes", "mes-add1", "mes-add1u", "mes-add1-overspend"),
    "scoring": ("greedy", "mes", "mes-add1", "mes-add1u", "mes-add1-overspend"),
    "ordinal": ("greedy", "mes", "mes-add1", "mes-add1u", "mes-add1-overspend"),
}
"""Rules pabutools can run for each vote type (Phragmén is defined for approval ballots only)."""


def _points_times_cost_sat_class() -> type:
    """Build (once) the additive satisfaction "points × cost" used for greedy on points ballots."""
    from pabutools.election.satisfaction import AdditiveSatisfaction

    def points_times_cost(instance, profile, ballot, project, precomputed_values):
        return ballot.get(project, 0) * project.cost

    class PointsTimesCostSat(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, points_times_cost)

    return PointsTimesCostSat


def load(path: str | os.PathLike[str]) -> tuple[Any, Any, str]:
    """Parse a .pb file with pabutools; ordinal profiles are converted to points.

    Returns ``(instance, profile, vote_type)`` where ``vote_type`` is the file's own.
    """
    from pabutools.election import CumulativeBallot, CumulativeProfile, parse_pabulib
    from pabutools.fractions import frac

    instance, profile = parse_pabulib(str(path))
    vote_type = instance.meta["vote_type"]
    if vote_type == "ordinal":
        max_length = instance.meta.get("max_length")
        length = int(max_length) if max_length else max((len(b) for b in profile), default=0)
        ballots = []
        for ballot in profile:
            cumulative = CumulativeBallot(
                {project: frac(length - rank) for rank, project in enumerate(ballot)}
            )
            ballots.append(cumulative)
        profile = CumulativeProfile(ballots, instance=instance)
    return instance, profile, vote_type


def run(
    rule: str, instance: Any, profile: Any, vote_type: str, cache: dict[str, Any] | None = None
) -> list[str]:
    """Run ``rule`` with pabutools and return the selected project ids (pabutools' order).

    With a ``cache`` dict, ``mes-add1u`` reuses a cached ``mes-add1`` outcome and completes it
    exactly as ``completion_by_rule_combination`` does (keep it if exhaustive, else run
    ``greedy_utilitarian_welfare`` from it), which halves pabutools' time in the tests.
    """
    return [str(p.name) for p in _outcome(rule, instance, profile, vote_type, cache)]


def _outcome(rule, instance, profile, vote_type, cache):
    from pabutools.election import Additive_Cardinal_Sat, Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    approval_like = vote_type in ("approval", "choose-1")
    mes_sat = Cost_Sat if approval_like else Additive_Cardinal_Sat
    greedy_sat = Cost_Sat if approval_like else _points_times_cost_sat_class()
    step = profile.num_ballots()  # one unit of currency per voter
    if cache is not None and rule in ("mes-add1", "mes-add1u"):
        if "mes-add1" not in cache:
            cache["mes-add1"] = _outcome("mes-add1", instance, profile, vote_type, None)
        add1 = cache["mes-add1"]
        if rule == "mes-add1" or instance.is_exhaustive(add1):
            return add1
        return greedy_utilitarian_welfare(
            instance, profile, sat_class=greedy_sat, initial_budget_allocation=add1
        )
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat)
    elif rule == "mes":
        outcome = method_of_equal_shares(instance, profile, sat_class=mes_sat)
    elif rule == "mes-add1":
        outcome = exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": mes_sat},
            budget_step=step,
        )
    elif rule == "mes-add1-overspend":
        outcome = exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": mes_sat},
            budget_step=step,
            exhaustive_stop=False,
        )
    elif rule == "mes-add1u":
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {
                    "rule": method_of_equal_shares,
                    "rule_params": {"sat_class": mes_sat},
                    "budget_step": step,
                },
                {"sat_class": greedy_sat},
            ],
        )
    elif rule == "phragmen":
        outcome = sequential_phragmen(instance, profile)
    else:
        raise ValueError(f"pabutools has no equivalent of rule {rule!r}")
    return outcome


def run_file(path: str | os.PathLike[str], rule: str) -> list[str]:
    """Parse ``path`` and run ``rule`` with pabutools (convenience for subprocess runners)."""
    instance, profile, vote_type = load(path)
    return run(rule, instance, profile, vote_type)


def _main() -> None:
    """``python -m commonground.pb.reference FILE RULE`` prints JSON: selected ids and timings."""
    import json
    import sys
    import time

    path, rule = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    instance, profile, vote_type = load(path)
    parsed = time.perf_counter()
    selected = run(rule, instance, profile, vote_type)
    done = time.perf_counter()
    print(json.dumps({"selected": selected, "parse_s": parsed - start, "rule_s": done - parsed}))


if __name__ == "__main__":
    _main()
