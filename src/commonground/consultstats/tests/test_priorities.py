"""Priorities combined across methods: the rule on a worked example, ties, the bootstrap."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest

from commonground.consultstats.priorities import (
    Response,
    Session,
    SurveyMethod,
    TallyMethod,
    combine,
)

pytestmark = pytest.mark.engine


def worked_example() -> tuple[list[str], list[SurveyMethod | TallyMethod]]:
    """Three options; a survey of three and a board table of two sessions.

    Survey (each respondent one unit):
      R1 ranks a, b, c     → Borda 3, 2, 1 over 6:  a 1/2, b 1/3, c 1/6
      R2 ranks b only      →                        b 1
      R3 ticks a and c     →                        a 1/2, c 1/2
      survey scores (mean): a = 1/3, b = 4/9, c = 2/9
    Board table (sessions weighted by participants):
      S1, 10 people: a 4 dots, c 4 dots → a 1/2, c 1/2
      S2,  5 people: b 6 dots           → b 1
      board scores: a = 10·½/15 = 1/3, b = 5/15 = 1/3, c = 1/3 (a three-way tie)
    Combined, weighted by people heard (3 and 15 → 1/6 and 5/6):
      a = 1/6·1/3 + 5/6·1/3 = 18/54;  b = 1/6·4/9 + 5/6·1/3 = 19/54;  c = 17/54
      → b, a, c.
    Equal weighting: a = 1/3, b = (4/9 + 1/3)/2 = 7/18, c = (2/9 + 1/3)/2 = 5/18 → b, a, c.
    People behind: a = 2 respondents + 10 (S1) = 12; b = 2 + 5 (S2) = 7; c = 2 + 10 = 12.
    """
    survey = SurveyMethod(
        "survey",
        [
            Response(ranking=("a", "b", "c")),
            Response(ranking=("b",)),
            Response(chosen=frozenset({"a", "c"})),
        ],
    )
    board = TallyMethod(
        "board_table",
        [Session({"a": 4, "c": 4}, participants=10), Session({"b": 6}, participants=5)],
    )
    return ["a", "b", "c"], [survey, board]


def test_worked_example_weighted_by_people():
    options, methods = worked_example()
    result = combine(options, methods, replicates=200, seed=1)
    by_option = {o.option: o for o in result.options}
    assert [o.option for o in result.options] == ["b", "a", "c"]
    assert [o.rank for o in result.options] == [1, 2, 3]
    for option, expected in {"a": F(18, 54), "b": F(19, 54), "c": F(17, 54)}.items():
        assert by_option[option].score == pytest.approx(float(expected))
    survey = {o: by_option[o].by_method["survey"] for o in options}
    assert survey["a"].score == pytest.approx(1 / 3)
    assert survey["b"].score == pytest.approx(4 / 9)
    assert survey["c"].score == pytest.approx(2 / 9)
    assert [survey[o].rank for o in options] == [2, 1, 3]
    board = {o: by_option[o].by_method["board_table"] for o in options}
    assert all(board[o].score == pytest.approx(1 / 3) for o in options)
    assert [board[o].rank for o in options] == [1, 1, 1]  # a tie shares the top rank
    assert {o: by_option[o].people for o in options} == {"a": 12, "b": 7, "c": 12}
    assert board["b"].votes == 6
    weights = {m.name: m.weight for m in result.methods}
    assert weights == pytest.approx({"survey": 1 / 6, "board_table": 5 / 6})


def test_worked_example_equal_weighting():
    options, methods = worked_example()
    result = combine(options, methods, weighting="equal", replicates=200, seed=1)
    scores = {o.option: o.score for o in result.options}
    assert scores == pytest.approx({"a": 1 / 3, "b": 7 / 18, "c": 5 / 18})
    assert {m.name: m.weight for m in result.methods} == {"survey": 0.5, "board_table": 0.5}


def test_ties_share_a_rank_and_keep_the_given_order():
    """Two respondents with mirror-image rankings tie every option pair at the extremes."""
    survey = SurveyMethod(
        "survey", [Response(ranking=("x", "y", "z")), Response(ranking=("z", "y", "x"))]
    )
    result = combine(["z", "y", "x"], [survey], replicates=50)
    assert [(o.option, o.rank) for o in result.options] == [("z", 1), ("y", 1), ("x", 1)]
    again = combine(["z", "y", "x"], [survey], replicates=50)
    assert result.to_dict() == again.to_dict()


def test_reach_weights_change_the_survey_mean():
    """Weight 3 on the respondent who put b first: b's share = (3·1 + 1·0)/4 = 3/4."""
    survey = SurveyMethod(
        "survey", [Response(chosen=frozenset({"a"})), Response(ranking=("b",), weight=3.0)]
    )
    result = combine(["a", "b"], [survey], replicates=100)
    assert {o.option: o.score for o in result.options} == pytest.approx({"a": 0.25, "b": 0.75})
    assert {o.option: o.people for o in result.options} == {"a": 1, "b": 1}


