"""An officer keys paper survey forms: same questions on one page, method and keyer
recorded, audited, and a form's reference number stops it being keyed twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.consult import actions as survey_actions
from commonground.consult.models import Comment, Method, SurveyResponse
from commonground.core.models import AuditEvent

from .survey_fixtures import SurveyWorld, english_between_tests, survey_world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def paper_url(world: SurveyWorld) -> str:
    return reverse("consult:survey_paper", args=[world.consultation.slug])


def form_data(world: SurveyWorld, reference: str = "BD-0042") -> dict[str, str]:
    options = {o.label: o.pk for o in world.consultation.options.all()}
    return {
        "reference": reference,
        "filled_in_on-day": "14",
        "filled_in_on-month": "6",
        "filled_in_on-year": "2025",
        "language": "pl",
        "consent": "on",
        f"q{world.ranking.pk}-{options['English language']}": "1",
        f"q{world.volunteered.pk}": "c2",
        f"q{world.volunteering.pk}": "Keyed although the form says they did not volunteer",
        f"q{world.idea.pk}": "Więcej kursów angielskiego wieczorami.",
        f"q{world.ward.pk}": "E05001365",
    }


def test_an_officer_keys_a_paper_form(survey_world):
    client = Client()
    client.force_login(survey_world.officer)

    reply = client.post(paper_url(survey_world), form_data(survey_world, " bd-0042 "))

    assert reply.status_code == 302, reply.content.decode()[:3000]
    response = SurveyResponse.objects.get(method=Method.PAPER_SURVEY)
    assert response.entered_by == survey_world.officer
    assert response.paper_reference == "BD-0042"
    assert response.submitted_at is not None and response.language == "pl"
    assert response.about_you == {"ward": "E05001365"}
    # Only the answers to questions the respondent was meant to answer are kept
    assert survey_world.volunteering.pk not in response.answer_values()
    comment = Comment.objects.get(response=response)
    assert comment.text == "Więcej kursów angielskiego wieczorami."
    assert comment.method == Method.PAPER_SURVEY and comment.language == "pl"
    assert comment.said_on.isoformat() == "2025-06-14"
    assert comment.entered_by == survey_world.officer
    event = AuditEvent.objects.get(action="consult.paper_survey_keyed")
    assert event.actor == survey_world.officer and event.data["reference"] == "BD-0042"
    page = client.get(reply["Location"]).content.decode()
    assert "Form BD-0042 keyed" in page


def test_the_same_form_cannot_be_keyed_twice(survey_world):
    client = Client()
    client.force_login(survey_world.officer)
    client.post(paper_url(survey_world), form_data(survey_world))

    again = client.post(paper_url(survey_world), form_data(survey_world, "bd-0042"))

    html = again.content.decode()
    assert "Form BD-0042 has already been keyed: check the number on the paper" in html
    assert 'href="#id_reference"' in html
    assert SurveyResponse.objects.filter(method=Method.PAPER_SURVEY).count() == 1
    assert "Więcej kursów angielskiego wieczorami." in html  # what was typed is kept


def test_a_form_without_consent_or_with_a_bad_answer_is_not_keyed(survey_world):
    client = Client()
    client.force_login(survey_world.officer)
    data = form_data(survey_world)
    del data["consent"]
    data[f"q{survey_world.postcode.pk}"] = "not a postcode"

    html = client.post(paper_url(survey_world), data).content.decode()

    assert "Only key forms whose consent box is ticked" in html
    assert "Enter a full UK postcode, like BD1 1HY" in html
    assert not SurveyResponse.objects.exists()


def test_paper_keying_needs_no_required_answers(survey_world):
    response = survey_actions.key_paper_response(
        actor=survey_world.officer,
        survey=survey_world.survey,
        reference="7",
        answers={},
        language="en",
    )

    assert response.submitted_at is not None and response.answers.count() == 0


def test_the_action_refuses_a_duplicate_reference_too(survey_world):
    keyed = {"actor": survey_world.officer, "survey": survey_world.survey, "language": "en"}
    survey_actions.key_paper_response(reference="A1", answers={}, **keyed)

    with pytest.raises(ValidationError) as error:
        survey_actions.key_paper_response(reference="a1", answers={}, **keyed)
    assert "has already been keyed" in error.value.message_dict["reference"][0]
