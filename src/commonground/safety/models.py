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
        # the areas' boundaries (large JSON polygons) are never drawn in casework
        return (
            self.select_related("lsoa", "ward", "centre")
            .defer("lsoa__boundary", "ward__boundary")
            .prefetch_related("strands", "confirmed_strands")
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
        indexes = [
            # the figures page: each index holds every column its query reads, so 200,000
            # reports are counted from the index alone (hotspots by LSOA; strands by ward)
            models.Index(fields=["occurred_on", "lsoa"], name="safety_report_day_lsoa"),
            models.Index(
                fields=["occurred_on", "risk", "ward"], name="safety_report_day_risk_ward"
            ),
            # the caseworkers' list, newest first, all or by status (200,000 reports)
            models.Index(fields=["created_at"], name="safety_report_received"),
            models.Index(fields=["status", "created_at"], name="safety_report_status_received"),
        ]

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
    route = models.OneToOneField(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referral through the directory"),
    )
    """The referral sent through the referrals route to a directory service, when it was;
    the receiving service follows it there (accept, start, complete)."""

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


TENSION_LEAD_FLAG = "receives_tension_alerts"
"""A Django model permission (``safety.receives_tension_alerts``) held exactly by the accounts
with a :class:`TensionLead` row. Why: the header's tools are drawn on every page and must not
query; model permissions are read once a request with the rest (``get_all_permissions``,
cached by Django's ``ModelBackend``), so "is this person a tension lead?" costs nothing there."""

CENTRE_STAFF_FLAG = "staffs_a_reporting_centre"
"""A Django model permission held exactly by the accounts whose default organisation is an
active :class:`ReportingCentre` they hold a confirmed membership of (kept in step by
``sync_centre_flag`` when a centre, a membership or a person's organisation changes), so the
header offers "Report a hate incident for someone" without a query; the form itself still
checks the real rule (``rules.staffs_a_reporting_centre``)."""


def _sync_flag(user, codename: str, name: str, holds: bool) -> None:
    """Grant or withdraw ``safety.<codename>`` so it says ``holds``, and forget the user's
    cached permissions so the change is seen at once."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    model = TensionLead if codename == TENSION_LEAD_FLAG else ReportingCentre
    content_type = ContentType.objects.get_for_model(model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    if holds:
        user.user_permissions.add(permission)
    else:
        user.user_permissions.remove(permission)
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


def sync_lead_flag(user) -> None:
    """Grant or withdraw ``safety.receives_tension_alerts`` to match the user's lead row."""
    holds = TensionLead.objects.filter(user_id=user.pk).exists()
    _sync_flag(user, TENSION_LEAD_FLAG, "Receives tension alerts (kept by the app)", holds)


def sync_centre_flag(user) -> None:
    """Grant or withdraw ``safety.staffs_a_reporting_centre`` to match the real rule."""
    organisation_id = getattr(user, "organisation_id", None)
    holds = (
        organisation_id is not None
        and user.may_act_for(organisation_id)
        and ReportingCentre.objects.filter(organisation_id=organisation_id, active=True).exists()
    )
    _sync_flag(user, CENTRE_STAFF_FLAG, "Staffs a reporting centre (kept by the app)", holds)


class ReportingCentre(models.Model):
    """A third-party reporting centre: an organisation whose trained staff (confirmed members,
    partner role) may enter reports on a person's behalf. Officers name them."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="reporting_centre"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("third-party reporting centre")
        permissions = [(CENTRE_STAFF_FLAG, "Staffs a reporting centre (kept by the app)")]

    def __str__(self) -> str:
        return str(self.organisation)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.sync_staff()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.sync_staff()
        return result

    def sync_staff(self) -> None:
        """Keep the header's flag in step for everyone whose organisation this is."""
        from commonground.core.models import User

        for user in User.objects.filter(organisation_id=self.organisation_id):
            sync_centre_flag(user)


# -- Community tension monitoring (issue 15, part 4) -----------------------------------------


class TensionIssue(models.TextChoices):
    LOCAL_INCIDENT = "local_incident", _("A local incident")
    RUMOURS = "rumours", _("Rumours")
    PLANNED_PROTEST = "planned_protest", _("A planned protest or gathering")
    DANGEROUS_DRIVING = "dangerous_driving", _("Dangerous driving")
    ANTISOCIAL = "antisocial", _("Anti-social behaviour")
    ONLINE = "online", _("Online or social media")
    OTHER = "other", _("Something else")


class TensionLevel(models.IntegerChoices):
    """The five-point scale partners report on; each level's wording is shown with it."""

    NORMAL = 1, _("1 – Normal")
    LOW = 2, _("2 – Low")
    MODERATE = 3, _("3 – Moderate")
    HIGH = 4, _("4 – High")
    CRITICAL = 5, _("5 – Critical")


TENSION_LEVEL_WORDING = {
    TensionLevel.NORMAL: _("Everyday life: no sign of tension beyond the usual."),
    TensionLevel.LOW: _("Some talk or an isolated incident, with no sign of it spreading."),
    TensionLevel.MODERATE: _(
        "Tension is noticeable: rumours are spreading or incidents repeat, and community "
        "leaders are worried."
    ),
    TensionLevel.HIGH: _(
        "Tension is widespread: incidents or a planned gathering could lead to disorder; "
        "partners need to act together."
    ),
    TensionLevel.CRITICAL: _("Disorder is happening or is expected within days."),
}
"""What each level means, shown beside it on the form and the dashboard."""


class TensionReport(models.Model):
    """One partner's short, regular reading of tension in a ward.

    Partners write about a place, not about a victim: the text is kept plain so the
    dashboard can show it, and the restricted roles (officers, caseworkers, tension leads)
    are the only readers.
    """

    ward = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    issue = models.CharField(_("issue"), max_length=20, choices=TensionIssue)
    level = models.PositiveSmallIntegerField(_("level"), choices=TensionLevel)
    summary = models.TextField(_("what is happening"))
    action_taken = models.TextField(_("what is being done"), blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("reported"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tension report")
        indexes = [models.Index(fields=["ward", "created_at"])]

    def __str__(self) -> str:
        return f"tension report {self.pk}"

    @property
    def wording(self) -> str:
        return str(TENSION_LEVEL_WORDING[TensionLevel(self.level)])


class TensionLead(models.Model):
    """A named officer who receives tension alerts (and may respond to them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tension_lead"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)
    sms_alerts = models.BooleanField(_("also send alerts by text message"), default=False)
    sms_number = EncryptedTextField(_("mobile number for alerts"), blank=True)
    """Chosen by the lead themselves (``actions.set_lead_sms``); sealed like other contact
    details, and used for nothing but alerts."""

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("tension lead")
        permissions = [(TENSION_LEAD_FLAG, "Receives tension alerts (kept by the app)")]

    def __str__(self) -> str:
        return self.user.get_username()

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        sync_lead_flag(self.user)

    def delete(self, *args, **kwargs):
        user = self.user
        result = super().delete(*args, **kwargs)
        sync_lead_flag(user)
        return result


class TensionPartnerContact(models.Model):
    """How a tension partner may be reached besides e-mail: an optional mobile number for
    text-message reminders of an overdue tension report, used only with their consent.

    Kept here rather than on the account because only tension reminders use it; sealed like
    other contact details. Set by the partner themselves or by an officer who recorded their
    consent (``actions.set_partner_sms``); withdrawing consent forgets the number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tension_contact"
    )
    sms_number = EncryptedTextField(_("mobile number for reminders"), blank=True)
    sms_consent = models.BooleanField(_("agreed to reminders by text message"), default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tension partner's contact")

    def __str__(self) -> str:
        return f"tension contact {self.pk}"

    @property
    def texts(self) -> bool:
        """True when a text message may be sent: a number and the person's consent."""
        return self.sms_consent and bool(self.sms_number.strip())


class TensionSchedule(models.Model):
    """A partner organisation expected to report tension for a ward every ``every_days``
    days (police neighbourhood teams weekly, schools fortnightly …). When its latest report
    for the ward is older than that, it is overdue: its members see it in "Your tasks" and
    ``commonground safety remind`` sends them a reminder, once per missed period."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    ward = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    every_days = models.PositiveSmallIntegerField(_("report every (days)"), default=14)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("expected since"))
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        ordering = ["ward__name", "organisation__name"]
        verbose_name = _("tension reporting schedule")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "ward"], name="safety_one_schedule_per_ward"
            )
        ]

    def __str__(self) -> str:
        return f"tension schedule {self.pk}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a response")
    RESPONDED = "responded", _("Responded")


class TensionAlert(models.Model):
    """Raised when a ward's level rises against its previous report, or when several reports
    point at one ward within a week; sent to the tension leads, who record the response."""

    ward = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    report = models.ForeignKey(
        TensionReport, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("report")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=TensionLevel)
    rose_from = models.PositiveSmallIntegerField(
        _("previous level"), choices=TensionLevel, null=True, blank=True
    )
    reports_in_week = models.PositiveSmallIntegerField(
        _("reports in seven days"), null=True, blank=True
    )
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(_("raised"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus, default=AlertStatus.OPEN, db_index=True
    )
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tension alert")

    def __str__(self) -> str:
        return f"tension alert {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("safety:alert", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN


# -- Myths and facts (issue 15, part 5) -------------------------------------------------------

MYTH_LANGUAGES = ("en", "ur", "pl")


class Myth(models.Model):
    """A short, sourced answer to a rumour, written by officers in English and, where they
    can, Urdu and Polish; a reader gets English where their language is empty."""

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    question_en = models.CharField(_("rumour or question (English)"), max_length=300)
    question_ur = models.CharField(_("rumour or question (Urdu)"), max_length=300, blank=True)
    question_pl = models.CharField(_("rumour or question (Polish)"), max_length=300, blank=True)
    answer_en = models.TextField(_("answer (English)"))
    answer_ur = models.TextField(_("answer (Urdu)"), blank=True)
    answer_pl = models.TextField(_("answer (Polish)"), blank=True)
    sources = models.JSONField(
        _("sources"), default=list, blank=True, help_text='[{"title": "…", "url": "…"}, …]'
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("myth and fact")

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("safety:myth", args=[self.slug])

    def _text(self, field: str, language: str | None) -> tuple[str, str]:
        language = (language or get_language() or "en").split("-")[0]
        if language in MYTH_LANGUAGES:
            text = getattr(self, f"{field}_{language}")
            if text.strip():
                return text, language
        return getattr(self, f"{field}_en"), "en"

    def question(self, language: str | None = None) -> tuple[str, str]:
        """(the question in ``language`` or else English, the language it is in)."""
        return self._text("question", language)

    def answer(self, language: str | None = None) -> tuple[str, str]:
        return self._text("answer", language)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class QuestionStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    SET_ASIDE = "set_aside", _("Set aside")


class MythQuestion(models.Model):
    """A rumour a resident heard and asked about, without an account; no contact details and
    no address are kept (what they wrote is sealed: it may name people)."""

    text = EncryptedTextField(_("what you heard"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    ward = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ward"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus, default=QuestionStatus.NEW
    )
    myth = models.ForeignKey(
        Myth,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("answered by"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question about a rumour")

    def __str__(self) -> str:
        return f"question {self.pk}"
