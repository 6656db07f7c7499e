"""Worked cases, by hand, of the handbook's rules: means of consensus, truncation, agreement."""

from fractions import Fraction

import pytest

from commonground.readinessmodel import STAGE_NAMES, ScoreRow, score_rows, stage_of
from commonground.readinessmodel.sheets import read_sheet

pytestmark = pytest.mark.engine


def test_worked_sheet_dimension_scores_are_means_of_consensus(worked):
    profile = score_rows(read_sheet(worked))
    scores = {k: d.score for k, d in profile.dimensions.items()}
    assert scores == {
        "A": Fraction(4),  # (3 + 4 + 5) / 3
        "B": Fraction(5, 2),  # (2 + 2.5 + 3) / 3
        "C": Fraction(25, 6),  # (4 + 4 + 4.5) / 3
        "D": Fraction(11, 2),  # (5 + 5.5 + 6) / 3
        "E": Fraction(37, 12),  # (3 + 3 + 3.25) / 3
        "F": Fraction(8, 3),  # (2 + 3 + 3) / 3
    }


def test_worked_sheet_overall_and_stage(worked):
    profile = score_rows(read_sheet(worked))
    assert profile.overall == Fraction(263, 72)  # 3.65…: the mean of the six
    assert (profile.stage, profile.stage_name) == (3, "vague awareness")
    assert {k: d.stage for k, d in profile.dimensions.items()} == {
        "A": 4,
        "B": 2,
        "C": 4,
        "D": 5,
        "E": 3,
        "F": 2,
    }
    assert profile.lowest == ("B", "F")


def test_worked_sheet_agreement_is_share_within_one_point(worked):
    profile = score_rows(read_sheet(worked))
    agreement = {k: d.agreement for k, d in profile.dimensions.items()}
    # A: differences 0, 1, 2 → two of three within one point.
    assert agreement["A"] == Fraction(2, 3)
    assert agreement["D"] == Fraction(1)
    # F: interview 3 has only a consensus (a paper sheet): agreement over the two with both.
    assert agreement["F"] == Fraction(1)
    assert profile.dimensions["F"].compared == 2
    assert profile.disagreements == (("3", "A", 5, 7),)


def test_issue_example_four_point_eight_three_is_stage_four():
    assert stage_of(Fraction("4.83")) == 4
    assert STAGE_NAMES[stage_of(Fraction("4.83"))] == "preplanning"


def test_a_hair_below_five_is_stage_four_where_floats_would_say_five():
    # Six interviews whose consensus means sit a hair below 5 on every dimension.
    rows = []
    for n in range(1, 7):
        for letter in "ABCDEF":
            score = Fraction(5) if n < 6 else Fraction(5) - Fraction(1, 10**17)
            rows.append(ScoreRow(str(n), letter, "consensus", score))
    profile = score_rows(rows)
    assert float(profile.overall) == 5.0  # a float cannot tell it from 5 …
    assert profile.stage == 4  # … the exact fraction can


def test_every_stage_has_its_name_from_the_issue():
    assert list(STAGE_NAMES.values()) == [
        "no awareness",
        "denial/resistance",
        "vague awareness",
        "preplanning",
        "preparation",
        "initiation",
        "stabilisation",
        "confirmation/expansion",
        "high level of community ownership",
    ]


def test_nine_only_when_every_score_is_nine():
    rows = [ScoreRow("1", letter, "consensus", Fraction(9)) for letter in "ABCDEF"]
    assert score_rows(rows).stage == 9
    rows[0] = ScoreRow("1", "A", "consensus", Fraction("8.99"))
    assert score_rows(rows).stage == 8
