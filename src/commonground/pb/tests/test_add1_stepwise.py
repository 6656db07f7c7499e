"""The Add1 loop's shortcuts change no outcome: :func:`mes_add1` (certificates that skip
increments, runs without certificates while they skip nothing, the projects set aside before
a run) must stop at the same per-voter budget with the same funded projects, in the same
order, as :func:`mes_add1_stepwise`, which runs MES once for every unit by the definition.

Compared on the shared Pabulib files whose step-by-step loop takes at most a few seconds (both
Add1 styles, with and without the exhaustive stop) and on generated elections.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import Election
from commonground.pb.mes import Add1LimitError, MESEngine, mes_add1, mes_add1_stepwise
from commonground.pb.profile import build_profile
from commonground.pb.tiebreak import tie_break_ranks

from .conftest import election, pabulib_dir

pytestmark = pytest.mark.engine

# Files with few MES runs step by step (the certificates of Budapest XI, Zabrze or Toulouse
# 2022 skip thousands of increments, each a run the stepwise loop would have to make).
FILES = [
    "Netherlands_Assen_2024.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Switzerland_Zurich_D10.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "US_Stanford_Dataset_PB_Cambridge_2019_vote_approvals.pb",
    "Poland_Katowice_2023.pb",
    "Poland_Warszawa_2026.pb",
]


def _engine(e: Election, tie_break: str = "pabutools") -> MESEngine:
    profile = build_profile(e)
    ranks = tie_break_ranks(
        profile.ids, profile.costs, profile.num_supporters.tolist(), tie_break, None
    )
    return MESEngine(profile, ranks)


def _same_outcome(engine: MESEngine, style: str, exhaustive_stop: bool) -> int:
    fast = mes_add1(engine, style=style, exhaustive_stop=exhaustive_stop)
    # the stepwise loop needs one run per unit up to where the fast loop stopped, and two more
    raised = fast.run.b0 - (engine.profile.budget / engine.profile.n)
    if style == "equalshares":
        raised = fast.run.b0 - math.floor(engine.profile.budget / engine.profile.n)
    slow = mes_add1_stepwise(
        engine, style=style, exhaustive_stop=exhaustive_stop, max_runs=max(0, raised) + 3
    )
    assert fast.run.b0 == slow.run.b0
    assert fast.run.selected == slow.run.selected
    return slow.evaluations


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize(
    ("style", "exhaustive_stop"),
    [("pabutools", True), ("equalshares", True), ("pabutools", False)],
)
def test_add1_equals_the_stepwise_loop_on_shared_files(name, style, exhaustive_stop):
    if not (pabulib_dir() / name).exists():
        pytest.skip(f"{name} is not in {pabulib_dir()}")
    tie_break = "equalshares" if style == "equalshares" else "pabutools"
    runs = _same_outcome(_engine(election(name), tie_break), style, exhaustive_stop)
    assert runs >= 1


def test_the_stepwise_loop_follows_the_definition():
    """Three voters, budget 10: b0 = 10/3 funds nothing of cost 4 approved by one voter
    each... until the per-voter budget reaches 4 (k = 1 gives 13/3 ≥ 4): all three are
    funded at cost 12 > 10, an overspend, so the loop keeps the run at 10/3."""
    e = Election.build(
        projects=[{"id": p, "cost": 4} for p in "abc"],
        ballots=[["a"], ["b"], ["c"]],
        budget=10,
    )
    engine = _engine(e)
    slow = mes_add1_stepwise(engine)
    assert slow.run.b0 == Fraction(10, 3)
    assert slow.run.selected == []
    assert slow.evaluations == 2
    assert mes_add1(engine).run.selected == []


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 7).flatmap(
        lambda m: st.tuples(
            st.lists(st.integers(1, 12), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(0, m - 1), unique=True, max_size=m), max_size=16),
            st.integers(5, 60),
            st.sampled_from([1, 3, 10]),
            st.booleans(),
        )
    )
)
def test_add1_equals_the_stepwise_loop_on_generated_elections(case):
    costs, ballots, budget, scale, exhaustive_stop = case
    ids = [str(j) for j in range(len(costs))]
    e = Election.build(
        projects=[{"id": i, "cost": c * scale} for i, c in zip(ids, costs, strict=True)],
        ballots=[[ids[j] for j in b] for b in ballots],
        budget=budget * scale,
    )
    for style in ("pabutools", "equalshares"):
        engine = _engine(e, "equalshares" if style == "equalshares" else "pabutools")
        if not engine.profile.n:
            continue
        try:
            fast = mes_add1(engine, style=style, exhaustive_stop=exhaustive_stop)
        except Add1LimitError:
            continue  # refused by its work limit (exact ties on a small unit): nothing to compare
        if style == "equalshares" and math.isinf(fast.run.certificate):
            # equalshares.net's loop has no last increment: the fast loop proved that no budget
            # ever changes the outcome, where the definition would step on for ever
            continue
        _same_outcome(engine, style, exhaustive_stop)
