"""The ESOL central unit: one waiting list of adult learners across every provider, classes with
their places, and each learner's placement followed through its states.

Personal data is kept to what placing someone needs (a first name and one way to reach them),
recorded only with consent; providers see only placements on their own classes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .directory import Service


class EsolLevel(models.TextChoices):
    """The national ESOL levels, lowest first (the order matters: matching compares them)."""

    PRE_ENTRY = "pre-entry", _("Pre-entry")
    ENTRY_1 = "entry-1", _("Entry 1")
    ENTRY_2 = "entry-2", _("Entry 2")
    ENTRY_3 = "entry-3", _("Entry 3")
    LEVEL_1 = "level-1", _("Level 1")
    LEVEL_2 = "level-2", _("Level 2")


LEVEL_ORDER = {value: n for n, value in enumerate(EsolLevel.values)}


class EsolGoal(models.TextChoices):
    WORK = "work", _("Work")
    CITIZENSHIP = "citizenship", _("Citizenship")
    EVERYDAY = "everyday", _("Everyday life")
    CHILDREN = "children", _("Helping my children")


class RecordedBy(models.TextChoices):
    COMMUNITY_WORKER = "community-worker", _("Community worker")
    PROVIDER = "provider", _("Provider")
    LEARNER = "learner", _("The learner")


class EsolClass(models.Model):
    """A class a provider runs: a directory service at one level range, with places."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="esol_classes")
    lowest_level = models.CharField(_("lowest level"), max_length=10, choices=EsolLevel.choices)
    highest_level = models.CharField(_("highest level"), max_length=10, choices=EsolLevel.choices)
    capacity = models.PositiveIntegerField(_("places"))
    childcare = models.BooleanField(_("childcare on site"), default=False)

    class Meta:
        ordering = ["service__name", "pk"]

    def __str__(self) -> str:
        return self.service.name

    def covers(self, level: str) -> bool:
        return (
            LEVEL_ORDER[self.lowest_level] <= LEVEL_ORDER[level] <= LEVEL_ORDER[self.highest_level]
        )

    def places_taken(self) -> int:
        return self.placements.filter(state__in=HOLDING).count()

    def places_left(self) -> int:
        return max(0, self.capacity - self.places_taken())


class EsolNeed(models.Model):
    """One learner's need for English, as recorded at the front door."""

    first_name = models.CharField(_("first name"), max_length=60)
    contact = models.CharField(
        _("phone or e-mail"), max_length=120, help_text=_("One way to reach the learner.")
    )
    languages = models.JSONField(_("languages spoken"), default=list)
    level = models.CharField(
        _("level (can-do statements)"), max_length=10, choices=EsolLevel.choices
    )
    goals = models.JSONField(_("goals"), default=list)
    available_days = models.JSONField(_("days available"), default=list)
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    travel = models.CharField(_("travel needs"), max_length=200, blank=True)
    ward = models.ForeignKey(
        "core.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="esol_needs"
    )
    consent_at = models.DateTimeField(_("consent given"))
    contact_consent = models.BooleanField(
        _("may be texted or e-mailed about a place"),
        default=False,
        help_text=_("Only then is the learner sent a message when a place is offered."),
    )
    language = models.CharField(
        _("language for messages"),
        max_length=8,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text=_("The language the learner is written to in (English when not given)."),
    )
    recorded_via = models.CharField(max_length=20, choices=RecordedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} ({self.get_level_display()})"

    @property
    def channel(self) -> str:
        """How the learner is reached: "email" for an e-mail address, otherwise "sms"."""
        return "email" if "@" in self.contact else "sms"

    @property
    def waiting(self) -> bool:
        """On the waiting list: no placement that is open or done."""
        return not self.placements.exclude(state__in=ENDED_UNPLACED).exists()


class PlacementState(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("ESOL placement", "Offered")
    ACCEPTED = "accepted", pgettext_lazy("ESOL placement", "Accepted")
    STARTED = "started", pgettext_lazy("ESOL placement", "Started")
    COMPLETED = "completed", pgettext_lazy("ESOL placement", "Completed")
    LEFT = "left", pgettext_lazy("ESOL placement", "Left")
    DECLINED = "declined", pgettext_lazy("ESOL placement", "Declined")


HOLDING = {PlacementState.OFFERED, PlacementState.ACCEPTED, PlacementState.STARTED}
ENDED_UNPLACED = {PlacementState.DECLINED, PlacementState.LEFT}
TRANSITIONS = {
    PlacementState.OFFERED: {PlacementState.ACCEPTED, PlacementState.DECLINED},
    PlacementState.ACCEPTED: {PlacementState.STARTED, PlacementState.DECLINED},
    PlacementState.STARTED: {PlacementState.COMPLETED, PlacementState.LEFT},
    PlacementState.COMPLETED: set(),
    PlacementState.LEFT: set(),
    PlacementState.DECLINED: set(),
}
"""Which state may follow which (a referral's path from offer to completion)."""


class Placement(models.Model):
    """A place offered to a learner on a class, followed with the provider."""

    need = models.ForeignKey(EsolNeed, on_delete=models.CASCADE, related_name="placements")
    esol_class = models.ForeignKey(EsolClass, on_delete=models.PROTECT, related_name="placements")
    state = models.CharField(max_length=10, choices=PlacementState.choices, default="offered")
    assessed_level = models.CharField(max_length=10, choices=EsolLevel.choices, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.need} → {self.esol_class} ({self.get_state_display()})"
