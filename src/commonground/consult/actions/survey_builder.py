"""The survey builder: surveys, pages and questions, and publishing them.

Errors a person can fix are `ValidationError` (a dict names the field when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.actions._base import requires
from commonground.consult.events import ConsultEvent
from commonground.consult.forms_survey import about_you
from commonground.consult.forms_survey.builder import other_languages
from commonground.consult.models import Consultation, Question, QuestionKind, Survey, SurveyPage
from commonground.core import audit

SURVEY_FIELDS = {
    "title",
    "title_translations",
    "intro",
    "intro_translations",
    "consent_text",
    "consent_translations",
    "consent_version",
}


PAGE_FIELDS = {"title", "title_translations"}


QUESTION_FIELDS = {
    "kind",
    "text",
    "text_translations",
    "help_text",
    "help_translations",
    "required",
    "choices",
    "uses_priority_options",
    "max_ranked",
    "about_you_key",
    "min_value",
    "max_value",
    "condition_question",
    "condition_operator",
    "condition_value",
}


def _apply(obj, changes: Mapping[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name, value in changes.items():
        setattr(obj, name, value)
    return changed


@requires("consult.build_survey", on="consultation")
def create_survey(
    *, actor, consultation: Consultation, title: str, consent_text: str, **fields: Any
) -> Survey:
    """Start a survey for a consultation (unpublished: residents see it once it is published)."""
    with transaction.atomic():
        survey = Survey(consultation=consultation, title=title, consent_text=consent_text)
        _apply(survey, fields, SURVEY_FIELDS)
        survey.created_by = actor
        survey.full_clean()
        survey.save()
        audit.record(
            ConsultEvent.SURVEY_CREATED,
            actor=actor,
            obj=survey,
            data={"consultation": consultation.slug},
        )
    return survey


@requires("consult.build_survey", on="survey")
def update_survey(*, actor, survey: Survey, changes: Mapping[str, Any]) -> Survey:
    """Change a survey's wording. Changing the consent text needs a new consent version, so
    every response records which text its respondent agreed to."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        old_consent = (survey.consent_text, survey.consent_translations, survey.consent_version)
        changed = _apply(survey, changes, SURVEY_FIELDS)
        consent_changed = {"consent_text", "consent_translations"} & set(changed)
        if (
            consent_changed
            and survey.consent_version == old_consent[2]
            and survey.responses.filter(consent_given_at__isnull=False).exists()
        ):
            raise ValidationError(
                {
                    "consent_version": _(
                        "People have already agreed to the old consent text: give the new "
                        "text a new version"
                    )
                }
            )
        survey.full_clean()
        survey.save()
        audit.record(ConsultEvent.SURVEY_CHANGED, actor=actor, obj=survey, data={"fields": changed})
    return survey


@requires("consult.build_survey", on="survey")
def add_page(*, actor, survey: Survey, title: str, title_translations=None) -> SurveyPage:
    with transaction.atomic():
        last = survey.pages.aggregate(last=Max("order"))["last"]
        page = SurveyPage(
            survey=survey,
            title=title,
            title_translations=title_translations or {},
            order=0 if last is None else last + 1,
        )
        page.full_clean()
        page.save()
        audit.record(
            ConsultEvent.SURVEY_PAGE_ADDED, actor=actor, obj=page, data={"survey": survey.pk}
        )
    return page


@requires("consult.build_survey", on="page")
def update_page(*, actor, page: SurveyPage, changes: Mapping[str, Any]) -> SurveyPage:
    with transaction.atomic():
        changed = _apply(page, changes, PAGE_FIELDS)
        page.full_clean()
        page.save()
        audit.record(
            ConsultEvent.SURVEY_PAGE_CHANGED, actor=actor, obj=page, data={"fields": changed}
        )
    return page


@requires("consult.build_survey", on="page")
def delete_page(*, actor, page: SurveyPage) -> None:
    """Remove a page; only an empty one, so no question (or its answers) goes with it."""
    with transaction.atomic():
        if page.questions.exists():
            raise ValidationError(_("Move or delete the page's questions first"))
        audit.record(ConsultEvent.SURVEY_PAGE_DELETED, actor=actor, obj=page)
        page.delete()


