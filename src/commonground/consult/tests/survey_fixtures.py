"""Fixtures for the survey's tests: an open Bradford consultation with priority options and a
survey of every question kind, built through the builder actions (so the fixtures exercise
the same code as the builder pages).

Test modules import the fixtures they use (``survey_world_fixture``, named "survey_world")
with ``english_between_tests`` (autouse: a request to /ur/… leaves Urdu active in the thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.consult import actions as survey_actions
from commonground.consult.models import (
    Consultation,
    ConsultationStatus,
    PriorityOption,
    Question,
    QuestionKind,
    Survey,
)
from commonground.core.models import User
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixture re-exported)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.testing.people import make_user

OPTIONS = [
    ("Employment", {"ur": "روزگار", "pl": "Zatrudnienie"}),
    ("English language", {"ur": "انگریزی زبان", "pl": "Język angielski"}),
    ("Feeling safe", {"ur": "محفوظ محسوس کرنا", "pl": "Poczucie bezpieczeństwa"}),
    ("Young people", {"ur": "نوجوان", "pl": "Młodzież"}),
]


def make_consultation(officer: User, slug: str = "belonging-2025", **overrides) -> Consultation:
    now = timezone.now()
    fields = {
        "title": "What would make Bradford District a better place to belong?",
        "slug": slug,
        "purpose": "We are asking residents what matters most for the next strategy.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "languages": ["en", "ur", "pl"],
        "status": ConsultationStatus.OPEN,
        "created_by": officer,
    }
    fields.update(overrides)
    consultation = Consultation.objects.create(**fields)
    for order, (label, translations) in enumerate(OPTIONS):
        PriorityOption.objects.create(
            consultation=consultation, label=label, label_translations=translations, order=order
        )
    return consultation


@dataclass
class SurveyWorld:
    officer: User
    consultation: Consultation
    survey: Survey
    ranking: Question
    belonging: Question
    volunteered: Question
    volunteering: Question
    hours: Question
    idea: Question
    moved: Question
    postcode: Question
    age: Question
    ward: Question

    @property
    def yes(self) -> str:
        return next(c["value"] for c in self.volunteered.choices if c["label"] == "Yes")


def build_survey(officer: User, consultation: Consultation) -> SurveyWorld:
    """Five pages: priorities and belonging; volunteering (with a conditional page after it);
    ideas, date and postcode; about you."""
    survey = survey_actions.create_survey(
        actor=officer,
        consultation=consultation,
        title="Belonging in Bradford District",
        title_translations={"ur": "بریڈفورڈ ڈسٹرکٹ میں اپنائیت", "pl": "Przynależność w Bradford"},
        intro="Ten minutes of questions about what matters to you.",
        consent_text="We use your answers to plan the strategy. We publish no names.",
        consent_translations={
            "ur": "ہم آپ کے جوابات حکمتِ عملی بنانے کے لیے استعمال کرتے ہیں۔ "
            "ہم کوئی نام شائع نہیں کرتے۔",
            "pl": "Wykorzystamy odpowiedzi do planowania strategii. Nie publikujemy nazwisk.",
        },
    )
    add = survey_actions.add_question
    page1 = survey_actions.add_page(
        actor=officer,
        survey=survey,
        title="Your priorities",
        title_translations={"ur": "آپ کی ترجیحات", "pl": "Twoje priorytety"},
    )
    ranking = add(
        actor=officer,
        page=page1,
        kind=QuestionKind.RANKING,
        text="Which matter most to you?",
        text_translations={
            "ur": "آپ کے لیے سب سے اہم کیا ہے؟",
            "pl": "Co jest dla Ciebie najważniejsze?",
        },
        uses_priority_options=True,
        max_ranked=3,
        required=True,
    )
    belonging = add(
        actor=officer,
        page=page1,
        kind=QuestionKind.LIKERT,
        text="I feel I belong to my neighbourhood",
        text_translations={
            "ur": "میں محسوس کرتا ہوں کہ میں اپنے محلے کا حصہ ہوں",
            "pl": "Czuję, że należę do mojej okolicy",
        },
        required=True,
    )
    page2 = survey_actions.add_page(actor=officer, survey=survey, title="Getting involved")
    volunteered = add(
        actor=officer,
        page=page2,
        kind=QuestionKind.SINGLE,
        text="Have you volunteered in the last year?",
        text_translations={
            "ur": "کیا آپ نے پچھلے سال رضاکارانہ کام کیا؟",
            "pl": "Czy w ostatnim roku działałeś/aś jako wolontariusz?",
        },
        choices=[
            {"value": "c1", "label": "Yes", "ur": "جی ہاں", "pl": "Tak"},
            {"value": "c2", "label": "No", "ur": "نہیں", "pl": "Nie"},
        ],
        required=True,
    )
    page3 = survey_actions.add_page(actor=officer, survey=survey, title="Volunteering")
    volunteering = add(
        actor=officer,
        page=page3,
        kind=QuestionKind.TEXT,
        text="What did you do?",
        condition_question=volunteered,
        condition_value="c1",
    )
    hours = add(
        actor=officer,
        page=page3,
        kind=QuestionKind.NUMBER,
        text="About how many hours a month?",
        min_value=0,
        max_value=200,
        condition_question=volunteered,
        condition_value="c1",
    )
    page4 = survey_actions.add_page(actor=officer, survey=survey, title="Your ideas")
    idea = add(
        actor=officer,
        page=page4,
        kind=QuestionKind.TEXT,
        text="What one thing would make your area a better place to belong?",
        text_translations={
            "ur": "کون سی ایک چیز آپ کے علاقے کو بہتر بنائے گی؟",
            "pl": "Jedna rzecz, która poprawiłaby Twoją okolicę?",
        },
    )
    moved = add(actor=officer, page=page4, kind=QuestionKind.DATE, text="When did you move here?")
    postcode = add(actor=officer, page=page4, kind=QuestionKind.POSTCODE, text="Your postcode")
    page5 = survey_actions.add_page(actor=officer, survey=survey, title="About you")
    age = add(actor=officer, page=page5, kind=QuestionKind.ABOUT_YOU, about_you_key="age_band")
    ward = add(actor=officer, page=page5, kind=QuestionKind.ABOUT_YOU, about_you_key="ward")
    survey_actions.publish_survey(actor=officer, survey=survey)
    return SurveyWorld(
        officer,
        consultation,
        survey,
        ranking,
        belonging,
        volunteered,
        volunteering,
        hours,
        idea,
        moved,
        postcode,
        age,
        ward,
    )


@pytest.fixture(name="survey_world")
def survey_world_fixture(db) -> SurveyWorld:
    make_strategy(make_bradford())
    officer = make_user("survey-officer", Role.OFFICER)
    return build_survey(officer, make_consultation(officer))


@pytest.fixture(name="resident")
def resident_fixture(db) -> User:
    return make_user("a-resident", Role.RESIDENT)
