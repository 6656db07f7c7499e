"""The page where a group's answers are entered as counts (``consult:survey_count_group``):
the survey's countable questions in the reader's language with a box per answer, prefilled;
saving goes through ``record_answer_counts``; a wrong box is named beside it and in the
error summary, and nothing typed is lost; only those the group names (or officers) may."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commonground.consult import actions
from commonground.consult.models import AnswerCount
from commonground.core.models import AuditEvent

from .count_fixtures import counted_fixture, posted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def url(w, lang: str = "") -> str:
    path = reverse(
        "consult:survey_count_group", args=[w["survey"].consultation.slug, w["group"].pk]
    )
    return f"/{lang}{path}" if lang else path


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_each_countable_question_with_a_box_per_answer(counted) -> None:
    response = signed_in(counted["officer"]).get(url(counted))
    assert response.status_code == 200
    page = response.content.decode()
    assert "I would like to make friends with children from another school." in page
    assert "People get on well here." in page
    assert "Anything else?" not in page  # a free-text question cannot be counted
    friends = counted["friends"].pk
    for value in ("yes", "unsure", "no"):
        assert f'name="q{friends}-{value}"' in page
    assert page.count('inputmode="numeric"') == 3 + 5
    assert "Class 4B, before" in page


def test_in_urdu_the_question_and_answers_are_in_urdu_and_the_page_is_rtl(counted) -> None:
    page = signed_in(counted["officer"]).get(url(counted, "ur")).content.decode()
    assert 'dir="rtl"' in page
    assert "میں دوسرے اسکول کے بچوں سے دوستی کرنا چاہوں گا۔" in page
    assert "😊 ہاں" in page and "☹️ نہیں" in page


def test_saving_records_the_counts_and_the_page_is_prefilled_after(counted) -> None:
    client = signed_in(counted["officer"])
    response = client.post(url(counted), posted(counted, yes="٢٤"))  # Urdu keyboard digits
    assert response.status_code == 302
    assert f"#group-{counted['group'].pk}" in response["Location"]
    counted["group"].refresh_from_db()
    assert counted["group"].counts()[counted["friends"].pk] == {"yes": 24, "unsure": 5, "no": 3}
    assert counted["group"].entered_by == counted["officer"]
    assert AuditEvent.objects.filter(action="consult.answer_counts_recorded").count() == 1
    page = client.get(url(counted)).content.decode()
    assert (
        f'name="q{counted["friends"].pk}-yes" value="24"'
        in page.replace(' spellcheck="false" autocomplete="off" dir="ltr"', "").replace(
            'type="text" inputmode="numeric" ', ""
        )
        or 'value="24"' in page
    )


def test_a_wrong_box_is_named_beside_it_and_nothing_typed_is_lost(counted) -> None:
    data = posted(counted)
    friends = counted["friends"].pk
    data[f"q{friends}-unsure"] = "lots"
    data[f"q{friends}-no"] = ""
    response = signed_in(counted["officer"]).post(url(counted), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'href="#id_q{friends}-unsure"' in page and f'href="#id_q{friends}-no"' in page
    assert "Enter a whole number, 0 or more." in page
    assert "Enter how many chose this answer (0 if nobody did)." in page
    assert f'id="id_q{friends}-unsure-error"' in page
    assert 'value="lots"' in page and 'value="20"' in page  # what was typed stays
    assert not AnswerCount.objects.exists()
    assert not AuditEvent.objects.filter(action="consult.answer_counts_recorded").exists()


def test_the_actions_refusal_is_shown_beside_the_question(counted, monkeypatch) -> None:
    from django.core.exceptions import ValidationError

    friends = counted["friends"].pk

    def refuse(**kwargs):
        raise ValidationError({f"question_{friends}": "Question 1 has no answer maybe."})

    monkeypatch.setattr(actions, "record_answer_counts", refuse)
    response = signed_in(counted["officer"]).post(url(counted), posted(counted))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Question 1 has no answer maybe." in page
    assert f'href="#id_q{friends}-yes"' in page


def test_people_the_group_does_not_name_are_refused(counted) -> None:
    """The group names no grant, so only officers may: a resident and the board get 403."""
    for who in ("resident", "board", "researcher"):
        client = signed_in(counted[who])
        assert client.get(url(counted)).status_code == 403
        assert client.post(url(counted), posted(counted)).status_code == 403
    assert not AnswerCount.objects.exists()


def test_a_group_of_another_consultation_is_not_found(counted, strategy) -> None:
    from .conftest import new_consultation

    other = new_consultation(counted["officer"], strategy, slug="other-2026")
    path = reverse("consult:survey_count_group", args=[other.slug, counted["group"].pk])
    assert signed_in(counted["officer"]).get(path).status_code == 404
