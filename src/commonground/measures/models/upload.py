"""A partner's upload of figures: accepted whole or rejected whole, with a row-by-row report."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UploadStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking rows")
    LOADING = "loading", _("Saving figures")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({UploadStatus.ACCEPTED, UploadStatus.REJECTED, UploadStatus.FAILED})


class UploadVia(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")
    CLI = "cli", _("Command line")


class Upload(models.Model):
    """One file of observations from one organisation, and what became of it.

    The file is kept, so an accepted figure can always be traced to the exact file and row
    it came from; the report lists every problem by row and column when it is rejected.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="measures_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures_uploads",
    )
    uploaded_by_label = models.CharField(_("uploaded by"), max_length=150, blank=True)
    via = models.CharField(_("sent through"), max_length=5, choices=UploadVia.choices)
    file = models.FileField(_("file"), upload_to="measures/uploads/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=UploadStatus.choices,
        default=UploadStatus.PENDING,
        db_index=True,
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_created = models.PositiveIntegerField(_("figures added"), default=0)
    rows_corrected = models.PositiveIntegerField(_("figures corrected"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("figures unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    report = models.JSONField(
        _("report"),
        default=list,
        blank=True,
        help_text=_('Problems: [{"row": 3, "column": "area_code", "value": …, "message": …}].'),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("upload")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("measures:upload", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent_done(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))
