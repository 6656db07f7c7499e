"""The MES shortcuts of issue 20's third pass change no run.

An uncertified run sets aside, before its first round, every project whose supporters' whole
starting budgets fall short of its cost; a certified run does not (so that its certificate
stays what it was).  Both must fund the same projects in the same order at the same prices,
on every shared file and on generated elections.  The Add1 loop's integer money checks must
agree with the exact-fraction functions they replace.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import Election, read_pb
from commonground.pb.mes import MESEngine, _Money, is_exhaustive, total_cost
from commonground.pb.profile import build_profile
from commonground.pb.tiebreak import tie_break_ranks

from .conftest import pabulib_files

pytestmark = pytest.mark.engine

LARGE = 1_000_000  # bytes: the larger files are left to the comparison with pabutools


def _engine(election: Election) -> MESEngine:
    profile = build_profile(election)
    ranks = tie_break_ranks(
        profile.ids, profile.costs, profile.num_supporters.tolist(), "pabutools", None
    )
    return MESEngine(profile, ranks)


def _same_runs(engine: MESEngine, b0: Fraction) -> None:
    plain = engine.run(b0)
    certified = engine.run(b0, certificate=True)
    assert plain.selected == certified.selected
    assert plain.prices == certified.prices
    # what the plain run set aside is exactly what the certified run found unaffordable
    assert set(plain.unaffordable_at) == set(certified.unaffordable_at)


@pytest.mark.parametrize(
    "path",
    [p for p in pabulib_files() if p.stat().st_size < LARGE],
    ids=lambda p: p.stem,
)
def test_setting_aside_changes_no_run_on_shared_files(path):
    engine = _engine(read_pb(path))
    profile = engine.profile
    if not profile.n:
        pytest.skip("no voters")
    share = profile.budget / profile.n
    for raise_by in (0, 1, 7, 40, 300):
        b0 = share + raise_by
        _same_runs(engine, b0)
        run = engine.run(b0)
        for j, at in run.unaffordable_at.items():
            if at == 0:  # set aside (or found unaffordable before any round)
                assert profile.num_supporters[j] * b0 < profile.costs[j]
                assert j not in run.selected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 7).flatmap(
        lambda m: st.tuples(
            st.lists(st.integers(1, 9), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(0, m - 1), unique=True, max_size=m), max_size=14),
            st.integers(5, 80),
            st.integers(0, 6),
        )
    )
)
def test_setting_aside_changes_no_run_on_generated_elections(case):
    costs, ballots, budget, raise_by = case
    ids = [str(j) for j in range(len(costs))]
    election = Election.build(
        projects=[{"id": i, "cost": c * 10} for i, c in zip(ids, costs, strict=True)],
        ballots=[[ids[j] for j in b] for b in ballots],
        budget=budget * 10,
    )
    engine = _engine(election)
    if not engine.profile.n:
        return
    _same_runs(engine, engine.profile.budget / engine.profile.n + raise_by)


def test_money_checks_agree_with_fractions():
    rng = random.Random(20)
    for _ in range(300):
        m = rng.randint(1, 9)
        ids = [str(j) for j in range(m)]
        costs = [Fraction(rng.randint(1, 40), rng.choice([1, 1, 2, 3, 7])) for _ in ids]
        budget = Fraction(rng.randint(1, 120), rng.choice([1, 2, 5]))
        election = Election.build(
            projects=[{"id": i, "cost": c} for i, c in zip(ids, costs, strict=True)],
            ballots=[ids],
            budget=budget,
        )
        profile = build_profile(election)
        money = _Money(profile)
        chosen = rng.sample(range(m), rng.randint(0, m))
        assert money.overspends(chosen) == (total_cost(profile, chosen) > profile.budget)
        assert money.exhaustive(chosen) == is_exhaustive(profile, chosen)
