"""Codes suggested against a codebook, measured on hand-written, hand-labelled comments."""

import json
from pathlib import Path

import numpy as np
import pytest

from commonground.textanalysis.coding import (
    CodebookEntry,
    CodebookError,
    evaluate,
    load_codebook,
    representative_quotes,
    suggest_codes,
)

from .conftest import CODEBOOK

pytestmark = pytest.mark.engine


def test_precision_and_recall_on_the_labelled_comments(
    labelled, labelled_coding_embeddings
) -> None:
    """data/labelled_comments.jsonl: 214 comments written as residents write, 12 topics, 24
    with two topics and 10 with none.  The ranking was chosen on ArgKP's train topics, not on
    this set.  Measured: precision 0.77, recall 0.81, F1 0.79 (the previous method, cosine
    within 0.04 of the best: 0.76, 0.82, 0.79)."""
    codebook = load_codebook(CODEBOOK)
    texts = [row["response"] for row in labelled]
    suggestions = suggest_codes(texts, codebook, embeddings=labelled_coding_embeddings)
    result = evaluate(suggestions, [row["labels"] for row in labelled])
    assert result["precision"] >= 0.70, result
    assert result["recall"] >= 0.75, result
    assert all(len(s.labels) <= 2 for s in suggestions)  # the top one, and a second if near
    assert sum(len(s.labels) > 1 for s in suggestions) >= 10  # comments about two things
    assert all(set(s.scores) == {e.topic_id for e in codebook} for s in suggestions)
    # A code needs a cosine of at least the threshold, whatever the ranking says.
    assert all(s.scores[label] >= 0.25 for s in suggestions for label in s.labels)


def test_officers_codings_improve_a_terse_codebook(labelled, labelled_coding_embeddings) -> None:
    """A codebook of bare labels; officers have coded one half of the comments, the other half
    is scored.  Measured F1 without → with their examples: 0.72 → 0.76 (odd half coded) and
    0.64 → 0.73 (even half coded); the previous method: 0.66 → 0.76 and 0.67 → 0.72."""
    codebook = [CodebookEntry(e.topic_id, e.topic_label, "") for e in load_codebook(CODEBOOK)]
    for half in (0, 1):
        coded = labelled[1 - half :: 2]
        held_out = list(range(half, len(labelled), 2))
        examples: dict[str, list[str]] = {}
        for row in coded:
            for label in row["labels"]:
                examples.setdefault(label, []).append(row["response"])
        texts = [labelled[i]["response"] for i in held_out]
        truth = [labelled[i]["labels"] for i in held_out]
        vectors = labelled_coding_embeddings[held_out]
        before = evaluate(suggest_codes(texts, codebook, embeddings=vectors), truth)
        after = evaluate(
            suggest_codes(texts, codebook, embeddings=vectors, examples=examples), truth
        )
        assert after["f1"] >= before["f1"] + 0.03, (half, before, after)
        assert after["f1"] >= 0.66, (half, after)


def test_threshold_trades_recall_for_precision(labelled, labelled_coding_embeddings) -> None:
    codebook = load_codebook(CODEBOOK)
    texts = [row["response"] for row in labelled]
    truth = [row["labels"] for row in labelled]
    strict = evaluate(
        suggest_codes(texts, codebook, embeddings=labelled_coding_embeddings, threshold=0.35), truth
    )
    loose = evaluate(
        suggest_codes(texts, codebook, embeddings=labelled_coding_embeddings, threshold=0.15), truth
    )
    assert strict["precision"] > loose["precision"] and strict["recall"] < loose["recall"]


def test_comment_about_nothing_in_the_codebook_gets_no_code() -> None:
    """Of the labelled set's 10 off-topic comments, 5 get no code (measured); the others are
    near a topic ("the city park fountain" → parks, "traffic on Canal Road" → transport)."""
    codebook = load_codebook(CODEBOOK)
    nothing, buses = suggest_codes(
        [
            "Council tax is far too high and nothing gets done.",
            "There are no buses in the evening.",
        ],
        codebook,
    )
    assert nothing.labels == []
    assert buses.labels == ["public_transport"]


def test_representative_quotes_are_closest_to_the_centre() -> None:
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.6, 0.8], [0.0, 1.0], [0.71, 0.71]])
    # Centre of 0, 1 and 4 points at 27.6°; they sit at 0°, 36.9° and 45°.
    assert representative_quotes(vectors, [0, 1, 4], k=2) == [1, 4]
    assert representative_quotes(vectors, [0, 3], k=3) in ([0, 3], [3, 0])
    assert representative_quotes(vectors, []) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a non-empty JSON list of topics"),
        ("[]", "expected a non-empty JSON list of topics"),
        ('[{"topic_id": "a", "topic_label": "A"}, 3]', "entry 1: expected an object, got int"),
        ('[{"topic_label": "A"}]', 'entry 0: missing "topic_id"'),
        ('[{"topic_id": "a"}]', 'entry 0: missing "topic_label"'),
        ('[{"topic_id": "a", "topic_label": ["A"]}]', 'entry 0: "topic_label" must be a string'),
        (
            '[{"topic_id": "a", "topic_label": "A"}, {"topic_id": "a", "topic_label": "B"}]',
            'entry 1: duplicate topic_id "a"',
        ),
        ('[{"topic_id": "a",\n "topic_label": }]', ":2: not valid JSON"),
    ],
)
def test_codebook_errors_name_file_entry_and_field(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "codebook.json"
    path.write_text(content)
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_codebook_loads_and_splits_into_phrases() -> None:
    codebook = load_codebook(CODEBOOK)
    assert len(codebook) == 12 and all(isinstance(e, CodebookEntry) for e in codebook)
    transport = next(e for e in codebook if e.topic_id == "public_transport")
    assert transport.phrases()[0] == "Public transport"
    assert "fares" in transport.phrases()
    assert json.loads(CODEBOOK.read_text())[0]["topic_id"] == codebook[0].topic_id
