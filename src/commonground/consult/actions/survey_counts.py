"""Answers entered as counts for a group (a school class): how many chose each option of each
question, never who (:mod:`commonground.consult.models.survey_counts`).

Only single-choice and agreement-scale questions can be counted this way; a survey answered as
counts should have no other kind.  Entering a group's counts again replaces them whole; the
audit event keeps the counts before and after, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.models import AnswerCount, CountGroup, QuestionKind, Survey
from commonground.core import audit

COUNTABLE = (QuestionKind.SINGLE, QuestionKind.LIKERT)
"""Question kinds whose answers are one option each, so a group's answers add up to counts."""


def countable_questions(survey: Survey) -> list[tuple[Any, list[str]]]:
    """(question, its option values in order) for each countable question, in survey order."""
    from commonground.consult.forms_survey.resident import question_choices

    options = list(survey.consultation.options.all())
    return [
        (question, [value for value, _label in question_choices(question, options)])
        for question in survey.questions_in_order()
        if question.kind in COUNTABLE
    ]


@requires("consult.build_survey", on="survey")
def open_count_group(
    *,
    actor,
    survey: Survey,
    key: str,
    label: str,
    grant_permission: str = "",
    grant_object: Any = None,
) -> CountGroup:
    """Open (or relabel) a group whose answers to ``survey`` are entered as counts; whoever
    holds ``grant_permission`` on ``grant_object`` may enter them, besides officers.  Why the
    grant: the app that runs the survey (schools) knows who acts for a class; consult keeps
    only the permission's name and the object, and asks for it when counts are entered."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Say whose counts these are (no personal names).")})
    if bool(grant_permission) != (grant_object is not None):
        raise ValueError("give both grant_permission and grant_object, or neither")
    with transaction.atomic():
        group, created = CountGroup.objects.select_for_update().get_or_create(
            survey=survey, key=key, defaults={"label": label}
        )
        group.label = label
        group.grant_permission = grant_permission
        group.grant_type = (
            ContentType.objects.get_for_model(grant_object) if grant_object is not None else None
        )
        group.grant_id = grant_object.pk if grant_object is not None else None
        group.full_clean()
        group.save()
        audit.record(
            ConsultEvent.COUNT_GROUP_OPENED,
            actor=actor,
            obj=group,
            data={
                "survey": survey.pk,
                "key": key,
                "created": created,
                "grant": [grant_permission, group.grant_type_id, group.grant_id],
            },
        )
    return group


def _validated(group: CountGroup, counts: Mapping[int, Mapping[str, int]]) -> dict:
    """{question: {value: count}} with every option filled (0 when not given), or a
    ValidationError naming the question (``question_<id>``) and the option at fault."""
    questions = countable_questions(group.survey)
    known = {question.pk for question, _values in questions}
    unknown = sorted(set(counts) - known)
    if unknown:
        raise ValidationError(
            {
                f"question_{unknown[0]}": _(
                    "Question %(id)s is not a single-choice question of this survey."
                )
                % {"id": unknown[0]}
            }
        )
    out = {}
    for number, (question, values) in enumerate(questions, start=1):
        field = f"question_{question.pk}"
        given = counts.get(question.pk)
        if given is None:
            raise ValidationError({field: _("Give the counts for question %(n)s.") % {"n": number}})
        extra = sorted(set(map(str, given)) - set(values))
        if extra:
            raise ValidationError(
                {
                    field: _("Question %(n)s has no answer %(value)s.")
                    % {"n": number, "value": extra[0]}
                }
            )
        row = {}
        for value in values:
            count = given.get(value, 0)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValidationError(
                    {
                        field: _(
                            "Question %(n)s, answer %(value)s: the count must be a whole "
                            "number, 0 or more."
                        )
                        % {"n": number, "value": value}
                    }
                )
            row[value] = count
        out[question] = row
    if not out:
        raise ValidationError(_("This survey has no question that can be answered as counts."))
    return out


@requires("consult.record_answer_counts", on="group")
def record_answer_counts(
    *, actor, group: CountGroup, counts: Mapping[int, Mapping[str, int]]
) -> CountGroup:
    """Enter a group's answers as counts ({question id: {option value: how many}}), for every
    countable question of its survey; options not given count 0.  No individual response is
    made.  Entering again replaces the counts (the audit event keeps both)."""
    rows = _validated(group, counts)
    with transaction.atomic():
        group = CountGroup.objects.select_for_update().select_related("survey").get(pk=group.pk)
        before = {str(q): v for q, v in group.counts().items()}
        group.answer_counts.all().delete()
        AnswerCount.objects.bulk_create(
            AnswerCount(group=group, question=question, value=value, count=count)
            for question, row in rows.items()
            for value, count in row.items()
        )
        group.entered_by = actor
        group.entered_at = timezone.now()
        group.save(update_fields=["entered_by", "entered_at"])
        audit.record(
            ConsultEvent.ANSWER_COUNTS_RECORDED,
            actor=actor,
            obj=group,
            data={
                "survey": group.survey_id,
                "key": group.key,
                "before": before,
                "counts": {str(q.pk): row for q, row in rows.items()},
            },
        )
    return group
