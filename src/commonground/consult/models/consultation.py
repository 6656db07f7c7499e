"""A consultation and the options it asks people to prioritise.

Every method (survey, board table, focus group, interview, vox pop, open commission) feeds the
same consultation, so the analysis can set the methods side by side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """The six ways the strategy's conversations were held (seed 003), plus paper surveys."""

    SURVEY = "survey", _("Online survey")
    PAPER_SURVEY = "paper_survey", _("Paper survey")
    BOARD_TABLE = "board_table", _("Board table")
    FOCUS_GROUP = "focus_group", _("Focus group")
    INTERVIEW = "interview", _("One-to-one interview")
    VOX_POP = "vox_pop", _("Vox pop")
    COMMISSION = "commission", _("Open commission")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REPORTED = "reported", _("Reported back")


class ConsultationQuerySet(models.QuerySet):
    def public(self) -> ConsultationQuerySet:
        """Consultations the public may see: every one that has left draft."""
        return self.exclude(status=ConsultationStatus.DRAFT)

    def visible_to(self, user) -> ConsultationQuerySet:
        """The consultations `user` may see: the queryset twin of the rule
        ``consult.view_consultation`` (consult/rules.py), used by every list and the API."""
        from commonground.core.predicates import is_officer

        return self if is_officer(user) else self.public()


class Consultation(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"))
    pillars = models.ManyToManyField("core.Pillar", blank=True, verbose_name=_("pillars"))
    objectives = models.ManyToManyField(
        "core.Objective", blank=True, verbose_name=_("objectives it informs")
    )
    areas = models.ManyToManyField("core.Area", blank=True, verbose_name=_("areas targeted"))
    communities = models.ManyToManyField(
        "core.CommunityOfInterest", blank=True, verbose_name=_("communities targeted")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("Language codes it runs in, e.g. en, ur, pl.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    method_notes = models.TextField(
        _("method notes"),
        blank=True,
        help_text=_("How the conversations were run, in plain words, for the report."),
    )
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("consultation")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consult:detail", args=[self.slug])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == ConsultationStatus.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_public(self) -> bool:
        return self.status != ConsultationStatus.DRAFT

    @property
    def takes_evidence(self) -> bool:
        """Offline sessions can be entered once it is open (and after it closes, for sessions
        typed up late); not in draft, while its options may still change: dots point at them.
        Pages say so before an officer starts a form, and the action refuses the same way."""
        return self.status != ConsultationStatus.DRAFT

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    def language_names(self) -> list[str]:
        """The languages it runs in, by name, in the order the officer gave."""
        names = dict(settings.LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]


class PriorityOption(models.Model):
    """One thing people are asked to prioritise ("Employment", "English language", …).

    `label_translations` holds the label in the consultation's other languages
    ({"ur": "…", "pl": "…"}); `label` is the English text.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("label"), max_length=200)
    label_translations = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "label"], name="consult_option_unique")
        ]
        verbose_name = _("priority option")

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.label_translations.get(language) or self.label

    def translation(self, field: str, language: str | None = None) -> str | None:
        """The label in `language` where given, else None: for core's `translated` tag,
        which then shows the English label marked as English."""
        language = (language or get_language() or "en").split("-")[0]
        return (self.label_translations.get(language) or None) if field == "label" else None
