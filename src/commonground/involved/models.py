"""Getting Involved: events people register for, and who came.

An event is published by an organiser (an organisation, or the council's officers) for one of
the strategy's pillars, in a ward; residents register with their account and are put on the
wait list once it is full. Each registration carries a random code, printed as a QR code, that
the organiser scans at the door: the code names one registration of one event, so a code from
another event is refused rather than counted.

Titles are written in the organiser's language; `translations` may give them in the others
(the same shape as the strategy's rows: {"ur": {"title": "…"}}).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commonground.core.models.strategy import Translatable


class EventKind(models.TextChoices):
    FESTIVAL = "festival", _("Festival")
    FAITH_WALK = "faith_walk", _("Faith walk")
    PLACES_OF_WORSHIP = "places_of_worship", _("Iconic Places of Worship tour")
    CONVERSATION_CAFE = "conversation_cafe", _("Conversation café")
    TEAM_CHALLENGE = "team_challenge", _("Team challenge")
    CULTURAL_AWARENESS = "cultural_awareness", _("Cultural awareness session")
    OTHER = "other", _("Other")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("In person and online")


SCHEMA_ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


HEAVY = ("ical_vevent", "ward__boundary")
"""Columns pages never show: the stored feed entry and the ward's boundary polygon."""


def new_door_code() -> str:
    """An event's own door code (for the mixing-challenges app): unguessable, URL-safe."""
    return secrets.token_urlsafe(12)


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """Events anyone may see: published and not cancelled."""
        return self.filter(is_public=True, cancelled_at__isnull=True)

    def upcoming(self, now=None) -> EventQuerySet:
        """Events that have not ended yet (those under way included)."""
        return self.filter(ends_at__gt=now or timezone.now())


class Event(Translatable):
    """One event people can come to: a festival, a faith walk, a conversation café."""

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    language = models.CharField(
        _("written in"),
        max_length=8,
        default="en",
        help_text=_("The language the title and description are written in."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    attendance_mode = models.CharField(
        _("how people take part"),
        max_length=12,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    ward = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    online_url = models.URLField(_("online link"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, quiet space, toilets, parking."),
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("Language codes, e.g. en, ur.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    is_public = models.BooleanField(_("public"), default=True)
    door_code = models.CharField(
        _("door QR code"),
        max_length=24,
        unique=True,
        default=new_door_code,
        editable=False,
        help_text="Printed as a QR code at the door for the mixing-challenges app: unlike the "
        "UID it is in no feed, so only people at the event have it.",
    )
    organiser = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    pillar = models.ForeignKey(
        "core.Pillar",
        verbose_name=_("pillar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text=_("The feed's DTSTAMP: when the event was last revised.")
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(
        _("why it was cancelled"), blank=True, help_text=_("Shown on the event's page.")
    )
    ical_vevent = models.BinaryField(
        editable=False,
        default=b"",
        help_text="The event's VEVENT as the feed serves it, made when `ical_version` "
        "is not `updated_at` (see ical.py): icalendar's folding costs ~2 ms an event.",
    )
    ical_version = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["is_public", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="involved_event_ends_after_start",
            ),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("involved:event", args=[self.slug])

    @property
    def ical_uid(self) -> str:
        """Stable across edits, unique across platforms (RFC 5545 UID)."""
        return f"{self.uid}@commonground"

    @property
    def location_text(self) -> str:
        """Where, in one line (the feed's LOCATION)."""
        parts = [self.venue, self.address, self.postcode]
        if self.attendance_mode != AttendanceMode.IN_PERSON and self.online_url:
            parts.append(self.online_url)
        return ", ".join(p for p in parts if p)

    def text(self, field: str) -> tuple[str, str]:
        """(`field` in the reader's language if translated, else as written; its language)."""
        translated = self.translation(field)
        if translated is not None:
            return translated, (get_language() or "en").split("-")[0]
        return getattr(self, field), self.language

    @property
    def is_in_person(self) -> bool:
        return self.attendance_mode != AttendanceMode.ONLINE

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the wait list")
    CANCELLED = "cancelled", _("Cancelled")


def new_code() -> str:
    """A registration's door code: unguessable, short enough for a QR code read in poor light."""
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    """One person's place (or place on the wait list) at one event; at most one per person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, db_index=True
    )
    code = models.CharField(_("door code"), max_length=32, unique=True, default=new_code)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(
        _("mobile number"),
        max_length=16,
        blank=True,
        help_text="Kept only with consent to a text reminder, in international form (+44…).",
    )
    sms_reminder = models.BooleanField(_("send me a text message reminder"), default=False)
    reminded_at = models.DateTimeField(
        _("reminded"),
        null=True,
        blank=True,
        help_text="When the reminder went (claimed before sending, so it goes once).",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="involved_one_registration_each"
            ),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} → {self.event}"
