"""Survey answers as plain rows for the analysis (priorities and reach), in few queries.

The analysis pages (and consultstats, which never imports Django) read these rows rather
than the models, so 20,000 responses cost two or three queries, not one per response.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from commonground.consult.models import Answer, Consultation, QuestionKind, SurveyResponse
from commonground.consult.models.survey import PRIORITY_KINDS


def _submitted(consultation: Consultation):
    return SurveyResponse.objects.filter(consultation=consultation, submitted_at__isnull=False)


def _ids(values: Any) -> list[int]:
    """PriorityOption ids from stored answer values (strings), skipping any not an id."""
    if not isinstance(values, list):
        values = [values]
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def priority_responses(consultation: Consultation) -> list[dict[str, Any]]:
    """One row per submitted response that answered a priority question.

    Keys: "response_id", "method", "ward" (ward code or None), "about_you" (dict), and
    "ranking" (PriorityOption ids, best first) for a ranking question and/or "chosen" (ids)
    for a single or multiple choice one. Two queries.
    """
    rows: dict[int, dict[str, Any]] = {}
    answers = (
        Answer.objects.filter(
            response__consultation=consultation,
            response__submitted_at__isnull=False,
            question__uses_priority_options=True,
            question__kind__in=list(PRIORITY_KINDS),
        )
        .order_by("response_id", "question__page__order", "question__order")
        .values_list("response_id", "question__kind", "value")
    )
    for response_id, kind, value in answers.iterator(chunk_size=5000):
        ids = _ids(value)
        if not ids:
            continue
        row = rows.setdefault(response_id, {})
        if kind == QuestionKind.RANKING:
            row.setdefault("ranking", ids)
        else:
            chosen = row.setdefault("chosen", [])
            chosen.extend(i for i in ids if i not in chosen)
    if not rows:
        return []
    result = []
    responses = (
        _submitted(consultation)
        .order_by("pk")
        .values_list("pk", "method", "ward__code", "about_you")
    )
    for pk, method, ward, profile in responses.iterator(chunk_size=5000):
        if pk in rows:
            result.append(
                {
                    "response_id": pk,
                    "method": method,
                    "ward": ward,
                    "about_you": profile or {},
                    **rows[pk],
                }
            )
    return result


def about_you_rows(consultation: Consultation) -> list[dict[str, Any]]:
    """One row per submitted response: "response_id", "method", "language", "ward" (code or
    None), "submitted_on" (date) and "about_you" ({key: category code}). One query."""
    responses = (
        _submitted(consultation)
        .order_by("pk")
        .values_list("pk", "method", "language", "ward__code", "submitted_at", "about_you")
    )
    return [
        {
            "response_id": pk,
            "method": method,
            "language": language,
            "ward": ward,
            "submitted_on": timezone.localdate(submitted_at),
            "about_you": profile or {},
        }
        for pk, method, language, ward, submitted_at, profile in responses.iterator(chunk_size=5000)
    ]
