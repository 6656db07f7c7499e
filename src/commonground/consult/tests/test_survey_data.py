"""The rows the analysis reads: priority rankings and choices, and about-you answers, for
submitted responses only, in a fixed small number of queries however many there are."""

from __future__ import annotations

import pytest
from django.test import Client

from commonground.consult import actions as survey_actions
from commonground.consult.models import Method, QuestionKind
from commonground.consult.survey_data import about_you_rows, priority_responses

from .survey_fixtures import SurveyWorld, english_between_tests, survey_world_fixture  # noqa: F401
from .test_survey_answering import send, start

pytestmark = pytest.mark.django_db


def option_ids(world: SurveyWorld) -> dict[str, int]:
    return {o.label: o.pk for o in world.consultation.options.all()}


def test_priority_rows_give_rankings_as_option_ids_with_ward_and_about_you(survey_world):
    online = send(Client(), survey_world)
    start(Client(), survey_world)  # started, never sent: not counted
    ids = option_ids(survey_world)
    paper = survey_actions.key_paper_response(
        actor=survey_world.officer,
        survey=survey_world.survey,
        reference="P1",
        language="ur",
        answers={
            survey_world.ranking: [str(ids["Feeling safe"])],
            survey_world.age: "65_plus",
        },
    )

    rows = priority_responses(survey_world.consultation)

    assert rows == [
        {
            "response_id": online.pk,
            "method": Method.SURVEY,
            "ward": "E05001347",
            "about_you": {"age_band": "25_34", "ward": "E05001347"},
            "ranking": [ids["Employment"], ids["Young people"]],
        },
        {
            "response_id": paper.pk,
            "method": Method.PAPER_SURVEY,
            "ward": None,
            "about_you": {"age_band": "65_plus"},
            "ranking": [ids["Feeling safe"]],
        },
    ]


def test_a_choice_question_over_the_options_gives_chosen_ids(survey_world):
    ids = option_ids(survey_world)
    ticked = survey_actions.add_question(
        actor=survey_world.officer,
        page=survey_world.idea.page,
        kind=QuestionKind.MULTIPLE,
        text="Which have you seen improve?",
        uses_priority_options=True,
    )
    response = survey_actions.key_paper_response(
        actor=survey_world.officer,
        survey=survey_world.survey,
        reference="P2",
        language="en",
        answers={ticked: [str(ids["Employment"]), str(ids["Feeling safe"])]},
    )

    [row] = priority_responses(survey_world.consultation)

    assert row["response_id"] == response.pk
    assert row["chosen"] == [ids["Employment"], ids["Feeling safe"]]
    assert "ranking" not in row


def test_about_you_rows_one_per_submitted_response(survey_world):
    online = send(Client(), survey_world)
    Client().post(
        f"/conversations/{survey_world.consultation.slug}/survey/check/"
    )  # no session: nothing sent
    [row] = about_you_rows(survey_world.consultation)

    assert row["response_id"] == online.pk
    assert row["about_you"] == {"age_band": "25_34", "ward": "E05001347"}
    assert row["ward"] == "E05001347" and row["method"] == Method.SURVEY


def test_the_rows_cost_a_fixed_number_of_queries(survey_world, django_assert_num_queries):
    for n in range(12):
        survey_actions.key_paper_response(
            actor=survey_world.officer,
            survey=survey_world.survey,
            reference=f"Q{n}",
            language="en",
            answers={survey_world.ranking: [str(survey_world.consultation.options.first().pk)]},
        )

    with django_assert_num_queries(2):
        assert len(priority_responses(survey_world.consultation)) == 12
    with django_assert_num_queries(1):
        assert len(about_you_rows(survey_world.consultation)) == 12
