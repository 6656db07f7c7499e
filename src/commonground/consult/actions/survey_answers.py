"""A resident answering the online survey: consent, pages, "save and come back", sending.

A resident's page-by-page draft answers are not audited: until sent they are theirs alone,
and an audit row per page would record nothing the public relies on. Consent, a resume code
and sending are. The actor is the person answering (anonymous, or None from the demo): the
rules ask the survey's and the response's state, not who they are.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.forms_survey import about_you
from commonground.consult.models import (
    Answer,
    Comment,
    Method,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
    SurveyResponse,
)
from commonground.consult.models.survey import hash_token
from commonground.consult.queries import missing_required, shown_questions
from commonground.core import audit
from commonground.core.models import Area

RESIDENT = "resident (online survey)"


@requires("consult.answer_survey", on="survey")
def start_response(
    *,
    actor=None,
    survey: Survey,
    language: str,
    consent_to_quote: bool = False,
    now: datetime | None = None,
) -> SurveyResponse:
    """A resident agrees to the consent text and starts: when and which version is recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            consultation_id=survey.consultation_id,
            survey=survey,
            method=Method.SURVEY,
            language=language,
            consent_given_at=now,
            consent_version=survey.consent_version,
            consent_to_quote=consent_to_quote,
        )
        audit.record(
            ConsultEvent.SURVEY_CONSENT_GIVEN,
            obj=response,
            actor_label=RESIDENT,
            data={"consent_version": survey.consent_version, "language": language},
        )
    return response


def _locked_draft(response: SurveyResponse) -> SurveyResponse:
    locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if locked.submitted_at is not None:
        raise PermissionDenied(_("These answers have been sent already."))
    return locked


def _write_answers(response: SurveyResponse, answers: Mapping[Question, Any]) -> None:
    for question, value in answers.items():
        if value is None:
            Answer.objects.filter(response=response, question=question).delete()
        else:
            Answer.objects.update_or_create(
                response=response, question=question, defaults={"value": value}
            )


@requires("consult.keep_answers", on="response")
def save_page(
    *,
    actor=None,
    response: SurveyResponse,
    page: SurveyPage,
    answers: Mapping[Question, Any],
    complete: bool = True,
) -> SurveyResponse:
    """Keep a page's answers (None clears one); `complete` marks the page done for resuming."""
    with transaction.atomic():
        response = _locked_draft(response)
        _write_answers(response, answers)
        if complete and page.pk not in response.completed_pages:
            response.completed_pages = [*response.completed_pages, page.pk]
        response.save(update_fields=["completed_pages", "updated_at"])
    return response


#: Crockford's base 32: digits and capitals without I, L, O and U, so a code read aloud or
#: copied by hand from paper survives (I/L are read as 1, O as 0 when typed back).
RESUME_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


RESUME_CODE_LENGTH = 24  # 120 random bits: far beyond guessing, short enough to type


RESUME_CODE_GROUP = 4


_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def format_resume_code(code: str) -> str:
    """The code as people read it: groups of four joined by hyphens (ABCD-EFGH-…)."""
    return "-".join(code[i : i + RESUME_CODE_GROUP] for i in range(0, len(code), RESUME_CODE_GROUP))


def normalise_resume_code(typed: str) -> str:
    """What a resident typed, as the code was issued: capitals, no spaces or hyphens, and the
    letters Crockford's alphabet leaves out read as the digits they look like."""
    return "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_READ_AS)


@requires("consult.keep_answers", on="response")
def issue_resume_token(*, actor=None, response: SurveyResponse) -> str:
    """A new resume code for "save and come back later": shown once, only its hash is kept.

    The code is never put in a URL path or query (which web servers log): the page that shows
    it links to the resume page with the code after ``#``, which browsers do not send.
    Issuing another replaces the last, so a code copied on a shared computer stops working.
    """
    token = "".join(secrets.choice(RESUME_CODE_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    with transaction.atomic():
        response = _locked_draft(response)
        response.resume_token_hash = hash_token(token)
        response.save(update_fields=["resume_token_hash", "updated_at"])
        audit.record(ConsultEvent.SURVEY_SAVED_FOR_LATER, obj=response, actor_label=RESIDENT)
    return token


def _finalise(
    response: SurveyResponse, said_on: date, entered_by=None
) -> tuple[SurveyResponse, int]:
    """Drop answers to questions the respondent was not asked, copy about-you answers onto
    the response, and turn each free-text answer into a Comment in the evidence base."""
    questions = response.survey.questions_in_order()
    answers = response.answer_values()
    shown = shown_questions(questions, answers)
    shown_ids = {q.pk for q in shown}
    hidden = [pk for pk in answers if pk not in shown_ids]
    if hidden:
        Answer.objects.filter(response=response, question_id__in=hidden).delete()
    profile = {}
    ward_code = None
    for question in shown:
        if question.kind == QuestionKind.ABOUT_YOU and question.pk in answers:
            profile[question.about_you_key] = answers[question.pk]
            if question.about_you_key == about_you.WARD:
                ward_code = answers[question.pk]
    response.about_you = profile
    response.ward = Area.objects.filter(code=ward_code, level="ward").first() if ward_code else None
    comments = [
        Comment(
            consultation_id=response.consultation_id,
            method=response.method,
            text=answers[question.pk],
            language=response.language,
            said_on=said_on,
            ward=response.ward,
            consent_to_quote=response.consent_to_quote,
            response=response,
            question=question,
            source_label=_source_label(response, question),
            entered_by=entered_by,
        )
        for question in shown
        if question.kind == QuestionKind.TEXT and question.pk in answers
    ]
    Comment.objects.bulk_create_masked(comments)  # masks personal data, as save() does
    return response, len(comments)


def _source_label(response: SurveyResponse, question: Question) -> str:
    if response.method == Method.PAPER_SURVEY:
        label = f"Paper survey {response.paper_reference}: {question.text}"
    else:
        label = f"Online survey: {question.text}"
    return label[:200]


def _refresh_analysis(response: SurveyResponse, because: str) -> None:
    """Priorities and reach are recomputed in the background once the response is in."""
    from .analysis_runs import refresh_analysis

    refresh_analysis(consultation=response.consultation, because=because)


@requires("consult.answer_survey", on=lambda kw: kw["response"].survey)
def submit_response(
    *,
    actor=None,
    response: SurveyResponse,
    language: str | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Send a resident's answers: checks every required question they were asked is answered.

    `language` is the one they finished in (their free text is most likely written in it).
    """
    now = now or timezone.now()
    with transaction.atomic():
        response = _locked_draft(response)
        if language:
            response.language = language
        missing = missing_required(response.survey, response.answer_values())
        if missing:
            raise ValidationError(
                _("Answer every required question before sending: “%(question)s”")
                % {"question": missing[0].text_in(response.language)},
                code="incomplete",
                params={"question": missing[0].pk},
            )
        response, comments = _finalise(response, timezone.localdate(now))
        response.submitted_at = now
        response.resume_token_hash = ""
        response.save()
        audit.record(
            ConsultEvent.SURVEY_SUBMITTED,
            obj=response,
            actor_label=RESIDENT,
            data={"method": response.method, "language": response.language, "comments": comments},
        )
        _refresh_analysis(response, ConsultEvent.SURVEY_SUBMITTED)
    return response
