"""Community voice panel: pools of respondents, quotas, selection runs and panel members.

Characteristics (used for quotas) live on :class:`Respondent`; names and addresses live apart in
:class:`ContactDetails`, which only officers running the pool see and which is deleted on the
respondent's ``delete_after`` date.  Selection runs keep the seed, the method, every respondent's
probability (by an anonymous reference) and the fairness figures beside the legacy method's.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RETENTION_DAYS = 365 * 2
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """An invitation code that reads well on a letter (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def new_reference() -> str:
    return secrets.token_hex(5)


def default_delete_after():
    return timezone.localdate() + timedelta(days=RETENTION_DAYS)


class Pool(models.Model):
    """A recruitment for one panel: who registered, the quotas, the selection runs."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(unique=True)
    panel_size = models.PositiveIntegerField(_("panel size"), default=40)
    one_per_household = models.BooleanField(_("at most one person per household"), default=True)
    open_for_registration = models.BooleanField(_("open for registration"), default=True)
    characteristics = models.JSONField(
        _("characteristics used for quotas"),
        default=list,
        help_text=_("Chosen by officers from the list of characteristics."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:pool", args=[self.slug])


class InvitationBatch(models.Model):
    """Letters to randomly drawn addresses, each with a code that links a registration."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="batches")
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.pool}: {self.size}"


class Invitation(models.Model):
    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=12, unique=True, default=new_code)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Source(models.TextChoices):
    FORM = "form", _("Registered on the website")
    INVITATION = "invitation", _("Answered a letter")
    IMPORT = "import", _("Imported from a file")


class Respondent(models.Model):
    """One person in a pool: characteristics only (contact details are apart)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="respondents")
    reference = models.CharField(max_length=20, default=new_reference, db_index=True)
    external_id = models.CharField(max_length=100, blank=True)
    characteristics = models.JSONField(default=dict)
    household_key = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM)
    invitation = models.OneToOneField(Invitation, null=True, blank=True, on_delete=models.SET_NULL)
    consent = models.BooleanField(default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    delete_after = models.DateField(default=default_delete_after)
    withdrawn = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "reference"], name="people_unique_reference")
        ]

    def __str__(self) -> str:
        return self.reference


class ContactDetails(models.Model):
    """How to reach a respondent; kept apart from characteristics, deleted on ``delete_after``."""

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    language = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(max_length=40)
    value = models.CharField(max_length=60)
    minimum = models.PositiveIntegerField()
    maximum = models.PositiveIntegerField()

    class Meta:
        ordering = ["feature", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "feature", "value"], name="people_unique_quota")
        ]

    def __str__(self) -> str:
        return f"{self.feature}={self.value}: {self.minimum}–{self.maximum}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Algorithm(models.TextChoices):
    MAXIMIN = "maximin", _("Maximin (the lowest chance as high as possible)")
    NASH = "nash", _("Nash (product of chances as high as possible)")
    LEXIMIN = "leximin", _("Leximin (lowest chances raised in turn)")
    LEGACY = "legacy", _("Legacy greedy lottery")


class SelectionRun(models.Model):
    """One selection: the announced seed, the method, the result and its fairness figures."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="runs")
    algorithm = models.CharField(
        max_length=20, choices=Algorithm.choices, default=Algorithm.MAXIMIN
    )
    seed = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    quotas = models.JSONField(default=list)
    probabilities = models.JSONField(default=dict, help_text="respondent reference → probability")
    panel = models.JSONField(default=list, help_text="respondent references drawn")
    min_probability = models.FloatField(null=True)
    gini = models.FloatField(null=True)
    legacy_min_probability = models.FloatField(null=True)
    legacy_gini = models.FloatField(null=True)
    published_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pool}: {self.get_algorithm_display()} ({self.seed})"

    def get_absolute_url(self) -> str:
        return reverse("people:run", args=[self.pool.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Serving")
    DROPPED = "dropped", _("Dropped out")


class PanelMember(models.Model):
    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="members")
    respondent = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "respondent"], name="people_unique_member")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.respondent}"
