"""One explanation per project that follows the rule's real phases, on the shared Pabulib files.

Equal shares, Add1's raised shares, the greedy fill of left-over money and plain greedy each
explain only what they did: a project bought from left-over money is never said to be paid by
its supporters' shares, and an equal-shares project never uses more than 100 % of them.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from commonground.pb import compute, rules_for
from commonground.pb.cli import main
from commonground.pb.explain import PHASES, REASONS, describe, explain

from .conftest import election, pabulib_dir

pytestmark = pytest.mark.engine

SMALL_FILES = [
    "Poland_Zabrze_2020_Konczyce.pb",  # choose-1
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
    "Netherlands_Assen_2024.pb",  # equalshares/add1: Add1 completion and a greedy fill
    "Switzerland_Zurich_S5R.pb",  # ordinal
    "Switzerland_Zurich_D10.pb",  # cumulative; add1-comparison keeps greedy
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",  # equalshares/add1-comparison
]

PHASES_OF = {
    "greedy": {"greedy"},
    "greedy-no-skip": {"greedy"},
    "greedy-threshold": {"greedy"},
    "mes": {"equal_shares"},
    "mes-add1": {"equal_shares", "completion"},
    "mes-add1-overspend": {"equal_shares", "completion"},
    "mes-add1u": {"equal_shares", "completion", "greedy_fill"},
    "phragmen": {"phragmen"},
}


def _cases():
    for name in SMALL_FILES:
        if not (pabulib_dir() / name).is_file():
            continue
        for rule in rules_for(election(name)):
            yield pytest.param(name, rule, id=f"{name[:-3]}-{rule}")
    katowice = "Poland_Katowice_2023.pb"  # META min_project_score_threshold
    if (pabulib_dir() / katowice).is_file():
        for rule in ("greedy-threshold", "greedy-no-skip"):
            yield pytest.param(katowice, rule, id=f"{katowice[:-3]}-{rule}")


CASES = list(_cases())


def _exact(value) -> Fraction:
    return Fraction(str(value))


@pytest.mark.skipif(not CASES, reason="no shared Pabulib files")
@pytest.mark.parametrize(("name", "rule"), CASES)
def test_every_project_is_explained_by_the_phase_that_paid_for_it(name, rule):
    e = election(name)
    outcome = compute(e, rule)
    rows = explain(e, outcome)
    assert [r["code"] for r in rows if r["selected"]] == outcome.selected
    assert {r["code"] for r in rows} == {p.id for p in e.projects}
    for r in rows:  # exactly one phase when funded, exactly one reason when not
        assert (r["phase"] in PHASES) == r["selected"] and (r["phase"] is None) != r["selected"]
        assert (r["reason"] in REASONS) != r["selected"] and (r["reason"] is None) == r["selected"]
        assert describe(r)
    expected = PHASES_OF.get(rule)
    if rule == "mes-add1-comparison":
        kept = outcome.details["kept"]
        expected = {"greedy"} if kept == "greedy" else {"equal_shares", "completion"}
    assert {r["phase"] for r in rows if r["selected"]} <= expected
    assert sum((_exact(r["cost"]) for r in rows if r["phase"]), Fraction(0)) == outcome.total_cost

    fill = [r["code"] for r in rows if r["phase"] == "greedy_fill"]
    assert fill == outcome.details.get("completed_by_greedy", [])
    for r in rows:
        if r["phase"] in ("equal_shares", "completion"):
            # paid from its supporters' shares: never more than all of them
            assert _exact(r["cost"]) <= _exact(r["shares"]) and r["share_used_pct"] <= 100
            assert r["supporters"] > 0 and r["round"] >= 1
            raised = _exact(r["voter_share"]) > _exact(r["plain_voter_share"])
            assert raised == (r["phase"] == "completion")
        if r["phase"] == "greedy_fill":
            # bought from left-over money: never explained by supporters' shares
            assert "share_used_pct" not in r and "shares" not in r
            assert _exact(r["cost"]) <= _exact(r["left_over"])
            assert "%" not in describe(r) and "did not pay" in describe(r)
        if r["reason"] == "did_not_fit":
            assert _exact(r["cost"]) > _exact(r["left_over"])
        if r["reason"] == "shares_too_small":
            assert _exact(r["shares"]) < _exact(r["cost"])
        if r["reason"] == "shares_spent":
            assert _exact(r["shares"]) >= _exact(r["cost"]) > r["money_left"] - 1e-6
        if r["reason"] in ("shares_too_small", "shares_spent") and "left_over" in r:
            assert _exact(r["cost"]) > _exact(r["left_over"])  # the fill could not buy it


def test_a_greedy_fill_is_not_said_to_be_paid_by_shares():
    """Assen 2024 under mes-add1u: the project bought from left-over money would need more than
    its supporters' shares, which the old page called "used over 100% of supporters' shares"."""
    name = "Netherlands_Assen_2024.pb"
    if not (pabulib_dir() / name).is_file():
        pytest.skip("no shared Pabulib files")
    e = election(name)
    rows = explain(e, compute(e, "mes-add1u"))
    (fill,) = [r for r in rows if r["phase"] == "greedy_fill"]
    plain_shares = e.budget / e.num_voters * fill["supporters"]
    assert _exact(fill["cost"]) > plain_shares
    assert "money left over" in describe(fill)
    completion = [r for r in rows if r["phase"] == "completion"]
    assert completion and all("raised" in describe(r) for r in completion)


def test_analyse_prints_the_phases(capsys):
    path = pabulib_dir() / "Netherlands_Assen_2024.pb"
    if not path.is_file():
        pytest.skip("no shared Pabulib files")
    assert main(["analyse", str(path), "--rule", "mes-add1u"]) == 0
    out = capsys.readouterr().out
    assert "greedy fill" in out and "completion" in out and "equal shares" in out