def _swap(queryset, item, direction: str) -> None:
    siblings = list(queryset.select_for_update().order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            type(sibling).objects.filter(pk=sibling.pk).update(order=order)


@requires("consult.build_survey", on="page")
def move_page(*, actor, page: SurveyPage, direction: str) -> None:
    """Move a page up or down. Refused if a condition would then point at a later page."""
    with transaction.atomic():
        _swap(page.survey.pages.all(), page, direction)
        _check_conditions(page.survey)
        audit.record(
            ConsultEvent.SURVEY_PAGE_MOVED, actor=actor, obj=page, data={"direction": direction}
        )


@requires("consult.build_survey", on="question")
def move_question(*, actor, question: Question, direction: str) -> None:
    """Move a question up or down its page."""
    with transaction.atomic():
        _swap(question.page.questions.all(), question, direction)
        audit.record(
            ConsultEvent.SURVEY_QUESTION_MOVED,
            actor=actor,
            obj=question,
            data={"direction": direction},
        )


def _check_conditions(survey: Survey) -> None:
    pages = {p.pk: p.order for p in survey.pages.all()}
    for question in survey.questions.exclude(condition_question=None).select_related(
        "condition_question"
    ):
        if pages[question.condition_question.page_id] >= pages[question.page_id]:
            raise ValidationError(
                _(
                    "“%(question)s” depends on a question that would no longer come before it: "
                    "move that question to an earlier page first"
                )
                % {"question": question.text[:80]}
            )


def _prepare_question(question: Question, languages: list[str]) -> None:
    if question.kind == QuestionKind.ABOUT_YOU:
        if question.about_you_key not in about_you.all_keys():
            raise ValidationError({"about_you_key": _("Choose which about-you question to ask")})
        if not question.text.strip():
            wording = about_you.standard_wording(question.about_you_key, languages)
            for name, value in wording.items():
                setattr(question, name, value)
        question.choices = []
        question.uses_priority_options = False
    if question.condition_question_id:
        condition = question.condition_question
        if condition.survey_id != question.page.survey_id or (
            condition.page.order >= question.page.order
        ):
            raise ValidationError({"condition_question": _("Choose a question on an earlier page")})


@requires("consult.build_survey", on="page")
def add_question(*, actor, page: SurveyPage, **fields: Any) -> Question:
    """Add a question at the end of a page. An about-you question with no text gets the
    census wording in every language, so officers need not translate it."""
    with transaction.atomic():
        last = page.questions.aggregate(last=Max("order"))["last"]
        question = Question(page=page, survey_id=page.survey_id, text="")
        _apply(question, fields, QUESTION_FIELDS)
        question.order = 0 if last is None else last + 1
        _prepare_question(question, other_languages())
        question.full_clean(exclude=["survey"])
        question.save()
        audit.record(
            ConsultEvent.SURVEY_QUESTION_ADDED,
            actor=actor,
            obj=question,
            data={"kind": question.kind, "page": page.pk},
        )
    return question


@requires("consult.build_survey", on="question")
def update_question(*, actor, question: Question, changes: Mapping[str, Any]) -> Question:
    with transaction.atomic():
        kind_before = question.kind
        changed = _apply(question, changes, QUESTION_FIELDS)
        if question.kind != kind_before and question.answers.exists():
            raise ValidationError(
                {"kind": _("People have answered this question: its kind cannot change now")}
            )
        _prepare_question(question, other_languages())
        question.full_clean()
        question.save()
        audit.record(
            ConsultEvent.SURVEY_QUESTION_CHANGED,
            actor=actor,
            obj=question,
            data={"fields": changed},
        )
    return question


@requires("consult.build_survey", on="question")
def delete_question(*, actor, question: Question) -> None:
    """Remove a question nobody has answered and nothing depends on."""
    with transaction.atomic():
        if question.answers.exists():
            raise ValidationError(_("People have answered this question, so it cannot be deleted"))
        if question.dependants.exists():
            raise ValidationError(_("Other questions depend on this one: change them first"))
        audit.record(
            ConsultEvent.SURVEY_QUESTION_DELETED,
            actor=actor,
            obj=question,
            data={"kind": question.kind},
        )
        question.delete()


@requires("consult.build_survey", on="survey")
def publish_survey(*, actor, survey: Survey, published: bool = True) -> Survey:
    """Open the survey to residents (or withdraw it). It needs at least one question."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if published and not survey.questions.exists():
            raise ValidationError(_("Add at least one question before publishing the survey"))
        survey.published = published
        survey.published_at = timezone.now() if published else survey.published_at
        survey.save(update_fields=["published", "published_at"])
        audit.record(
            ConsultEvent.SURVEY_PUBLISHED if published else ConsultEvent.SURVEY_WITHDRAWN,
            actor=actor,
            obj=survey,
            data={"consent_version": survey.consent_version},
        )
    return survey
