"""Personal data is masked before quotes are published; street names and districts are not."""

from itertools import pairwise

import pytest

from commonground.textanalysis.pii import (
    Span,
    evaluate,
    find_personal_data,
    first_names,
    labelled_path,
    mask_personal_data,
)

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "My name is Sarah Khan, call me on 07700 900123 or sarah.k@gmail.com",
            "My name is [name], call me on [phone] or [email]",
        ),
        ("I live at 14 Oak Lane, BD8 7AB.", "I live at [address], [postcode]."),
        ("Flat 4, 17 Manor Row has damp", "[address] has damp"),
        (
            "we live in flat 3b and the lift is broken",
            "we live in [address] and the lift is broken",
        ),
        ("Mrs Begum at the mosque was lovely", "Mrs [name] at the mosque was lovely"),
        ("My son Will loves the club", "My son [name] loves the club"),
        ("hi my name is tomasz i work nights", "hi my name is [name] i work nights"),
        ("Ring +44 7911 123456 for the key", "Ring [phone] for the key"),
        ("ring 432111 after six", "ring [phone] after six"),
        ("Łukasz and Ayesha ran the homework club", "[name] and [name] ran the homework club"),
        (
            "bd3 9qs here, the alley is full of rubbish",
            "[postcode] here, the alley is full of rubbish",
        ),
    ],
)
def test_masks_personal_data(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "We need buses on Bradford Road after 7pm.",  # a street, not an address
        "I have lived in BD3 for ten years.",  # an outward code is a district
        "I'm Polish and I'm worried about the park.",
        "Will there be funding next year? May I suggest a festival.",
        "St Mary's church hall would suit a lunch club.",
        "The number 680 bus runs every 20 minutes, fares went up to £2.50 in 2024.",
        "Between 2019 and 2023 three youth centres closed.",
        "Eid in the Park and Diwali on Leeds Road bring everyone together.",
    ],
)
def test_keeps_what_is_not_personal(text: str) -> None:
    assert mask_personal_data(text) == text
    assert find_personal_data(text) == []


def test_spans_point_into_the_text_without_overlaps() -> None:
    text = "Contact: a.hussain@gmail.com / 07987 654321, 9 Lumb Lane BD8 7AB, ask for Imran."
    spans = find_personal_data(text)
    assert [s.kind for s in spans] == ["email", "phone", "address", "postcode", "name"]
    assert [text[s.start : s.end] for s in spans] == [
        "a.hussain@gmail.com",
        "07987 654321",
        "9 Lumb Lane",
        "BD8 7AB",
        "Imran",
    ]
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert isinstance(spans[0], Span)


def test_the_name_list_covers_the_districts_communities() -> None:
    names = first_names()
    for name in ("Sarah", "Mohammed", "Nasima", "Gurpreet", "Agnieszka", "Zuzana", "Yusuf"):
        assert name in names
    assert len(names) > 250


def test_precision_and_recall_on_the_labelled_sentences() -> None:
    """data/pii_labelled.jsonl: 165 sentences, 100 pieces of personal data, 75 tricky negatives.

    Measured: precision 0.99 (one "Jack Russell"), recall 1.00.  The set was written while the
    rules were developed, so the thresholds leave room for new phrasings.
    """
    result = evaluate()
    assert result["labelled"] >= 100
    assert result["recall"] >= 0.97, result
    assert result["precision"] >= 0.95, result


def test_precision_and_recall_on_sentences_written_after_the_rules() -> None:
    """data/pii_heldout.jsonl: 45 sentences (28 pieces of personal data) written once the rules
    were fixed and not used to change them.  Measured: precision 1.00, recall 1.00."""
    result = evaluate(labelled_path().with_name("pii_heldout.jsonl"))
    assert result["labelled"] >= 25
    assert result["recall"] >= 0.95, result
    assert result["precision"] >= 0.95, result
