"""Every state change of a survey, one function each: building, answering, keying paper forms.

Views, the demo and the tests all call these; nothing else writes survey models. Builder
changes, publishing, consent, save-for-later and submission write an audit event in the same
transaction. A resident's page-by-page draft answers are not audited: until submitted they
are theirs alone, and an audit row per page would record nothing the public relies on.

Errors a person can fix are `ValidationError` (a dict names the field when there is one);
a change the survey's state does not allow is `PermissionDenied`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.consult.forms_survey import about_you
from commonground.consult.forms_survey.builder import other_languages
from commonground.consult.models import (
    Answer,
    Comment,
    Consultation,
    Method,
    Question,
    QuestionKind,
    Survey,
    SurveyPage,
    SurveyResponse,
)
from commonground.consult.models.survey import hash_token
from commonground.core import audit
from commonground.core.models import Area

RESIDENT = "resident (online survey)"

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


def _require_officer(actor) -> None:
    if actor is None or not actor.has_role("officer"):
        raise PermissionDenied


def _apply(obj, changes: Mapping[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name, value in changes.items():
        setattr(obj, name, value)
    return changed


# ================================================================================ builder


def create_survey(
    *, actor, consultation: Consultation, title: str, consent_text: str, **fields: Any
) -> Survey:
    """Start a survey for a consultation (unpublished: residents see it once it is published)."""
    _require_officer(actor)
    with transaction.atomic():
        survey = Survey(consultation=consultation, title=title, consent_text=consent_text)
        _apply(survey, fields, SURVEY_FIELDS)
        survey.created_by = actor
        survey.full_clean()
        survey.save()
        audit.record(
            "consult.survey_created",
            actor=actor,
            obj=survey,
            data={"consultation": consultation.slug},
        )
    return survey


def update_survey(*, actor, survey: Survey, changes: Mapping[str, Any]) -> Survey:
    """Change a survey's wording. Changing the consent text needs a new consent version, so
    every response records which text its respondent agreed to."""
    _require_officer(actor)
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
        audit.record("consult.survey_changed", actor=actor, obj=survey, data={"fields": changed})
    return survey


def add_page(*, actor, survey: Survey, title: str, title_translations=None) -> SurveyPage:
    _require_officer(actor)
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
        audit.record("consult.survey_page_added", actor=actor, obj=page, data={"survey": survey.pk})
    return page


def update_page(*, actor, page: SurveyPage, changes: Mapping[str, Any]) -> SurveyPage:
    _require_officer(actor)
    with transaction.atomic():
        changed = _apply(page, changes, PAGE_FIELDS)
        page.full_clean()
        page.save()
        audit.record("consult.survey_page_changed", actor=actor, obj=page, data={"fields": changed})
    return page


def delete_page(*, actor, page: SurveyPage) -> None:
    """Remove a page; only an empty one, so no question (or its answers) goes with it."""
    _require_officer(actor)
    with transaction.atomic():
        if page.questions.exists():
            raise ValidationError(_("Move or delete the page's questions first"))
        audit.record("consult.survey_page_deleted", actor=actor, obj=page)
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


def move_page(*, actor, page: SurveyPage, direction: str) -> None:
    """Move a page up or down. Refused if a condition would then point at a later page."""
    _require_officer(actor)
    with transaction.atomic():
        _swap(page.survey.pages.all(), page, direction)
        _check_conditions(page.survey)
        audit.record(
            "consult.survey_page_moved", actor=actor, obj=page, data={"direction": direction}
        )


def move_question(*, actor, question: Question, direction: str) -> None:
    """Move a question up or down its page."""
    _require_officer(actor)
    with transaction.atomic():
        _swap(question.page.questions.all(), question, direction)
        audit.record(
            "consult.survey_question_moved",
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


def add_question(*, actor, page: SurveyPage, **fields: Any) -> Question:
    """Add a question at the end of a page. An about-you question with no text gets the
    census wording in every language, so officers need not translate it."""
    _require_officer(actor)
    with transaction.atomic():
        last = page.questions.aggregate(last=Max("order"))["last"]
        question = Question(page=page, survey_id=page.survey_id, text="")
        _apply(question, fields, QUESTION_FIELDS)
        question.order = 0 if last is None else last + 1
        _prepare_question(question, other_languages())
        question.full_clean(exclude=["survey"])
        question.save()
        audit.record(
            "consult.survey_question_added",
            actor=actor,
            obj=question,
            data={"kind": question.kind, "page": page.pk},
        )
    return question


def update_question(*, actor, question: Question, changes: Mapping[str, Any]) -> Question:
    _require_officer(actor)
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
            "consult.survey_question_changed", actor=actor, obj=question, data={"fields": changed}
        )
    return question


def delete_question(*, actor, question: Question) -> None:
    """Remove a question nobody has answered and nothing depends on."""
    _require_officer(actor)
    with transaction.atomic():
        if question.answers.exists():
            raise ValidationError(_("People have answered this question, so it cannot be deleted"))
        if question.dependants.exists():
            raise ValidationError(_("Other questions depend on this one: change them first"))
        audit.record(
            "consult.survey_question_deleted",
            actor=actor,
            obj=question,
            data={"kind": question.kind},
        )
        question.delete()


def publish_survey(*, actor, survey: Survey, published: bool = True) -> Survey:
    """Open the survey to residents (or withdraw it). It needs at least one question."""
    _require_officer(actor)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if published and not survey.questions.exists():
            raise ValidationError(_("Add at least one question before publishing the survey"))
        survey.published = published
        survey.published_at = timezone.now() if published else survey.published_at
        survey.save(update_fields=["published", "published_at"])
        audit.record(
            "consult.survey_published" if published else "consult.survey_withdrawn",
            actor=actor,
            obj=survey,
            data={"consent_version": survey.consent_version},
        )
    return survey


# ============================================================================= answering


def start_response(
    *, survey: Survey, language: str, consent_to_quote: bool = False, now: datetime | None = None
) -> SurveyResponse:
    """A resident agrees to the consent text and starts: when and which version is recorded."""
    now = now or timezone.now()
    if not survey.published or not survey.consultation.is_open(now):
        raise PermissionDenied(_("This survey is closed."))
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
            "consult.survey_consent_given",
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


def save_page(
    *,
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


def issue_resume_token(*, response: SurveyResponse) -> str:
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
        audit.record("consult.survey_saved_for_later", obj=response, actor_label=RESIDENT)
    return token


def response_for_token(consultation: Consultation, token: str) -> SurveyResponse | None:
    """The unsent response a resume code belongs to, or None.

    The code is compared as issued (:func:`normalise_resume_code`); a token issued before
    codes were typed (a longer mixed-case one) is still accepted as it is.
    """
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
    from .actions import refresh_analysis

    refresh_analysis(consultation=response.consultation, because=because)


def submit_response(
    *, response: SurveyResponse, language: str | None = None, now: datetime | None = None
) -> SurveyResponse:
    """Send a resident's answers: checks every required question they were asked is answered.

    `language` is the one they finished in (their free text is most likely written in it).
    """
    now = now or timezone.now()
    with transaction.atomic():
        response = _locked_draft(response)
        if language:
            response.language = language
        if not response.consultation.is_open(now):
            raise PermissionDenied(_("This survey is closed."))
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
            "consult.survey_submitted",
            obj=response,
            actor_label=RESIDENT,
            data={"method": response.method, "language": response.language, "comments": comments},
        )
        _refresh_analysis(response, "consult.survey_submitted")
    return response


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
    _require_officer(actor)
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
                "consult.paper_survey_keyed",
                actor=actor,
                obj=response,
                data={"reference": reference, "language": language, "comments": comments},
            )
            _refresh_analysis(response, "consult.paper_survey_keyed")
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
    _require_officer(actor)
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
            "consult.survey_response_imported",
            actor=actor,
            obj=response,
            data={"method": method, "language": language, "comments": comments},
        )
        _refresh_analysis(response, "consult.survey_response_imported")
    return response
