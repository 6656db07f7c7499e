"""Every readiness permission, asked of every kind of person (a matrix, as meinBerlin does)."""

import pytest

from commonground.readiness import actions

from .conftest import score_both

PEOPLE = ["officer", "scorer_a", "scorer_b", "interviewer", "other_officer", "board", "resident"]


def _who(people, perm, obj=None):
    return {name for name in PEOPLE if people[name].has_perm(perm, obj)}


def test_setting_up_and_editing_strategies_is_for_officers(people):
    assert _who(people, "readiness.create") == {"officer", "scorer_a", "other_officer"}
    assert _who(people, "readiness.edit_strategies") == {"officer", "scorer_a", "other_officer"}
    assert "resident" not in _who(people, "readiness.view_strategies")


def test_interviews_are_for_the_team_only(people, assessment):
    team = {"officer", "scorer_a", "scorer_b", "interviewer"}
    assert _who(people, "readiness.view_interviews", assessment) == team
    assert _who(people, "readiness.record_interview", assessment) == team
    assert _who(people, "readiness.view", assessment) == team | {"other_officer", "board"}


def test_scoring_is_blind_and_once(people, interview):
    assert _who(people, "readiness.score", interview) == {"scorer_a", "scorer_b"}
    assert _who(people, "readiness.see_both_scores", interview) == set()
    actions.finish_sheet(
        actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 4)
    )
    assert _who(people, "readiness.score", interview) == {"scorer_b"}
    assert _who(people, "readiness.see_both_scores", interview) == set()


@pytest.mark.parametrize("perm", ["readiness.see_both_scores", "readiness.agree_consensus"])
def test_after_both_finish(people, interview, perm):
    score_both(people, interview)
    expected = {"scorer_a", "scorer_b"}
    if perm == "readiness.see_both_scores":
        expected |= {"officer", "interviewer"}
    assert _who(people, perm, interview) == expected
