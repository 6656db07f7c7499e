"""The ranking steps (``textanalysis/ranking.py``) and catch-all themes in ``suggest_codes``."""

import numpy as np
import pytest

from commonground.textanalysis.coding import (
    CodebookEntry,
    is_catch_all,
    load_codebook,
    suggest_codes,
)
from commonground.textanalysis.ranking import (
    centred_cosine,
    char_ngram_similarity,
    gap_rule,
    smooth_over_neighbours,
)

from .conftest import CODEBOOK

pytestmark = pytest.mark.engine


def test_gap_rule_takes_a_second_theme_only_when_it_is_nearer_the_first() -> None:
    rank = np.array([0.9, 0.8, 0.1, 0.0])
    assert gap_rule([0, 1, 2, 3], rank) == [0, 1]  # 0.1 to the second, 0.7 below it
    rank = np.array([0.9, 0.5, 0.4, 0.0])
    assert gap_rule([0, 1, 2, 3], rank) == [0]  # 0.4 to the second, 0.1 below it
    assert gap_rule([1, 0], np.array([0.5, 0.6])) == [1]  # two themes: no gap below to compare
    assert gap_rule([0], np.array([0.2])) == [0]


def test_character_ngrams_match_word_forms_in_any_script() -> None:
    themes = ["School uniform reduces bullying", "Uniforms are too expensive for parents"]
    scores = char_ngram_similarity(
        ["kids get bullied less when everyone looks the same", "it costs parents a lot"], themes
    )
    assert scores[0, 0] > scores[0, 1] and scores[1, 1] > scores[1, 0]
    urdu = char_ngram_similarity(["بسیں شام کو نہیں چلتیں"], ["بسیں اور ٹرینیں", "پارک اور کھیل"])
    assert urdu[0, 0] > urdu[0, 1] == 0.0
    assert np.all(char_ngram_similarity(["?!"], themes) == 0.0)  # no words: no match, no NaN


def test_centring_a_single_response_is_defined() -> None:
    rng = np.random.default_rng(0)
    topics = rng.normal(size=(4, 8)).astype(np.float32)
    one = rng.normal(size=(1, 8)).astype(np.float32)
    scores, vectors = centred_cosine(one, topics)
    assert scores.shape == (1, 4) and np.all(np.isfinite(scores))
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)


def test_neighbours_blend_scores_of_similar_responses() -> None:
    vectors = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.14, 0.99]] * 5, dtype=np.float32)
    scores = np.tile(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), (5, 1))
    scores[0] = [0.0, 0.0]  # a response with no evidence of its own
    smoothed = smooth_over_neighbours(scores, vectors, 0.5, k=3)
    assert smoothed[0, 0] > smoothed[0, 1]  # its neighbours all make the first point
    few = scores[:5]
    assert np.array_equal(smooth_over_neighbours(few, vectors[:5], 0.5, k=3), few)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("None of the above", True),
        ("Other", True),
        ("No reason given", True),
        ("Don't know", True),
        ("Other languages", False),
        ("Public transport", False),
    ],
)
def test_catch_all_themes_are_recognised_by_their_label(label: str, expected: bool) -> None:
    assert is_catch_all(CodebookEntry("x", label, "")) is expected


def test_a_catch_all_theme_takes_only_what_fits_nothing_else() -> None:
    """Never ranked by its wording; given where no ordinary theme reaches the threshold, so an
    officer sees those comments under it and can recode them."""
    codebook = [*load_codebook(CODEBOOK), CodebookEntry("none", "None of the above", "")]
    nothing, buses = suggest_codes(
        [
            "Council tax is far too high and nothing gets done.",
            "There are no buses in the evening.",
        ],
        codebook,
    )
    assert nothing.labels == ["none"]
    assert buses.labels == ["public_transport"]
    assert set(buses.scores) == {entry.topic_id for entry in codebook}
