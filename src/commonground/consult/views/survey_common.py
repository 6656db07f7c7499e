"""Helpers the survey's pages share: finding the consultation, its survey, and how a stored
answer reads on a "check your answers" page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import get_language

from commonground.consult.forms_survey.resident import question_choices
from commonground.consult.models import (
    Consultation,
    PriorityOption,
    Question,
    QuestionKind,
    Survey,
)
from commonground.consult.models.survey import current_language
from commonground.consult.rules import visible_consultation


def language() -> str:
    return current_language(get_language())


def get_consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def public_consultation(slug: str, user=None) -> Consultation:
    """A consultation `user` may see (``consult.view_consultation``: drafts are officers'
    only), else 404."""
    return visible_consultation(user, slug)


def published_survey(consultation: Consultation) -> Survey | None:
    return consultation.surveys.filter(published=True).order_by("-published_at", "-pk").first()


def builder_survey(consultation: Consultation) -> Survey | None:
    """The survey officers build for a consultation: its newest one."""
    return consultation.surveys.order_by("-created_at", "-pk").first()


def options_of(consultation: Consultation) -> list[PriorityOption]:
    return list(consultation.options.all())


def display_answer(
    question: Question, value: Any, options: list[PriorityOption], lang: str | None = None
) -> list[str]:
    """A stored answer as lines of text in the reader's language (a ranking is numbered)."""
    if value in (None, "", []):
        return []
    labels = dict(question_choices(question, options, lang)) if _has_choices(question) else {}
    if question.kind == QuestionKind.RANKING:
        return [f"{rank}. {labels.get(str(v), v)}" for rank, v in enumerate(value, start=1)]
    if isinstance(value, list):
        return [labels.get(str(v), str(v)) for v in value]
    if question.kind == QuestionKind.DATE:
        return [date_format(date.fromisoformat(value), "j E Y")]
    return [labels.get(str(value), str(value))]


def _has_choices(question: Question) -> bool:
    return question.kind in {
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.RANKING,
        QuestionKind.LIKERT,
        QuestionKind.ABOUT_YOU,
    }


def session_key(consultation: Consultation) -> str:
    return f"consult_survey_{consultation.pk}"


def sent_key(consultation: Consultation) -> str:
    return f"consult_survey_sent_{consultation.pk}"


def remember(request: HttpRequest, consultation: Consultation, response_id: int) -> None:
    request.session.cycle_key()
    request.session[session_key(consultation)] = response_id


def page_problems(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Error summary entries for a survey page: "question: what is wrong", linked to it."""
    return [
        {"href": f"#{item['anchor']}", "text": f"{item['text']}: {error}"}
        for item in items
        for error in item["errors"]
    ]


def form_problems(form) -> list[dict[str, str]]:
    """Error summary entries for an ordinary form, each linked to its field's first input."""
    from django import forms

    from commonground.consult.forms_survey.resident import GovukDateField

    problems = [{"href": "", "text": error} for error in form.non_field_errors()]
    for field in form:
        anchor = field.auto_id
        if isinstance(field.field, GovukDateField):
            anchor += "-day"
        elif isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            anchor += "_0"
        for error in field.errors:
            problems.append({"href": f"#{anchor}", "text": f"{field.label}: {error}"})
    return problems
