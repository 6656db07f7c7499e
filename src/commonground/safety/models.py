"""Feeling Safe: incident reports, their casework, and the rate-limit keys that protect them.

What a reporter writes (the account, the typed place, the map point, contact details, a
police reference) is stored sealed (:class:`~commonground.safety.crypto.EncryptedTextField`).
What the figures need (strands, LSOA and ward, the month, status, risk, outcome) is plain,
because it identifies nobody once small counts are suppressed, and stays after the personal
details are deleted at the end of the retention period.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .crypto import EncryptedTextField

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on a phone


def new_reference() -> str:
    """``HR-XXXX-XXXX``: 40 random bits, unique enough and easy to read aloud."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"HR-{chars[:4]}-{chars[4:]}"


class Strand(models.Model):
    """A motivation monitored (race, religion…); councils add local ones (e.g. alternative
    subculture). ``police_measure`` names the Home Office column it compares with, if any."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text='{"ur": {"name": "…"}, …}'
    )
    police_measure = models.CharField(_("police figures column"), max_length=80, blank=True)
    centrally_monitored = models.BooleanField(_("monitored nationally"), default=False)
    active = models.BooleanField(_("offered on the form"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("strand")

    def __str__(self) -> str:
        return self.name

    def translation(self, field: str, language: str | None = None) -> str | None:
        language = (language or get_language() or "").split("-")[0]
        text = (self.translations or {}).get(language, {}).get(field)
        return text if isinstance(text, str) and text.strip() else None

    @property
    def label(self) -> str:
        """The name in the active language (English where not translated)."""
        return self.translation("name") or self.name


class ReporterRole(models.TextChoices):
    VICTIM = "victim", _("It happened to me")
    WITNESS = "witness", _("I saw it happen")
    ON_BEHALF = "on_behalf", _("I am reporting for someone else")


class PoliceReported(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("I do not know")


class Support(models.TextChoices):
    CONTACT = "contact", _("Someone to contact me")
    VICTIM_SUPPORT = "victim_support", _("Emotional or practical support")
    POLICE = "police", _("Help to report it to the police")
    RESTORATIVE = "restorative", _("Restorative justice (meeting or writing to the person)")
    NONE = "none", _("No support: I want it recorded")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being looked at by a caseworker")
    REFERRED = "referred", _("Referred for support")
    CLOSED = "closed", _("Closed")


class Risk(models.TextChoices):
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Outcome(models.TextChoices):
    SUPPORTED = "supported", _("Support given")
    REFERRED = "referred", _("Referred to another service")
    RECORDED = "recorded", _("Recorded for monitoring only")
    NO_CONTACT = "no_contact", _("Could not make contact")
    WITHDRAWN = "withdrawn", _("Reporter withdrew")


class IncidentQuerySet(models.QuerySet):
    def for_casework(self) -> IncidentQuerySet:
        return self.select_related("lsoa", "ward", "centre").prefetch_related(
            "strands", "confirmed_strands"
        )


class IncidentReport(models.Model):
    """One report of a hate incident, from the reporter or a third-party reporting centre."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, default=new_reference)
    secret_hash = models.CharField(_("secret (hashed)"), max_length=200)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    reporter_role = models.CharField(_("who is reporting"), max_length=12, choices=ReporterRole)
    centre = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by reporting centre"),
    )
    # what happened (sealed)
    description = EncryptedTextField(_("what happened"), blank=True)
    strands = models.ManyToManyField(Strand, related_name="reports", blank=True)
    occurred_on = models.DateField(_("when it happened"))
    # where: LSOA and ward are plain (for figures); the point and the typed place are sealed
    lsoa = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ward = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_text = EncryptedTextField(_("place as typed"), blank=True)
    point = EncryptedTextField(_("map point"), blank=True)
    reported_to_police = models.CharField(
        _("reported to the police"), max_length=10, choices=PoliceReported
    )
    police_reference = EncryptedTextField(_("police reference"), blank=True)
    support = models.JSONField(_("support wanted"), default=list, blank=True)
    # contact, only if the reporter chose to give it (sealed)
    contact_name = EncryptedTextField(_("name"), blank=True)
    contact_phone = EncryptedTextField(_("phone"), blank=True)
    contact_email = EncryptedTextField(_("email"), blank=True)
    # casework
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.RECEIVED, db_index=True
    )
    risk = models.CharField(_("risk"), max_length=10, choices=Risk, blank=True)
    confirmed_strands = models.ManyToManyField(Strand, related_name="confirmed_reports", blank=True)
    linked = models.ManyToManyField("self", blank=True, symmetrical=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_notes = EncryptedTextField(_("case notes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    personal_details_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    SEALED_PERSONAL = (
        "description",
        "place_text",
        "point",
        "police_reference",
        "contact_name",
        "contact_phone",
        "contact_email",
        "case_notes",
    )
    """Deleted at the end of the retention period; what stays is anonymous."""

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("incident report")
        indexes = [models.Index(fields=["occurred_on"])]

    def __str__(self) -> str:
        # Only the reference: audit events and logs quote str(obj).
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("safety:case", args=[self.reference])

    @property
    def month(self) -> str:
        return self.occurred_on.strftime("%Y-%m")

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    def support_labels(self) -> list[str]:
        return [str(Support(value).label) for value in self.support if value in Support.values]


class ReferralService(models.TextChoices):
    POLICE = "police", _("Police")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    RESTORATIVE = "restorative", _("Restorative justice service")
    OTHER = "other", _("Another service")


class Referral(models.Model):
    """A referral made with the reporter's consent (recorded as given, by whom and when)."""

    report = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(_("referred to"), max_length=16, choices=ReferralService)
    consent_given = models.BooleanField(_("the reporter consented"))
    notes = EncryptedTextField(_("notes"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at"]

    def __str__(self) -> str:
        return f"{self.report.reference} → {self.service}"


class Attempt(models.Model):
    """One counted try against a rate limit: a keyed hash (never an address or a reference)
    and a time. Rows older than the window are deleted as new ones are written."""

    key = models.CharField(max_length=100, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key


class ReportingCentre(models.Model):
    """A third-party reporting centre: an organisation whose trained staff (confirmed members,
    partner role) may enter reports on a person's behalf. Officers name them."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="reporting_centre"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("third-party reporting centre")

    def __str__(self) -> str:
        return str(self.organisation)
