"""The question form keeps only what the chosen kind of question uses: the page hides the
rest with a small script, and the server ignores it whatever was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commonground.consult.models import Question

from .survey_fixtures import (  # noqa: F401
    SurveyWorld,
    english_between_tests,
    survey_world_fixture,
)

pytestmark = pytest.mark.django_db


def post_question(world: SurveyWorld, data: dict):
    client = Client()
    client.force_login(world.officer)
    page = world.volunteered.page
    return client.post(
        reverse("consult:survey_question_new", args=[world.consultation.slug, page.pk]),
        {"condition_operator": "equals", **data},
    )


def test_a_number_question_ignores_choices_and_the_priority_options_box(survey_world):
    reply = post_question(
        survey_world,
        {
            "kind": "number",
            "text": "How many hours a month do you volunteer?",
            "choices_text": "Left over | from | a choice question",
            "uses_priority_options": "on",
            "max_ranked": "3",
            "about_you_key": "age_band",
            "min_value": "0",
            "max_value": "200",
        },
    )

    assert reply.status_code == 302, reply.content.decode()[:2000]
    question = Question.objects.get(text__startswith="How many hours")
    assert question.choices == []
    assert question.uses_priority_options is False
    assert question.max_ranked is None and question.about_you_key == ""
    assert (question.min_value, question.max_value) == (Decimal("0"), Decimal("200"))


def test_a_text_question_is_not_refused_for_a_bad_number_it_does_not_use(survey_world):
    reply = post_question(
        survey_world,
        {"kind": "text", "text": "Anything else?", "min_value": "lots", "max_value": "-"},
    )

    assert reply.status_code == 302, reply.content.decode()[:2000]
    question = Question.objects.get(text="Anything else?")
    assert question.min_value is None and question.max_value is None


def test_a_choice_question_still_needs_its_choices(survey_world):
    reply = post_question(survey_world, {"kind": "ranking", "text": "Rank these", "min_value": "x"})

    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Enter the choices, one per line" in html
    assert "Enter a number" not in html  # the unused number box is not held against it


def test_the_page_marks_each_field_with_the_kinds_that_use_it(survey_world):
    client = Client()
    client.force_login(survey_world.officer)
    page = survey_world.volunteered.page
    html = client.get(
        reverse("consult:survey_question_new", args=[survey_world.consultation.slug, page.pk])
    ).content.decode()

    assert 'data-kinds="number"' in html  # min and max
    assert 'data-kinds="multiple ranking single"' in html  # choices
    assert "Used only for: Number." in html  # the hint that shows without JavaScript
    assert "consult/question_kinds" in html
