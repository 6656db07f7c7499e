"""Offline conversations, as officers and community researchers enter them afterwards.

A board table, focus group, interview, vox pop or open-commission submission is an
`Activity`: when and where it happened, in which language, how many took part and who they
were *in aggregate* (counts by age band, sex and ethnic group, never a name), how consent was
obtained, and the notes or transcript. The dots on a board table are `OptionTally` rows; every
sticky note, quote and note becomes a `Comment` in the one evidence base.
"""

from __future__ import annotations

from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.consult.models.consultation import Consultation, Method, PriorityOption

OFFLINE_METHODS = (
    Method.BOARD_TABLE,
    Method.FOCUS_GROUP,
    Method.INTERVIEW,
    Method.VOX_POP,
    Method.COMMISSION,
)

# The "who took part" dimensions an activity records in aggregate (consultstats.categories keys).
WHO_DIMENSIONS = ("age_band", "sex", "ethnicity")


class ConsentHow(models.TextChoices):
    VERBAL = "verbal", _("Said yes out loud, recorded by the facilitator")
    WRITTEN = "written", _("Signed a consent form")
    SHOW_OF_HANDS = "hands", _("Agreed as a group at the start")
    SUBMISSION = "submission", _("Ticked the consent box when submitting")
    NOT_ASKED = "not_asked", _("Not asked: nothing may be quoted")


def _private_path(instance, filename: str, folder: str) -> str:
    """Random names under a private folder: the original name may itself be personal data."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"consult/{folder}/{uuid4().hex}{suffix}"


def audio_path(instance: Activity, filename: str) -> str:
    return _private_path(instance, filename, "audio")


def attachment_path(instance: ActivityAttachment, filename: str) -> str:
    return _private_path(instance, filename, "attachments")


class ActivityQuerySet(models.QuerySet):
    def with_related(self) -> ActivityQuerySet:
        return self.select_related("consultation", "ward", "community", "entered_by")

    def live(self) -> ActivityQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> ActivityQuerySet:
        return self.filter(withdrawn_at__isnull=False)


class LiveActivityManager(models.Manager.from_queryset(ActivityQuerySet)):
    """The default manager: activities not withdrawn, so a withdrawn session counts nowhere
    (analysis, exports, the API, `consultation.activities`). `Activity.all_objects` has all."""

    def get_queryset(self) -> ActivityQuerySet:
        return super().get_queryset().live()


class Activity(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="activities"
    )
    method = models.CharField(
        _("method"),
        max_length=20,
        choices=[(m.value, m.label) for m in OFFLINE_METHODS],
    )
    title = models.CharField(
        _("name"), max_length=200, help_text=_("For example, “Board table at City Library”.")
    )
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue or place"), max_length=200, blank=True)
    ward = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ward"),
    )
    community = models.ForeignKey(
        "core.CommunityOfInterest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("community"),
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    who_took_part = models.JSONField(
        _("who took part"),
        default=dict,
        blank=True,
        help_text=_("Counts by category: {dimension: {category code: count}}."),
    )
    consent_how = models.CharField(
        _("how consent was obtained"), max_length=12, choices=ConsentHow.choices
    )
    consent_text = models.TextField(_("what people agreed to"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    audio = models.FileField(_("audio recording"), upload_to=audio_path, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveActivityManager()
    all_objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "-held_on", "pk"]
        indexes = [models.Index(fields=["consultation", "method"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consult:activity", args=[self.consultation.slug, self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def may_be_changed_by(self, user) -> bool:
        """Officers may correct or withdraw any session; the community researcher who entered
        one may, while the consultation is open (the rule ``consult.change_activity``)."""
        from commonground.consult.rules import allowed

        return allowed(user, "consult.change_activity", self)

    @property
    def may_quote(self) -> bool:
        return self.consent_how != ConsentHow.NOT_ASKED

    def who_total(self, dimension: str) -> int:
        return sum(int(v) for v in (self.who_took_part or {}).get(dimension, {}).values())


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")


class ActivityAttachment(models.Model):
    """A photo of a board, a submitted drawing or document: kept privately, shown to officers."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or self.get_kind_display()


class OptionTally(models.Model):
    """Dots or votes one option got at one activity (a board table's sticky dots)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="tallies")
    option = models.ForeignKey(PriorityOption, on_delete=models.CASCADE, related_name="tallies")
    votes = models.PositiveIntegerField(_("dots or votes"))

    class Meta:
        ordering = ["activity", "option__order", "option__pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "option"], name="consult_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.votes}"
