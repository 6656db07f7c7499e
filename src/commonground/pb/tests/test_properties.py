"""Property tests on generated elections (hypothesis)."""

from __future__ import annotations

import random
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import Election, compute, rules_for, write_pb
from commonground.pb.axioms import ejr_up_to_one
from commonground.pb.mes import is_exhaustive
from commonground.pb.profile import build_profile, ordinal_length

pytestmark = pytest.mark.engine

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw, vote_type=None, max_voters=12, max_projects=6, small_costs=True, min_ballot=0):
    """Small elections; few distinct costs and ballots so that ties are frequent."""
    vote_type = vote_type or draw(st.sampled_from(["approval", "cumulative", "ordinal"]))
    m = draw(st.integers(1, max_projects))
    cost_values = [1, 2, 3, 5] if small_costs else list(range(1, 60))
    costs = [draw(st.sampled_from(cost_values)) * 10 for _ in range(m)]
    ids = [str(x) for x in draw(st.permutations(list(range(1, m + 1))))]
    n = draw(st.integers(1, max_voters))
    ballots = []
    for _ in range(n):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, min_size=min_ballot, max_size=m))
        if vote_type == "cumulative":
            ballots.append({p: draw(st.integers(1, 3)) for p in chosen})
        else:
            ballots.append(chosen)
    budget = draw(st.integers(10, max(10, sum(costs))))
    return Election.build(
        [{"id": i, "cost": c} for i, c in zip(ids, costs, strict=True)],
        ballots,
        budget,
        vote_type=vote_type,
    )


ALL_RULES = ["greedy", "mes", "mes-add1", "mes-add1u", "phragmen", "greedy-no-skip"]


@SETTINGS
@given(elections())
def test_budget_is_never_exceeded(election):
    for rule in rules_for(election):
        outcome = compute(election, rule)
        assert outcome.total_cost <= election.budget
        assert len(set(outcome.selected)) == len(outcome.selected)


@SETTINGS
@given(elections(), st.randoms(use_true_random=False))
def test_mes_is_invariant_under_voter_order(election, rnd: random.Random):
    order = list(range(election.num_voters))
    rnd.shuffle(order)
    shuffled = Election.build(
        election.projects,
        [election.ballot(v) for v in order],
        election.budget,
        vote_type=election.vote_type,
    )
    for rule in ("mes", "mes-add1", "mes-add1u"):
        assert compute(shuffled, rule).selected == compute(election, rule).selected


@SETTINGS
@given(elections())
def test_greedy_and_completed_rules_are_exhaustive(election):
    profile = build_profile(election)
    index = {pid: j for j, pid in enumerate(profile.ids)}
    for rule in ("greedy", "mes-add1u"):
        outcome = compute(election, rule)
        assert is_exhaustive(profile, [index[p] for p in outcome.selected])


@SETTINGS
@given(elections())
def test_greedy_no_skip_is_a_prefix_of_greedy(election):
    greedy = compute(election, "greedy").selected
    no_skip = compute(election, "greedy-no-skip").selected
    assert greedy[: len(no_skip)] == no_skip


@SETTINGS
@given(elections())
def test_mes_funds_only_supported_projects(election):
    profile = build_profile(election)
    mes = compute(election, "mes")
    for pid in mes.selected:
        assert profile.num_supporters[profile.ids.index(pid)] > 0


# ------------------------------------------------------------ against pabutools on tiny cases
pytest.importorskip("pabutools", reason="pabutools is a test dependency")


def _pabutools_outcome(election: Election, rule: str) -> list[str]:
    from commonground.pb import reference

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "e.pb"
        write_pb(election, path)
        instance, profile, vote_type = reference.load(path)
        return reference.run(rule, instance, profile, vote_type)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(max_voters=8, max_projects=5, min_ballot=1))
def test_generated_elections_match_pabutools(election):
    for rule in ("greedy", "mes", "mes-add1", "mes-add1u", "phragmen"):
        if rule == "phragmen" and election.vote_type != "approval":
            continue
        expected = _pabutools_outcome(election, rule)
        ours = compute(election, rule).selected
        assert (sorted(ours) == sorted(expected)) if rule == "phragmen" else ours == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(vote_type="approval", max_voters=5, max_projects=4))
def test_ejr_up_to_one_agrees_with_pabutools(election):
    from pabutools.analysis.justifiedrepresentation import is_EJR_one_approval
    from pabutools.election import Cost_Sat

    from commonground.pb import reference

    for rule in ("greedy", "mes"):
        outcome = compute(election, rule)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "e.pb"
            write_pb(election, path)
            instance, profile, _ = reference.load(path)
        chosen = [p for p in instance if p.name in outcome.selected]
        expected = is_EJR_one_approval(instance, profile, Cost_Sat, chosen)
        assert ejr_up_to_one(election, outcome.selected)["satisfied"] == expected


def test_mes_with_exact_tie_uses_lexicographic_ids():
    # two identical projects: pabutools picks the id that sorts first as a string ("10" < "9")
    election = Election.build(
        [{"id": "9", "cost": 50}, {"id": "10", "cost": 50}], [["9", "10"], ["9", "10"]], budget=50
    )
    assert compute(election, "mes").selected == ["10"]
    assert compute(election, "greedy").selected == ["10"]
    assert compute(election, "mes", tie_break="equalshares", seed=3).selected in (["9"], ["10"])


def test_equalshares_tie_break_prefers_cheaper_then_more_votes():
    election = Election.build(
        [{"id": "a", "cost": 60}, {"id": "b", "cost": 30}, {"id": "c", "cost": 30}],
        [["a", "b", "c"], ["a", "b", "c"], ["a", "b"]],
        budget=30,
    )
    assert compute(election, "greedy", tie_break="equalshares").selected == ["b"]


def test_exact_arithmetic_budget_fractions():
    # B/n is not a float-representable number; outcomes must not depend on rounding.
    election = Election.build(
        [{"id": "x", "cost": Fraction(10, 3)}, {"id": "y", "cost": Fraction(10, 3)}],
        [["x"], ["y"], ["x", "y"]],
        budget=Fraction(20, 3),
    )
    assert compute(election, "mes").selected == ["x"]  # y's supporters hold 25/9 < 30/9
    outcome = compute(election, "mes-add1")  # one more unit each: y becomes affordable
    assert outcome.selected == ["x", "y"]
    assert outcome.total_cost == election.budget  # exactly the budget: still feasible


@SETTINGS
@given(elections(max_voters=30, max_projects=8))
def test_supporter_lists_list_each_projects_voters_in_order(election):
    """The profile's supporter lists (sorted by a 16-bit radix sort) hold, for each project,
    exactly the voters giving it positive points, ascending, with their points."""
    profile = build_profile(election)
    for j, project in enumerate(election.projects):
        expected = []
        for v in range(election.num_voters):
            ballot = election.ballot(v)
            if project.id not in ballot:
                continue
            if isinstance(ballot, dict):
                points = float(ballot[project.id])
            elif election.vote_type == "ordinal":
                points = float(ordinal_length(election) - ballot.index(project.id))
            else:
                points = 1.0
            if points > 0:
                expected.append((v, points))
        found = list(zip(profile.supporters(j).tolist(), profile.points(j).tolist(), strict=True))
        assert found == expected
