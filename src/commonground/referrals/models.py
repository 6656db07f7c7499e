"""A referral of one person from one partner to a directory service, and new arrivals' plans.

Only the least a service needs is kept about the person: a first name or initials, how (and
whether) they want to be told, their language and the need in a sentence, with the consent
they gave (who gave it, when, what for). Every view of the record is logged
(:class:`RecordView`); closed records lose the person's details after the retention period
(:func:`commonground.referrals.actions.anonymise_closed`), keeping the dates and the service so
the aggregate report still counts them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = (State.SENT, State.ACCEPTED, State.STARTED)
CLOSED_STATES = (State.DECLINED, State.COMPLETED, State.WITHDRAWN)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.SENT: (State.ACCEPTED, State.DECLINED, State.WITHDRAWN),
    State.ACCEPTED: (State.STARTED, State.WITHDRAWN),
    State.STARTED: (State.COMPLETED,),
    State.DECLINED: (),
    State.COMPLETED: (),
    State.WITHDRAWN: (),
}
"""Which state may follow which: the service accepts, declines, starts and completes; the
referrer may withdraw until the work has started."""


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")
    POLISH = "pl", _("Polish")


class Channel(models.TextChoices):
    NONE = "", _("Do not contact them")
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("E-mail")


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", _("The person themselves")
    PARENT = "parent", _("Their parent or carer")
    ADVOCATE = "advocate", _("Someone they asked to act for them")


class Referral(models.Model):
    """One person referred by one partner organisation to one directory service."""

    service = models.ForeignKey(
        "services.Service",
        null=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        verbose_name=_("service"),
    )
    service_name = models.CharField(_("service"), max_length=300)
    """The service's name when referred, kept if the directory entry is later removed."""
    to_organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving organisation"),
    )
    from_organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referring organisation"),
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referred by"),
    )
    first_name = models.CharField(_("first name or initials"), max_length=40, blank=True)
    channel = models.CharField(
        _("tell them about progress by"),
        max_length=8,
        choices=Channel.choices,
        blank=True,
        default=Channel.NONE,
    )
    contact = models.CharField(_("phone number or e-mail address"), max_length=254, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default="en"
    )
    need = models.CharField(_("what they need"), max_length=300, blank=True)
    consent_given_by = models.CharField(
        _("consent given by"), max_length=12, choices=ConsentGivenBy.choices
    )
    consent_on = models.DateField(_("consent given on"))
    consent_purpose = models.CharField(_("consent given for"), max_length=300, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.SENT, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decline_noted_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        # Each organisation's lists, newest first, read from the index without sorting: with
        # 100,000 referrals the busiest provider's first page fell from 193 to 39 ms
        # (benchmarks/referrals_100k.py; docs/referrals.md).
        indexes = [
            models.Index(
                fields=["to_organisation", "state", "created_at", "id"],
                name="referral_to_state_new_idx",
            ),
            models.Index(
                fields=["to_organisation", "created_at", "id"], name="referral_to_new_idx"
            ),
            models.Index(
                fields=["from_organisation", "created_at", "id"], name="referral_from_new_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"R{self.pk:06d}" if self.pk else "R"

    @property
    def reference(self) -> str:
        """A reference without personal data, for messages, logs and the audit trail."""
        return str(self)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def next_states(self) -> tuple[str, ...]:
        return TRANSITIONS[self.state]


class ReferralEvent(models.Model):
    """One line of a referral's timeline, seen by both sides."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    told_by = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    """The channel the person was told by, when a message went out (never the address)."""

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.state} {self.at:%Y-%m-%d}"


class RecordView(models.Model):
    """Someone opened a person's record: who, for which organisation, when."""

    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="views"
    )
    plan = models.ForeignKey(
        "SupportPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="views"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_label = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "core.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.viewer_label} {self.referral or self.plan}"


class ArrivalStatus(models.TextChoices):
    ASYLUM = "asylum", _("Seeking asylum")
    REFUGEE = "refugee", _("Refugee")
    OTHER = "other", _("Other protection route")


class StepKind(models.TextChoices):
    IMMIGRATION = "immigration", _("Immigration advice")
    GP = "gp", _("GP registration")
    SCHOOL = "school", _("School places")
    ESOL = "esol", _("English classes (ESOL)")
    EMPLOYMENT = "employment", _("Employment support")
    HOUSING = "housing", _("Housing")


STEP_WORDS: dict[str, tuple[str, ...]] = {
    StepKind.IMMIGRATION: ("immigration", "asylum"),
    StepKind.GP: ("gp", "doctor", "health"),
    StepKind.SCHOOL: ("school",),
    StepKind.ESOL: ("esol",),
    StepKind.EMPLOYMENT: ("employment", "job"),
    StepKind.HOUSING: ("housing",),
}
"""Words that find the directory services fitting a step (names, descriptions, needs)."""


class SupportPlan(models.Model):
    """A checklist for one person new to the District, kept by the organisation supporting them."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="support_plans",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(_("first name or initials"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default="en"
    )
    status = models.CharField(_("situation"), max_length=12, choices=ArrivalStatus.choices)
    consent_given_by = models.CharField(
        _("consent given by"), max_length=12, choices=ConsentGivenBy.choices
    )
    consent_on = models.DateField(_("consent given on"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support plan")

    def __str__(self) -> str:
        return f"P{self.pk:06d}" if self.pk else "P"


class StepOutcome(models.TextChoices):
    TO_DO = "todo", _("To do")
    REFERRED = "referred", _("Referred")
    GAP = "gap", _("No service found")
    NOT_NEEDED = "not_needed", _("Not needed")


class PlanStep(models.Model):
    """One line of the checklist: a referral to a service, or a recorded gap."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=12, choices=StepKind.choices)
    outcome = models.CharField(
        max_length=12, choices=StepOutcome.choices, default=StepOutcome.TO_DO
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_step"
    )
    gap_note = models.CharField(_("what was missing"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="referrals_one_step_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.kind}"
