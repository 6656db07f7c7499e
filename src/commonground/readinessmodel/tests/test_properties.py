"""Properties of the scoring that hold for every sheet (Hypothesis), and a pandas cross-check."""

import csv
import io
import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.readinessmodel import ScoreRow, score_rows, stage_of
from commonground.readinessmodel.sheets import read_sheet_text

pytestmark = pytest.mark.engine

LETTERS = "ABCDEF"
# The machine the suite runs on may be busy: judge the properties, not the generation speed.
calm = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
whole = st.integers(min_value=1, max_value=9)
# Consensus scores as people write them: quarters, halves, thirds as 2-place decimals, wholes.
consensus = st.sampled_from([Fraction(n, 4) for n in range(4, 37)] + [Fraction("4.33")])


@st.composite
def sheets(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for i in range(1, n + 1):
        for letter in LETTERS:
            if draw(st.booleans()):
                rows.append(ScoreRow(f"i{i}", letter, "a", Fraction(draw(whole))))
                rows.append(ScoreRow(f"i{i}", letter, "b", Fraction(draw(whole))))
            rows.append(ScoreRow(f"i{i}", letter, "consensus", draw(consensus)))
    return draw(st.permutations(rows))


@calm
@given(sheets())
def test_scores_are_exact_means_and_stage_is_the_floor(rows):
    profile = score_rows(rows)
    for letter, result in profile.dimensions.items():
        values = [r.score for r in rows if r.dimension == letter and r.scorer == "consensus"]
        assert result.score == sum(values) / len(values)
        assert result.stage == math.floor(result.score)
    assert profile.overall * 6 == sum(d.score for d in profile.dimensions.values())
    assert 1 <= profile.overall <= 9
    assert profile.stage == math.floor(profile.overall)


@calm
@given(sheets())
def test_agreement_is_a_share_of_interviews_with_both_scores(rows):
    profile = score_rows(rows)
    for letter, result in profile.dimensions.items():
        pairs = {}
        for r in rows:
            if r.dimension == letter and r.scorer in "ab":
                pairs.setdefault(r.interview, {})[r.scorer] = r.score
        both = [p for p in pairs.values() if len(p) == 2]
        assert result.compared == len(both)
        if not both:
            assert result.agreement is None
        else:
            assert 0 <= result.agreement <= 1
            assert result.agreement * len(both) == sum(abs(p["a"] - p["b"]) <= 1 for p in both)


@calm
@given(sheets())
def test_order_of_rows_does_not_matter(rows):
    assert score_rows(rows).as_contract() == score_rows(sorted(rows, key=repr)).as_contract()


@calm
@given(sheets())
def test_the_lowest_dimensions_are_at_the_minimum_stage(rows):
    profile = score_rows(rows)
    stages = {k: d.stage for k, d in profile.dimensions.items()}
    assert profile.lowest and all(stages[k] == min(stages.values()) for k in profile.lowest)
    assert set(profile.lowest) == {k for k, s in stages.items() if s == min(stages.values())}


@calm
@given(st.fractions(min_value=1, max_value=9))
def test_stage_never_rounds_up(value):
    assert stage_of(value) <= value < stage_of(value) + 1


@calm
@given(st.decimals(min_value=1, max_value=9, places=3, allow_nan=False))
def test_decimal_text_is_read_exactly(value):
    text = "interview,dimension,scorer,score\n" + "".join(
        f"1,{letter},consensus,{value}\n" for letter in LETTERS
    )
    (row, *_) = read_sheet_text(text)
    assert row.score == Fraction(str(value))


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sheets())
def test_matches_an_independent_pandas_computation(rows):
    """The same figures by pandas' group means in floats, to float precision."""
    frame = pd.read_csv(
        io.StringIO(_csv(rows)), dtype={"interview": str, "dimension": str, "scorer": str}
    )
    cons = frame[frame.scorer == "consensus"].groupby("dimension")["score"].mean()
    wide = frame[frame.scorer != "consensus"].pivot_table(
        index=["dimension", "interview"], columns="scorer", values="score"
    )
    contract = score_rows(rows).as_contract()
    for letter in LETTERS:
        assert contract["dimensions"][letter] == pytest.approx(cons[letter], rel=1e-12)
        if "a" in wide and letter in wide.index.get_level_values(0):
            part = wide.loc[letter].dropna()
            expected = float(((part["a"] - part["b"]).abs() <= 1).mean())
            assert contract["agreement"][letter] == pytest.approx(expected)
    assert contract["overall"] == pytest.approx(cons.mean(), rel=1e-12)


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["interview", "dimension", "scorer", "score"])
    for r in rows:
        writer.writerow([r.interview, r.dimension, r.scorer, float(r.score)])
    return out.getvalue()
