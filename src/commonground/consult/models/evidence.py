"""The one evidence base: every comment, quote, note and transcript, whatever the method.

A survey's free-text answer, a sticky note from a board table, a focus group's notes, an
interview transcript and an open-commission submission are all a `Comment`, so one search
and one filter (method, ward, community, date, theme, language) covers them all.
`text` is what was said; `text_masked` has names, phone numbers, e-mail and street
addresses masked, and is the only text ever published.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.consult.models.consultation import Consultation, Method


def mask(text: str) -> str:
    """Personal data masked by the text-analysis package (imported late: it loads patterns)."""
    from commonground.textanalysis.pii import mask_personal_data

    return mask_personal_data(text)


def searchable(text: str) -> str:
    """Case-folded in Python, so search is case-insensitive for ł/Ł on SQLite as on PostgreSQL
    (SQLite's LIKE folds ASCII only)."""
    return " ".join(text.casefold().split())


class CommentQuerySet(models.QuerySet):
    def bulk_create_masked(self, comments: Iterable[Comment], batch_size: int = 500) -> list:
        """Bulk-create comments with their masked and searchable text filled in.

        `bulk_create` skips `save()`, so masking must happen here too: a comment is never
        stored without its masked text, whichever way it arrives.
        """
        comments = list(comments)
        for comment in comments:
            comment.prepare_text()
        return self.bulk_create(comments, batch_size=batch_size)

    def with_related(self) -> CommentQuerySet:
        return self.select_related("consultation", "ward", "community", "activity")

    def search(self, query: str) -> CommentQuerySet:
        words = searchable(query).split()
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs

    def filtered(
        self,
        *,
        query: str = "",
        methods: Iterable[str] = (),
        ward=None,
        community=None,
        since: date | None = None,
        until: date | None = None,
        theme=None,
        language: str = "",
    ) -> CommentQuerySet:
        """The evidence base's filters, each optional; a theme matches accepted codings only."""
        qs = self.search(query) if query else self
        methods = [m for m in methods if m]
        if methods:
            qs = qs.filter(method__in=methods)
        if ward is not None:
            qs = qs.filter(ward=ward)
        if community is not None:
            qs = qs.filter(community=community)
        if since:
            qs = qs.filter(said_on__gte=since)
        if until:
            qs = qs.filter(said_on__lte=until)
        if theme is not None:
            qs = qs.filter(codings__theme=theme, codings__status=CodingStatus.ACCEPTED)
        if language:
            qs = qs.filter(language=language)
        return qs

    def live(self) -> CommentQuerySet:
        return self.filter(withdrawn=False)

    def uncoded(self) -> CommentQuerySet:
        """Comments with no accepted coding yet (suggestions and rejections do not count)."""
        return self.exclude(codings__status=CodingStatus.ACCEPTED)


class LiveCommentManager(models.Manager.from_queryset(CommentQuerySet)):
    """The default manager: the evidence base as it stands, without the comments of withdrawn
    activities (so `consultation.comments`, searches, exports and analysis never see them).
    `Comment.all_objects` has every comment (an activity's own page, reinstating)."""

    def get_queryset(self) -> CommentQuerySet:
        return super().get_queryset().live()


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    text = models.TextField(_("what was said"))
    text_masked = models.TextField(_("text with personal data masked"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    said_on = models.DateField(_("date"))
    ward = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        "core.CommunityOfInterest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_to_quote = models.BooleanField(_("may be quoted (anonymously)"), default=False)
    # Where it came from: an online or paper survey answer, or an offline activity.
    # (`SurveyResponse` and `Question` live in models/survey.py, `Activity` in models/activity.py.)
    response = models.ForeignKey(
        "consult.SurveyResponse",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    question = models.ForeignKey(
        "consult.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        "consult.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set (with its activity's) when the activity is withdrawn: kept, but out of the evidence.
    withdrawn = models.BooleanField(default=False)

    objects = LiveCommentManager()
    all_objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "said_on", "pk"]
        indexes = [
            models.Index(fields=["consultation", "method"]),
            models.Index(fields=["consultation", "said_on"]),
        ]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return (self.text_masked or self.text)[:80]

    def save(self, *args, **kwargs) -> None:
        self.prepare_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "text_masked", "search_text"}
        super().save(*args, **kwargs)

    def prepare_text(self) -> None:
        """Fill the masked and searchable text from `text` (masked text is all we publish)."""
        if not self.text_masked:
            self.text_masked = mask(self.text)
        self.search_text = searchable(self.text_masked)

    def source_url(self) -> str:
        """Where the comment came from: its activity page, or the survey response."""
        if self.activity_id:
            return reverse("consult:activity", args=[self.consultation.slug, self.activity_id])
        if self.response_id:
            return reverse("consult:evidence_item", args=[self.consultation.slug, self.pk])
        return ""


class ThemeQuerySet(models.QuerySet):
    def active(self) -> ThemeQuerySet:
        """The codebook as it stands: themes not merged into another."""
        return self.filter(merged_into__isnull=True)

    def named(self) -> ThemeQuerySet:
        """Themes an officer has named: every theme an officer created, and a theme the
        platform proposed once an officer gave or confirmed its name. Only these are
        published (report, its PDF, the API, "You said, we did")."""
        return self.filter(models.Q(proposed_by_machine=False) | models.Q(named_at__isnull=False))


class Theme(models.Model):
    """A code in a consultation's codebook. Merging keeps the old theme, pointing at the new."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("label"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    proposed_by_machine = models.BooleanField(default=False)
    # When an officer named (or confirmed the name of) a theme the platform proposed: until
    # then its label is the machine's word list and it is not published.
    named_at = models.DateTimeField(_("named"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "label"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return self.label

    @property
    def is_named(self) -> bool:
        """An officer created or named it (see :meth:`ThemeQuerySet.named`)."""
        return not self.proposed_by_machine or self.named_at is not None


class CodingStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested by the platform")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Coding(models.Model):
    """A comment coded against a theme: by an officer, or suggested and then decided."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    status = models.CharField(max_length=10, choices=CodingStatus.choices)
    score = models.FloatField(
        null=True,
        blank=True,
        help_text=_(
            "For suggestions: the calibrated confidence, the expected share of such"
            " suggestions an officer accepts (0 to 1)."
        ),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme"], name="consult_coding_unique")
        ]
        verbose_name = _("coding")

    def __str__(self) -> str:
        return f"{self.theme} ← {self.comment_id} ({self.status})"