def test_result_is_json_and_reproducible():
    options, methods = worked_example()
    first = combine(options, methods, replicates=300, seed=7).to_dict()
    text = json.dumps(first)
    assert json.loads(text) == first
    assert combine(options, methods, replicates=300, seed=7).to_dict() == first
    assert first["options"][0]["by_method"]["survey"]["rank"] == 1
    # In every replicate at least three options rank 3rd or better.
    assert sum(o["p_top3"] for o in first["options"]) >= 3 - 1e-9


def test_blank_and_single_session_are_noted():
    survey = SurveyMethod("survey", [Response(), Response(chosen=frozenset({"a"}))])
    vox = TallyMethod("vox_pop", [Session({"b": 2}, participants=3), Session({}, 4)])
    result = combine(["a", "b"], [survey, vox], replicates=50)
    assert any("1 blank responses" in note for note in result.notes)
    assert any("only one session" in note for note in result.notes)
    assert {m.name: m.people for m in result.methods} == {"survey": 1, "vox_pop": 3}


def test_errors_name_the_method_and_response():
    with pytest.raises(ValueError, match=r"survey response 2: unknown option 'q'"):
        combine(["a"], [SurveyMethod("survey", [Response(ranking=("a",)), Response(("q",))])])
    with pytest.raises(ValueError, match="ranked twice"):
        combine(["a", "b"], [SurveyMethod("survey", [Response(ranking=("a", "a"))])])
    with pytest.raises(ValueError, match="heard anyone"):
        combine(["a"], [SurveyMethod("survey", [Response()])])


def test_bootstrap_intervals_cover_the_truth_at_about_the_nominal_rate():
    """Simulate consultations whose true shares are known and count how often the 95%
    interval holds the truth.  Survey: 150 people each tick one option drawn from p; board
    table: 30 sessions of 4–12 people putting 2 dots each, drawn from p.  Each method's
    expected score is p, so the combined truth is p whatever the weights."""
    rng = np.random.default_rng(2024)
    options = ["a", "b", "c", "d"]
    p = np.array([0.4, 0.3, 0.2, 0.1])
    covered = trials = 0
    for _ in range(150):
        picks = rng.choice(4, size=150, p=p)
        survey = SurveyMethod("survey", [Response(chosen=frozenset({options[i]})) for i in picks])
        sessions = []
        for _ in range(30):
            people = int(rng.integers(4, 13))
            dots = rng.multinomial(2 * people, p)
            sessions.append(Session(dict(zip(options, dots.tolist(), strict=True)), people))
        result = combine(
            options, [survey, TallyMethod("board", sessions)], replicates=400, seed=rng
        )
        for o in result.options:
            truth = p[options.index(o.option)]
            covered += o.low <= truth <= o.high
            trials += 1
    assert 0.91 <= covered / trials <= 0.98
