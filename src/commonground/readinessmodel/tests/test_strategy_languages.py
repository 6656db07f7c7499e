"""The goal and strategies of each stage ship in English, Urdu and Polish; a damaged or
half-finished translation is read strictly or falls back to the English."""

from __future__ import annotations

import re

import pytest

from commonground.readinessmodel import STAGE_NAMES, catalogue

pytestmark = pytest.mark.engine

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
POLISH_LETTERS = re.compile(r"[ąćęłńóśźż]", re.IGNORECASE)


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_every_stage_goal_and_strategy_is_translated(language):
    english = catalogue.strategies("en")
    local = catalogue.strategies(language)
    assert sorted(local) == list(STAGE_NAMES)
    for stage in STAGE_NAMES:
        assert local[stage].goal != english[stage].goal, stage
        assert len(local[stage].strategies) == len(english[stage].strategies), stage
        for mine, theirs in zip(local[stage].strategies, english[stage].strategies, strict=True):
            assert mine.strip() and mine != theirs, (stage, theirs)


def test_urdu_is_in_urdu_script_and_polish_in_polish():
    urdu = catalogue.strategies("ur")
    polish = catalogue.strategies("pl")
    for stage in STAGE_NAMES:
        assert ARABIC_SCRIPT.search(urdu[stage].goal), stage
        assert all(ARABIC_SCRIPT.search(s) for s in urdu[stage].strategies), stage
    assert polish[1].goal == "Zwiększyć świadomość problemu."
    assert sum(bool(POLISH_LETTERS.search(s.goal)) for s in polish.values()) >= 5
    assert catalogue.strategies("pl-PL") == polish


def test_a_missing_stage_or_field_falls_back_to_the_english(monkeypatch):
    real = catalogue._load

    def partial(name):
        if name == "strategies.pl.json":
            return {"2": {"goal": "Tylko cel."}}
        return real(name)

    monkeypatch.setattr(catalogue, "_load", partial)
    english = catalogue.strategies("en")
    local = catalogue.strategies("pl")
    assert local[2].goal == "Tylko cel."
    assert local[2].strategies == english[2].strategies
    assert local[5] == english[5]


@pytest.mark.parametrize(
    ("damaged", "message"),
    [
        ({"10": {"goal": "x"}}, "strategies.ur.json: unknown stage '10'"),
        ({"goal": "x"}, "strategies.ur.json: unknown stage 'goal'"),
        ({"3": {"strategies": "one line"}}, "stage 3's strategies must be a list of text"),
    ],
)
def test_a_damaged_translation_is_refused_naming_the_file_and_stage(monkeypatch, damaged, message):
    real = catalogue._load
    monkeypatch.setattr(
        catalogue, "_load", lambda name: damaged if name == "strategies.ur.json" else real(name)
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        catalogue.strategies("ur")


def test_unknown_languages_are_refused():
    with pytest.raises(ValueError, match="no scales in 'fr'"):
        catalogue.strategies("fr")
