"""The online survey: what officers build (survey → pages → questions) and what people answer.

A `Survey` belongs to a `Consultation` and is written in the district's own language
(English), with each text's translations held beside it as data ({"ur": …, "pl": …}), so a
survey can run in any language the platform speaks without a code change.

A `SurveyResponse` is one person's answers, online (answered without an account) or keyed by
an officer from a paper form. Residents come back to a saved response with a random token
that we show once and store only as a hash; no e-mail or name is ever stored. The "about
you" answers are copied onto the response as {about_you_key: category code} on submission,
which is what the reach analysis reads, so it never has to join the answers table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commonground.consult.models.consultation import Consultation, Method


def current_language(language: str | None = None) -> str:
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]


def translated(text: str, translations: Mapping[str, str] | None, language: str | None) -> str:
    """The text in `language`, falling back to the text as written (English)."""
    language = current_language(language)
    if language == settings.LANGUAGE_CODE or not translations:
        return text
    return (translations.get(language) or "").strip() or text


def is_fallback(text: str, translations: Mapping[str, str] | None, language: str | None) -> bool:
    """True when `translated` would show the English text to a reader of another language,
    so the page can mark it lang="en" dir="ltr" (read with an English voice, full stops
    at the right end)."""
    language = current_language(language)
    if language == settings.LANGUAGE_CODE or not text:
        return False
    return not ((translations or {}).get(language) or "").strip()


def fallback_attrs(fallback: bool) -> SafeString:
    """` lang="en" dir="ltr"` for English text shown on a page in another language."""
    if not fallback:
        return mark_safe("")
    return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)


def hash_token(token: str) -> str:
    """SHA-256 of a resume code: it has 120 random bits, so no salt or stretching."""
    return hashlib.sha256(token.encode()).hexdigest()


class Survey(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    title_translations = models.JSONField(default=dict, blank=True)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What the survey is for, on its first page.")
    )
    intro_translations = models.JSONField(default=dict, blank=True)
    consent_text = models.TextField(
        _("consent text"),
        help_text=_("What people agree to before they start: how their answers are used."),
    )
    consent_translations = models.JSONField(default=dict, blank=True)
    consent_version = models.CharField(
        _("consent version"),
        max_length=20,
        default="1",
        help_text=_("Change it whenever the consent text changes; each response records it."),
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "-created_at", "-pk"]
        verbose_name = _("survey")

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None = None) -> str:
        return translated(self.title, self.title_translations, language)

    def intro_in(self, language: str | None = None) -> str:
        return translated(self.intro, self.intro_translations, language)

    def consent_in(self, language: str | None = None) -> str:
        return translated(self.consent_text, self.consent_translations, language)

    # For templates: lang/dir attributes when the active language falls back to English.
    @property
    def title_attrs(self) -> SafeString:
        return fallback_attrs(is_fallback(self.title, self.title_translations, None))

    @property
    def intro_attrs(self) -> SafeString:
        return fallback_attrs(is_fallback(self.intro, self.intro_translations, None))

    @property
    def consent_attrs(self) -> SafeString:
        return fallback_attrs(is_fallback(self.consent_text, self.consent_translations, None))

    def ordered_pages(self) -> list[SurveyPage]:
        """Pages in order with their questions (two queries, whatever the survey's size)."""
        return list(
            self.pages.order_by("order", "pk").prefetch_related(
                models.Prefetch(
                    "questions",
                    queryset=Question.objects.select_related("condition_question").order_by(
                        "order", "pk"
                    ),
                )
            )
        )

    def questions_in_order(self) -> list[Question]:
        return [q for page in self.ordered_pages() for q in page.questions.all()]


class SurveyPage(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(_("page title"), max_length=200)
    title_translations = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("survey page")

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None = None) -> str:
        return translated(self.title, self.title_translations, language)

    @property
    def title_attrs(self) -> SafeString:
        return fallback_attrs(is_fallback(self.title, self.title_translations, None))


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RANKING = "ranking", _("Ranking")
    LIKERT = "likert", _("Agreement scale (Likert)")
    TEXT = "text", _("Free text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    POSTCODE = "postcode", _("Postcode")
    ABOUT_YOU = "about_you", _("About you (census categories)")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
PRIORITY_KINDS = CHOICE_KINDS


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("is")
    CONTAINS = "contains", _("includes")


class Question(models.Model):
    """One question. `choices` is a list of {"value": code, "label": English, "ur": …, "pl": …}.

    A choice question with `uses_priority_options` offers the consultation's PriorityOptions
    instead (their ids are the values), which is how the analysis combines survey rankings
    with board-table dots. An about-you question's categories come from
    consultstats.categories (or the district's wards), never from `choices`.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    page = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_translations = models.JSONField(default=dict, blank=True)
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    help_translations = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(default=list, blank=True)
    uses_priority_options = models.BooleanField(
        _("offer the consultation's priority options"), default=False
    )
    max_ranked = models.PositiveSmallIntegerField(
        _("how many to rank"),
        null=True,
        blank=True,
        help_text=_("For a ranking: rank the top N (empty: as many as there are options)."),
    )
    about_you_key = models.CharField(_("about you"), max_length=30, blank=True)
    min_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    condition_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependants",
        verbose_name=_("show only when the answer to"),
    )
    condition_operator = models.CharField(
        max_length=10, choices=ConditionOperator.choices, default=ConditionOperator.EQUALS
    )
    condition_value = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.survey_id = self.page.survey_id
        super().save(*args, **kwargs)

    def text_in(self, language: str | None = None) -> str:
        return translated(self.text, self.text_translations, language)

    def help_in(self, language: str | None = None) -> str:
        return translated(self.help_text, self.help_translations, language)

    @property
    def has_condition(self) -> bool:
        return self.condition_question_id is not None and bool(self.condition_value)

    def is_shown(self, answers: Mapping[int, Any]) -> bool:
        """Whether to ask this question, given the answers so far ({question id: value}).

        "is" matches a single answer; "includes" matches one of several ticked or ranked.
        An unanswered earlier question hides its dependants.
        """
        if not self.has_condition:
            return True
        value = answers.get(self.condition_question_id)
        if value in (None, "", []):
            return False
        if isinstance(value, list):
            return self.condition_value in [str(v) for v in value]
        if self.condition_operator == ConditionOperator.CONTAINS:
            return self.condition_value.casefold() in str(value).casefold()
        return str(value) == self.condition_value


class SurveyResponse(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="survey_responses"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=[
            (Method.SURVEY.value, Method.SURVEY.label),
            (Method.PAPER_SURVEY.value, Method.PAPER_SURVEY.label),
        ],
        default=Method.SURVEY,
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)
    consent_to_quote = models.BooleanField(_("may be quoted (anonymously)"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paper_reference = models.CharField(_("paper form reference"), max_length=40, blank=True)
    resume_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    completed_pages = models.JSONField(default=list, blank=True)
    ward = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_you = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "paper_reference"],
                condition=~models.Q(paper_reference=""),
                name="consult_paper_reference_unique",
            )
        ]
        indexes = [models.Index(fields=["consultation", "submitted_at"])]
        verbose_name = _("survey response")

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def answer_values(self) -> dict[int, Any]:
        return dict(self.answers.values_list("question_id", "value"))


class Answer(models.Model):
    """One answer: a code, a list of codes (ticked or ranked, in order), text, number or date."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="consult_answer_unique")
        ]
        verbose_name = _("answer")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
