"""Mixing challenges: small dares to meet people and places you normally wouldn't.

A challenge designer (an officer, or a member of a community group) writes a challenge in
English and, where they can, in Urdu and Polish; pages fall back to English for a language
left empty. A resident takes a challenge on (alone, or for their team) and checks in once:
by scanning the QR code of one of the challenge's venues, by typing that code, or by writing
a short reflection. A check-in carries a client-made UUID, so a phone that syncs the same
offline check-in twice counts it once, and (person, challenge) is unique, so nobody can check
in to one challenge twice. No location is ever recorded: the ward a check-in counts for is
the venue's ward, or the person's own ward for a reflection.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "ur", "pl")


class ChallengeKind(models.TextChoices):
    PLACE_OF_WORSHIP = "place_of_worship", _("Visit a place of worship")
    EVENT_NEW_WARD = "event_new_ward", _("Go to an event in a new ward")
    SHARE_MEAL = "share_meal", _("Share a meal")
    VOLUNTEER = "volunteer", _("Volunteer with a new group")
    OTHER = "other", _("Other")


class CheckInMethod(models.TextChoices):
    CODE = "code", _("Scan the venue's QR code")
    REFLECTION = "reflection", _("Write a short reflection")
    EVENT = "event", _("Go to an event: checked in at the door, or scan the event's QR code")


class TeamKind(models.TextChoices):
    SCHOOL = "school", _("School class")
    WORKPLACE = "workplace", _("Workplace")
    FAITH = "faith", _("Faith group")
    OTHER = "other", _("Other group")


def venue_code() -> str:
    """A venue's code: short enough to type from a poster, too long to guess (about 10^12)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def team_code() -> str:
    """A team's joining code, read out in a classroom: six letters and digits, no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Written(models.Model):
    """Title and description in English, Urdu and Polish; English is the fallback."""

    title_en = models.CharField(_("title in English"), max_length=200)
    title_ur = models.CharField(_("title in Urdu"), max_length=200, blank=True)
    title_pl = models.CharField(_("title in Polish"), max_length=200, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    description_ur = models.TextField(_("description in Urdu"), blank=True)
    description_pl = models.TextField(_("description in Polish"), blank=True)

    class Meta:
        abstract = True

    def text(self, field: str) -> tuple[str, str]:
        """(`field` in the reader's language where written, else in English; its language)."""
        language = (get_language() or "en").split("-")[0]
        if language in LANGUAGES:
            value = getattr(self, f"{field}_{language}", "")
            if value and value.strip():
                return value, language
        return getattr(self, f"{field}_en"), "en"

    @property
    def title(self) -> str:
        return self.text("title")[0]


class Venue(models.Model):
    """A place with a printed QR code: a mosque, a church, a gurdwara, a community centre."""

    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge_venues",
    )
    code = models.CharField(_("code"), max_length=16, unique=True, default=venue_code)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge_venues",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("challenges:venue", args=[self.pk])

    def scan_path(self) -> str:
        return reverse("challenges:scan", args=[self.code])


class Challenge(Written):
    """One challenge, written by a designer for everyone to take on."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ChallengeKind.choices)
    points = models.PositiveSmallIntegerField(_("points"), default=10)
    check_in = models.CharField(
        _("how people check in"), max_length=12, choices=CheckInMethod.choices
    )
    venues = models.ManyToManyField(
        Venue,
        verbose_name=_("venues"),
        blank=True,
        related_name="challenges",
        help_text=_("Places whose QR code counts for this challenge."),
    )
    event_kinds = models.JSONField(
        _("kinds of event that count"),
        default=list,
        blank=True,
        help_text=_("For an event challenge: none chosen means any event counts."),
    )
    new_ward_only = models.BooleanField(
        _("only an event in a ward new to the person counts"),
        default=False,
        help_text=_(
            "A ward they do not live in and have not checked in to before, at an event or a venue."
        ),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("written for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title_en", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=1) & models.Q(points__lte=500),
                name="challenges_points_in_range",
            )
        ]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge", args=[self.slug])


class Team(models.Model):
    """A school class, workplace or faith group taking challenges on together."""

    name = models.CharField(_("team name"), max_length=120)
    kind = models.CharField(_("kind of team"), max_length=12, choices=TeamKind.choices)
    code = models.CharField(_("team code"), max_length=12, unique=True, default=team_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Player(models.Model):
    """What the app keeps about a person beyond their account: an opt-in name and a team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_player"
    )
    display_name = models.CharField(
        _("name others may see"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty to stay anonymous: tables then show no name for you."),
    )
    show_name = models.BooleanField(_("show my name in team tables"), default=False)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="players",
    )

    class Meta:
        verbose_name = _("player")
        verbose_name_plural = _("players")

    def __str__(self) -> str:
        return self.display_name if self.show_name and self.display_name else f"#{self.pk}"


class Attempt(models.Model):
    """A person has taken a challenge on (one each)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_attempts"
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(_("taken on"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "challenge"], name="challenges_one_attempt")
        ]
        verbose_name = _("challenge taken on")
        verbose_name_plural = _("challenges taken on")

    def __str__(self) -> str:
        return f"{self.user} → {self.challenge}"


class CheckIn(models.Model):
    """A challenge done: once per person and challenge, once per client UUID."""

    client_id = models.UUIDField(_("client identifier"), unique=True, default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_check_ins"
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="check_ins")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )
    method = models.CharField(_("how"), max_length=12, choices=CheckInMethod.choices)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )
    reflection = models.TextField(_("reflection"), blank=True)
    event = models.ForeignKey(
        "involved.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge_check_ins",
        help_text="The event whose door check-in (or QR code) counted, for an event challenge.",
    )
    ward = models.ForeignKey(
        "core.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The venue's or event's ward, or the person's own ward for a reflection; "
        "never a GPS fix.",
    )
    points = models.PositiveSmallIntegerField(_("points"))
    done_at = models.DateTimeField(_("done"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    met_someone_different = models.BooleanField(
        _("met someone from a different background"), null=True, blank=True
    )
    new_place = models.BooleanField(_("a place or ward new to them"), null=True, blank=True)

    class Meta:
        ordering = ["-done_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "challenge"], name="challenges_one_check_in")
        ]
        indexes = [models.Index(fields=["done_at"])]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.challenge}"
