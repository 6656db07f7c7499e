"""A survey answered as counts, for the count-entry pages' tests: two countable questions
(smileys with Urdu and Polish labels, and the default agreement scale), a free-text one that
is not counted, and one group with no grant (officers only)."""

from __future__ import annotations

import pytest

from commonground.consult import actions
from commonground.consult.models import QuestionKind

SMILEYS = [
    {"value": "yes", "label": "😊 Yes", "ur": "😊 ہاں", "pl": "😊 Tak"},
    {"value": "unsure", "label": "😐 Not sure", "ur": "😐 پتہ نہیں", "pl": "😐 Nie wiem"},
    {"value": "no", "label": "☹️ No", "ur": "☹️ نہیں", "pl": "☹️ Nie"},
]


@pytest.fixture(name="counted")
def counted_fixture(people, consultation):
    officer = people["officer"]
    survey = actions.create_survey(
        actor=officer, consultation=consultation, title="Linking", consent_text="No names."
    )
    page = actions.add_page(actor=officer, survey=survey, title="Statements")
    friends = actions.add_question(
        actor=officer,
        page=page,
        kind=QuestionKind.SINGLE,
        text="I would like to make friends with children from another school.",
        text_translations={
            "ur": "میں دوسرے اسکول کے بچوں سے دوستی کرنا چاہوں گا۔",
            "pl": "Chciałbym zaprzyjaźnić się z dziećmi z innej szkoły.",
        },
        choices=SMILEYS,
    )
    scale = actions.add_question(
        actor=officer, page=page, kind=QuestionKind.LIKERT, text="People get on well here."
    )
    actions.add_question(actor=officer, page=page, kind=QuestionKind.TEXT, text="Anything else?")
    group = actions.open_count_group(
        actor=officer, survey=survey, key="class-4b-before", label="Class 4B, before"
    )
    return {"survey": survey, "friends": friends, "scale": scale, "group": group, **people}


def posted(w, yes: str = "20") -> dict[str, str]:
    """A full set of boxes as a browser posts them."""
    data = {
        f"q{w['friends'].pk}-yes": yes,
        f"q{w['friends'].pk}-unsure": "5",
        f"q{w['friends'].pk}-no": "3",
    }
    for value, count in (("5", "10"), ("4", "8"), ("3", "0"), ("2", "1"), ("1", "0")):
        data[f"q{w['scale'].pk}-{value}"] = count
    return data
