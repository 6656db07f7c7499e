"""Reads about consultations and surveys that actions and views share (no writes here)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from commonground.consult.models import Consultation, Question, Survey, SurveyResponse
from commonground.consult.models.survey import hash_token


def held_between(consultation: Consultation) -> tuple[date | None, date | None]:
    """First and last date evidence was heard, for the report's method notes."""
    from django.db.models import Max, Min

    span = consultation.comments.aggregate(first=Min("said_on"), last=Max("said_on"))
    return span["first"], span["last"]


def response_for_token(consultation: Consultation, token: str) -> SurveyResponse | None:
    """The unsent response a resume code belongs to, or None.

    The code is compared as issued (:func:`normalise_resume_code`); a token issued before
    codes were typed (a longer mixed-case one) is still accepted as it is.
    """
    from commonground.consult.actions.survey_answers import normalise_resume_code

    if not token or len(token) > 100:
        return None
    hashes = {hash_token(normalise_resume_code(token)), hash_token(token.strip())}
    return (
        SurveyResponse.objects.filter(
            consultation=consultation,
            resume_token_hash__in=hashes,
            submitted_at__isnull=True,
        )
        .select_related("survey")
        .first()
    )


def shown_questions(questions: list[Question], answers: Mapping[int, Any]) -> list[Question]:
    """The questions a respondent is asked, given their answers (conditions in page order)."""
    return [q for q in questions if q.is_shown(answers)]


def missing_required(survey: Survey, answers: Mapping[int, Any]) -> list[Question]:
    questions = survey.questions_in_order()
    return [q for q in shown_questions(questions, answers) if q.required and q.pk not in answers]


def published_themes(consultation: Consultation) -> tuple[list[dict[str, Any]], int]:
    """The themes the public sees, from the latest theme summary, and how many were left out.

    Only themes an officer has named (:meth:`ThemeQuerySet.named`) are published, under their
    current name: a theme the platform proposed keeps its word list ("میں / اور / لیے") until
    then and is left out. A machine-written description is not shown; quotes are distinct
    once normalised (a snapshot stored before that rule may repeat one). Themes with no coded
    comment are left out too. Returns (themes, number of unnamed themes left out).
    """
    from commonground.consult import analysis
    from commonground.consult.models import AnalysisKind, Theme
    from commonground.textanalysis.quotes import distinct_quotes

    run = analysis.latest(consultation, AnalysisKind.THEMES)
    rows = [t for t in (run.result.get("themes", []) if run else []) if t.get("count")]
    current = {t.pk: t for t in Theme.objects.filter(consultation=consultation).active()}
    shown, left_out = [], 0
    for row in rows:
        theme = current.get(row.get("id"))
        if theme is None:
            continue
        if not theme.is_named:
            left_out += 1
            continue
        quotes = row.get("quotes", [])
        keep = distinct_quotes(range(len(quotes)), [q["text"] for q in quotes], len(quotes))
        shown.append(
            {
                **row,
                "label": theme.label,
                "description": "" if theme.proposed_by_machine else theme.description,
                "quotes": [quotes[i] for i in keep],
            }
        )
    return shown, left_out


def published_changes(consultation: Consultation):
    """ "You said, we did" as published: under themes an officer has named."""
    from commonground.consult.models import Theme, YouSaidWeDid

    named = Theme.objects.filter(consultation=consultation).named()
    return (
        YouSaidWeDid.objects.filter(consultation=consultation, theme__in=named)
        .select_related("theme")
        .order_by("theme__label")
    )
