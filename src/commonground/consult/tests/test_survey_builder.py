"""Officers build a survey: pages, questions of every kind with translations, conditions,
order, preview and publishing, each change audited; residents cannot reach the builder."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from commonground.consult import actions as survey_actions
from commonground.consult.models import Question, QuestionKind, Survey
from commonground.core.models import AuditEvent

from .survey_fixtures import (  # noqa: F401
    SurveyWorld,
    english_between_tests,
    make_consultation,
    make_user,
    resident_fixture,
    survey_world_fixture,
)

pytestmark = pytest.mark.django_db


def url(world: SurveyWorld, name: str, *args) -> str:
    return reverse(f"consult:{name}", args=[world.consultation.slug, *args])


def officer_client(world: SurveyWorld) -> Client:
    client = Client()
    client.force_login(world.officer)
    return client


def test_an_officer_creates_a_survey_from_the_builder_page(survey_world):
    consultation = make_consultation(survey_world.officer, slug="second")
    client = officer_client(survey_world)
    builder = reverse("consult:survey_builder", args=["second"])

    empty = client.get(builder)
    assert "Create a survey" in empty.content.decode()
    created = client.post(
        builder,
        {
            "title": "Second survey",
            "intro": "Short.",
            "consent_text": "We use your answers to plan.",
            "consent_version": "2025-1",
            "consent_text_ur": "ہم آپ کے جوابات منصوبہ بندی کے لیے استعمال کرتے ہیں۔",
        },
    )

    assert created.status_code == 302
    survey = Survey.objects.get(consultation=consultation)
    assert survey.consent_translations == {
        "ur": "ہم آپ کے جوابات منصوبہ بندی کے لیے استعمال کرتے ہیں۔"
    }
    assert not survey.published
    assert AuditEvent.objects.filter(
        action="consult.survey_created", object_id=str(survey.pk)
    ).exists()


def test_the_builder_is_for_officers_only(survey_world, resident):
    client = Client()
    client.force_login(resident)
    assert client.get(url(survey_world, "survey_builder")).status_code == 403
    assert client.get(url(survey_world, "survey_paper")).status_code == 403
    anonymous = Client().get(url(survey_world, "survey_builder"))
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]


def test_the_builder_lists_pages_questions_and_missing_translations(survey_world):
    html = officer_client(survey_world).get(url(survey_world, "survey_builder")).content.decode()

    assert "Page 1: Your priorities" in html
    assert "Which matter most to you?" in html
    assert "No pl translation" in html  # the date question has no translations
    assert "Asked only when" in html  # the conditional questions


def test_adding_a_choice_question_with_translated_choices(survey_world):
    page = survey_world.volunteered.page
    client = officer_client(survey_world)

    reply = client.post(
        url(survey_world, "survey_question_new", page.pk),
        {
            "kind": "multiple",
            "text": "Where do you meet people from other backgrounds?",
            "text_ur": "آپ دوسرے پس منظر کے لوگوں سے کہاں ملتے ہیں؟",
            "text_pl": "Gdzie spotykasz ludzi z innych środowisk?",
            "choices_text": "At work | کام پر | W pracy\n"
            "At school | اسکول میں | W szkole\n"
            "At the mosque or church",
            "condition_operator": "equals",
        },
    )

    assert reply.status_code == 302, reply.content.decode()[:3000]
    question = Question.objects.get(text__startswith="Where do you meet")
    assert question.page == page and question.order == 1
    assert question.text_translations["pl"] == "Gdzie spotykasz ludzi z innych środowisk?"
    assert question.choices == [
        {"value": "c1", "label": "At work", "ur": "کام پر", "pl": "W pracy"},
        {"value": "c2", "label": "At school", "ur": "اسکول میں", "pl": "W szkole"},
        {"value": "c3", "label": "At the mosque or church"},
    ]
    # one audit event per question added, the fixture's included
    assert (
        AuditEvent.objects.filter(action="consult.survey_question_added").count()
        == Question.objects.count()
    )


def test_a_choice_question_without_choices_is_refused_with_a_message(survey_world):
    reply = officer_client(survey_world).post(
        url(survey_world, "survey_question_new", survey_world.volunteered.page.pk),
        {"kind": "single", "text": "Pick one", "condition_operator": "equals"},
    )

    html = reply.content.decode()
    assert reply.status_code == 200
    assert "<title>Error:" in html
    assert "Enter the choices, one per line" in html
    assert 'href="#id_choices_text"' in html


def test_renaming_a_choice_keeps_the_values_of_the_others(survey_world):
    question = survey_world.volunteered
    reply = officer_client(survey_world).post(
        url(survey_world, "survey_question_edit", question.pk),
        {
            "kind": "single",
            "text": question.text,
            "required": "on",
            "choices_text": "Yes | جی ہاں | Tak\nNot yet | ابھی نہیں | Jeszcze nie",
            "condition_operator": "equals",
        },
    )

    assert reply.status_code == 302
    question.refresh_from_db()
    assert [(c["value"], c["label"]) for c in question.choices] == [
        ("c1", "Yes"),
        ("c3", "Not yet"),
    ]


def test_an_about_you_question_gets_the_census_wording_in_every_language(survey_world):
    page = survey_world.age.page

    question = survey_actions.add_question(
        actor=survey_world.officer, page=page, kind=QuestionKind.ABOUT_YOU, about_you_key="religion"
    )

    assert question.text == "What is your religion?"
    assert question.text_translations["ur"] == "آپ کا مذہب کیا ہے؟"
    assert question.text_translations["pl"] == "Jakie jest Twoje wyznanie?"


def test_a_condition_must_point_to_an_earlier_page(survey_world):
    with pytest.raises(ValidationError) as error:
        survey_actions.add_question(
            actor=survey_world.officer,
            page=survey_world.ranking.page,
            kind=QuestionKind.TEXT,
            text="Why?",
            condition_question=survey_world.volunteered,
            condition_value="c1",
        )
    assert "condition_question" in error.value.message_dict

    with pytest.raises(ValidationError, match="no longer come before it"):
        survey_actions.move_page(
            actor=survey_world.officer, page=survey_world.volunteering.page, direction="up"
        )


def test_moving_a_question_down_its_page(survey_world):
    client = officer_client(survey_world)

    client.post(
        url(survey_world, "survey_question_move", survey_world.ranking.pk), {"direction": "down"}
    )

    page = survey_world.ranking.page
    assert list(page.questions.order_by("order")) == [survey_world.belonging, survey_world.ranking]
    assert AuditEvent.objects.filter(action="consult.survey_question_moved").exists()


def test_moving_with_htmx_returns_the_builder_so_the_list_is_swapped_in_place(survey_world):
    client = officer_client(survey_world)

    reply = client.post(
        url(survey_world, "survey_question_move", survey_world.idea.pk),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )

    html = reply.content.decode()
    assert 'id="survey-structure"' in html
    assert html.index("When did you move here?") < html.index("What one thing would make")


def test_a_question_someone_answered_cannot_be_deleted(survey_world):
    from .test_survey_answering import _complete

    _complete(Client(), survey_world)

    with pytest.raises(ValidationError, match="People have answered this question"):
        survey_actions.delete_question(actor=survey_world.officer, question=survey_world.idea)
    with pytest.raises(ValidationError, match="kind cannot change"):
        survey_actions.update_question(
            actor=survey_world.officer, question=survey_world.idea, changes={"kind": "number"}
        )


def test_deleting_an_unanswered_question_and_an_empty_page(survey_world):
    client = officer_client(survey_world)
    page = survey_world.postcode.page

    client.post(url(survey_world, "survey_question_delete", survey_world.postcode.pk))
    refused = client.post(url(survey_world, "survey_page_delete", page.pk), follow=True)

    assert not Question.objects.filter(pk=survey_world.postcode.pk).exists()
    assert "Move or delete the page&#x27;s questions first" in refused.content.decode()


def test_changing_the_consent_text_after_people_agreed_needs_a_new_version(survey_world):
    from .test_survey_answering import start

    start(Client(), survey_world)

    with pytest.raises(ValidationError) as error:
        survey_actions.update_survey(
            actor=survey_world.officer,
            survey=survey_world.survey,
            changes={"consent_text": "New wording."},
        )
    assert "consent_version" in error.value.message_dict
    survey_actions.update_survey(
        actor=survey_world.officer,
        survey=survey_world.survey,
        changes={"consent_text": "New wording.", "consent_version": "2"},
    )


def test_publishing_needs_a_question_and_is_audited(survey_world):
    empty = survey_actions.create_survey(
        actor=survey_world.officer,
        consultation=survey_world.consultation,
        title="Empty",
        consent_text="Consent.",
    )
    with pytest.raises(ValidationError, match="Add at least one question"):
        survey_actions.publish_survey(actor=survey_world.officer, survey=empty)

    client = officer_client(survey_world)
    empty.delete()
    client.post(url(survey_world, "survey_publish"), {"published": "0"})

    survey_world.survey.refresh_from_db()
    assert not survey_world.survey.published
    assert AuditEvent.objects.filter(action="consult.survey_withdrawn").exists()


def test_only_officers_may_change_a_survey(survey_world, resident):
    with pytest.raises(PermissionDenied):
        survey_actions.add_page(actor=resident, survey=survey_world.survey, title="Mine")


def test_the_preview_shows_every_page_in_the_chosen_language(survey_world):
    client = officer_client(survey_world)

    html = client.get("/pl" + url(survey_world, "survey_preview")).content.decode()

    assert "Co jest dla Ciebie najważniejsze?" in html
    assert "Zatrudnienie" in html
    assert "Wiek" in html or "Ile masz lat?" in html or "What is your age?" in html


def test_editing_the_survey_details_and_a_page_title_with_translations(survey_world):
    client = officer_client(survey_world)
    page = survey_world.ranking.page
    assert "Survey details" in client.get(url(survey_world, "survey_settings")).content.decode()

    client.post(
        url(survey_world, "survey_page_edit", page.pk),
        {"title": "What matters most", "title_ur": "سب سے اہم کیا ہے", "title_pl": ""},
    )
    saved = client.post(
        url(survey_world, "survey_settings"),
        {
            "title": "Belonging",
            "intro": "",
            "consent_text": survey_world.survey.consent_text,
            "consent_text_ur": survey_world.survey.consent_translations["ur"],
            "consent_text_pl": survey_world.survey.consent_translations["pl"],
            "consent_version": "1",
        },
    )

    assert saved.status_code == 302
    page.refresh_from_db()
    assert page.title == "What matters most"
    assert page.title_translations == {"ur": "سب سے اہم کیا ہے"}
    survey_world.survey.refresh_from_db()
    assert survey_world.survey.title == "Belonging"
    assert survey_world.survey.title_translations == {}


def test_adding_a_page_from_the_builder(survey_world):
    client = officer_client(survey_world)

    empty = client.post(url(survey_world, "survey_page_new"), {"title": ""})
    client.post(url(survey_world, "survey_page_new"), {"title": "Last words"})

    assert "<title>Error:" in empty.content.decode()
    last = survey_world.survey.pages.order_by("order").last()
    assert last.title == "Last words" and last.order == 5
    assert "Last words" in client.get(url(survey_world, "survey_builder")).content.decode()
