"""The anchored scales and the standard interview guide ship in English, Urdu and Polish."""

from __future__ import annotations

import pytest

from commonground.readinessmodel import DIMENSIONS, catalogue


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_every_anchor_name_and_question_is_translated(language):
    english = catalogue.scales("en")
    local = catalogue.scales(language)
    for letter in DIMENSIONS:
        assert local[letter].name != english[letter].name
        assert local[letter].question != english[letter].question
        assert sorted(local[letter].anchors) == list(range(1, 10))
        for n in range(1, 10):
            assert local[letter].anchors[n] != english[letter].anchors[n], (letter, n)


def test_urdu_is_in_urdu_script_and_polish_in_polish():
    assert "کمیونٹی" in catalogue.scales("ur")["A"].name
    assert catalogue.scales("pl")["C"].name == "Przywództwo"


def test_the_guide_asks_about_every_dimension_in_each_language():
    for language in catalogue.LANGUAGES:
        questions = catalogue.guide(language)
        assert {d for d, _q in questions} == set(DIMENSIONS)
        assert len(questions) == len(catalogue.guide("en"))
    assert catalogue.guide("ur")[0][1] != catalogue.guide("en")[0][1]
    text = catalogue.guide_text("pl")
    assert text.startswith("1. W skali od 1 do 10")
    assert text.count("\n") == len(catalogue.guide("pl")) - 1


def test_a_region_code_reads_as_its_language_and_unknown_languages_are_refused():
    assert catalogue.scales("pl-PL")["A"].name == catalogue.scales("pl")["A"].name
    with pytest.raises(ValueError, match="no scales in 'fr'"):
        catalogue.scales("fr")
