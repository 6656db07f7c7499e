"""Responses that arrive other than online: paper forms keyed by officers, and complete
responses collected elsewhere (another survey tool, or the demo)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.actions.survey_answers import _finalise, _refresh_analysis, _write_answers
from commonground.consult.events import ConsultEvent
from commonground.consult.models import Method, Question, Survey, SurveyResponse
from commonground.core import audit


@requires("consult.key_paper_survey", on="survey")
def key_paper_response(
    *,
    actor,
    survey: Survey,
    reference: str,
    answers: Mapping[Question, Any],
    language: str,
    filled_in_on: date | None = None,
    consent_to_quote: bool = False,
    now: datetime | None = None,
) -> SurveyResponse:
    """An officer keys a paper form. Its reference stops the same form being keyed twice."""
    now = now or timezone.now()
    reference = " ".join(reference.split()).upper()
    if not reference:
        raise ValidationError({"reference": _("Enter the reference number written on the form")})
    try:
        with transaction.atomic():
            if SurveyResponse.objects.filter(survey=survey, paper_reference=reference).exists():
                raise IntegrityError
            response = SurveyResponse.objects.create(
                consultation_id=survey.consultation_id,
                survey=survey,
                method=Method.PAPER_SURVEY,
                language=language,
                consent_given_at=now,
                consent_version=survey.consent_version,
                consent_to_quote=consent_to_quote,
                entered_by=actor,
                paper_reference=reference,
            )
            _write_answers(response, answers)
            response, comments = _finalise(
                response, filled_in_on or timezone.localdate(now), entered_by=actor
            )
            response.submitted_at = now
            response.save()
            audit.record(
                ConsultEvent.PAPER_SURVEY_KEYED,
                actor=actor,
                obj=response,
                data={"reference": reference, "language": language, "comments": comments},
            )
            _refresh_analysis(response, ConsultEvent.PAPER_SURVEY_KEYED)
    except IntegrityError:
        raise ValidationError(
            {
                "reference": _(
                    "Form %(reference)s has already been keyed: check the number on the paper"
                )
                % {"reference": reference}
            }
        ) from None
    return response


@requires("consult.import_responses", on="survey")
def import_response(
    *,
    actor,
    survey: Survey,
    answers: Mapping[Question, Any],
    language: str,
    submitted_at: datetime,
    method: str = Method.SURVEY,
    consent_to_quote: bool = False,
) -> SurveyResponse:
    """Record a complete response collected elsewhere (another survey tool, or the demo),
    submitted at `submitted_at`: the same checks on what is kept, one audit event."""
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            consultation_id=survey.consultation_id,
            survey=survey,
            method=method,
            language=language,
            consent_given_at=submitted_at,
            consent_version=survey.consent_version,
            consent_to_quote=consent_to_quote,
            entered_by=actor if method == Method.PAPER_SURVEY else None,
        )
        _write_answers(response, answers)
        response, comments = _finalise(response, timezone.localdate(submitted_at))
        response.submitted_at = submitted_at
        response.save()
        SurveyResponse.objects.filter(pk=response.pk).update(started_at=submitted_at)
        audit.record(
            ConsultEvent.SURVEY_RESPONSE_IMPORTED,
            actor=actor,
            obj=response,
            data={"method": method, "language": language, "comments": comments},
        )
        _refresh_analysis(response, ConsultEvent.SURVEY_RESPONSE_IMPORTED)
    return response
