"""The demo survey: built through the actions, in three languages, with seeded answers that
the analysis functions read."""

from __future__ import annotations

import pytest

from commonground.consult.demo_survey import RESPONSES, load_demo_survey
from commonground.consult.models import Comment, Method, SurveyResponse
from commonground.consult.survey_data import about_you_rows, priority_responses
from commonground.core.roles import Role

from .survey_fixtures import (  # noqa: F401
    english_between_tests,
    make_bradford,
    make_consultation,
    make_strategy,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_the_demo_survey_has_answers_in_three_languages_and_is_loaded_once():
    make_strategy(make_bradford())
    officer = make_user("officer", Role.OFFICER)
    consultation = make_consultation(officer)
    said: list[str] = []

    survey = load_demo_survey(consultation, said.append)

    assert survey.published
    assert survey.questions.filter(uses_priority_options=True).exists()
    assert all(q.text_translations.get("ur") for q in survey.questions.all())
    assert all(q.text_translations.get("pl") for q in survey.questions.all())
    responses = SurveyResponse.objects.filter(survey=survey, submitted_at__isnull=False)
    assert responses.count() == RESPONSES
    assert responses.filter(method=Method.PAPER_SURVEY).exists()
    assert set(responses.values_list("language", flat=True)) == {"en", "ur", "pl"}
    comments = Comment.objects.filter(consultation=consultation)
    assert set(comments.values_list("language", flat=True)) == {"en", "ur", "pl"}
    rows = priority_responses(consultation)
    assert len(rows) == RESPONSES and all(len(row["ranking"]) == 3 for row in rows)
    assert sum(1 for row in about_you_rows(consultation) if row["ward"]) > RESPONSES / 2

    again = load_demo_survey(consultation, said.append)

    assert again == survey and SurveyResponse.objects.count() == RESPONSES
    assert "already there" in said[-1]
