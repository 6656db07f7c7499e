"""Every change to events and registrations, each one audited in its own transaction.

Registering locks the event's row (``select_for_update``), so two people asking for the last
place at once are served one after the other: one gets it, the other the wait list. The
unique constraint on (event, person) makes a double registration impossible even where the
lock is not held; a check-in is a conditional update, so a code scanned twice (or on two
phones at once) counts once.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.messaging import Message, send

from .models import AttendanceMode, Event, Registration, RegistrationStatus
from .rules import may
from .signals import announce_check_in

EVENT_FIELDS = {
    "kind",
    "language",
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "attendance_mode",
    "venue",
    "address",
    "postcode",
    "ward",
    "online_url",
    "accessibility",
    "languages",
    "capacity",
    "is_public",
    "organiser",
    "pillar",
    "translations",
}


def _require(user, permission: str, obj=None) -> None:
    if not may(user, permission, obj):
        raise PermissionDenied(_("Your account may not do this."))


def _actor(user):
    return user if user is not None and getattr(user, "pk", None) else None


def _check_times(starts_at: datetime, ends_at: datetime, *, now: datetime) -> None:
    if starts_at <= now:
        raise ValidationError({"starts_at": _("An event must start in the future.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("An event must end after it starts.")})


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "event")[:90]
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def publish_event(
    *, actor, now: datetime | None = None, actor_label: str = "", slug: str = "", **fields: Any
) -> Event:
    """Publish a new event; refuses a start in the past, an end before the start, no venue for
    an event people come to, and no link for one they join online."""
    if actor is not None:
        _require(actor, "involved.publish_event")
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    now = now or timezone.now()
    _check_times(fields["starts_at"], fields["ends_at"], now=now)
    mode = fields.get("attendance_mode", AttendanceMode.IN_PERSON)
    if mode != AttendanceMode.ONLINE and not fields.get("venue"):
        raise ValidationError({"venue": _("Say where people come to.")})
    if mode != AttendanceMode.IN_PERSON and not fields.get("online_url"):
        raise ValidationError({"online_url": _("Give the link people join online with.")})
    if fields.get("capacity") is not None and fields["capacity"] < 1:
        raise ValidationError({"capacity": _("An event needs at least one place.")})
    with transaction.atomic():
        event = Event(
            slug=slug or _unique_slug(fields["title"]), created_by=_actor(actor), **fields
        )
        event.full_clean(exclude=[] if slug else ["slug"])
        event.save()
        audit.record(
            "involved.event.published",
            actor=_actor(actor),
            actor_label=actor_label,
            obj=event,
            data={"starts_at": event.starts_at.isoformat(), "capacity": event.capacity},
        )
    return event


def _promote(event: Event, *, actor=None) -> list[Registration]:
    """Give free places to the wait list, first come first served (event row locked)."""
    promoted = []
    if event.capacity is None:
        free = None
    else:
        taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        free = max(event.capacity - taken, 0)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    for registration in waiting if free is None else waiting[:free]:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status"])
        audit.record("involved.registration.promoted", actor=_actor(actor), obj=registration)
        promoted.append(registration)
    return promoted


def change_capacity(*, actor, event: Event, capacity: int | None) -> Event:
    """Change how many places an event has; never below the places already given."""
    _require(actor, "involved.manage_event", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        taken = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if capacity is not None and capacity < max(taken, 1):
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d people already have a place: "
                        "the event needs at least %(least)d places."
                    )
                    % {"taken": taken, "least": max(taken, 1)}
                }
            )
        before = locked.capacity
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        audit.record(
            "involved.event.capacity_changed",
            actor=_actor(actor),
            obj=locked,
            data={"before": before, "after": capacity},
        )
        _promote(locked, actor=actor)
    return locked


MOBILE = re.compile(r"^(?:\+44|0044|0)(7\d{9})$")


def mobile_number(text: str) -> str:
    """A UK mobile number as typed (spaces, dashes, brackets, +44 or 0) → "+447…", or a
    ValidationError on the phone field saying what a mobile number looks like."""
    digits = re.sub(r"[\s\-().]", "", text or "")
    found = MOBILE.match(digits)
    if found is None:
        raise ValidationError(
            {"phone": _("Enter a UK mobile number for the text reminder, like 07700 900123.")}
        )
    return "+44" + found.group(1)


def register(
    *,
    actor,
    event: Event,
    now: datetime | None = None,
    sms_reminder: bool = False,
    phone: str = "",
) -> Registration:
    """Take a place at `event`, or a place on its wait list when it is full; with
    ``sms_reminder`` the reminder goes by text to ``phone`` (kept only then).

    Asking again returns the same registration: one person holds one registration per event.
    """
    _require(actor, "involved.register", event)
    now = now or timezone.now()
    phone = mobile_number(phone) if sms_reminder else ""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            raise ValidationError(_("This event has been cancelled."))
        if locked.ends_at <= now:
            raise ValidationError(_("This event has already ended."))
        if not locked.is_public and not may(actor, "involved.manage_event", locked):
            raise PermissionDenied(_("This event is not open for registration."))
        existing = Registration.objects.filter(event=locked, user=actor).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
        taken = locked.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        full = locked.capacity is not None and taken >= locked.capacity
        status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        texting = {"sms_reminder": bool(sms_reminder), "phone": phone}
        if existing is not None:
            existing.status, existing.created_at = status, now
            existing.sms_reminder, existing.phone = texting["sms_reminder"], phone
            existing.save(update_fields=["status", "created_at", "sms_reminder", "phone"])
            registration = existing
        else:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        event=locked, user=actor, status=status, created_at=now, **texting
                    )
            except IntegrityError:  # a concurrent request for the same person won
                return Registration.objects.get(event=locked, user=actor)
        audit.record(
            "involved.registration.made",
            actor=actor,
            obj=registration,
            data={"status": status, "sms_reminder": texting["sms_reminder"]},
        )
    return registration


def cancel_registration(*, actor, registration: Registration) -> Registration:
    """Give a place back (the person themselves, or the organiser); the wait list moves up."""
    if registration.user_id != getattr(actor, "pk", None):
        _require(actor, "involved.manage_event", registration.event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == RegistrationStatus.CANCELLED:
            return locked
        if locked.checked_in_at is not None:
            raise ValidationError(_("This person has already arrived at the event."))
        locked.status = RegistrationStatus.CANCELLED
        locked.save(update_fields=["status"])
        audit.record("involved.registration.cancelled", actor=actor, obj=locked)
        _promote(event, actor=actor)
    return locked


def erase_person(*, actor, user, stand_in) -> dict[str, int]:
    """Erase what Getting Involved knows about ``user`` (their own request, from "My
    involvement"): places at events still to come are given back (the wait list moves up), and
    every registration moves to ``stand_in``, an account with no name, so who came, and from
    which ward, still counts."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the person themselves may erase their data."))
    with transaction.atomic():
        upcoming = Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            checked_in_at__isnull=True,
            event__ends_at__gt=timezone.now(),
        )
        given_back = 0
        for registration in upcoming:
            cancel_registration(actor=actor, registration=registration)
            given_back += 1
        moved = Registration.objects.filter(user=user).update(
            user=stand_in, phone="", sms_reminder=False
        )
        counts = {"registrations": moved, "given_back": given_back}
        audit.record("involved.person.erased", actor=actor, data=counts)
    return counts


def code_from(text: str) -> str:
    """A typed code or a scanned check-in address → the door code (the address's last part)."""
    return (text or "").strip().rstrip("/").rsplit("/", 1)[-1]


def check_in(*, actor, event: Event, code: str, now: datetime | None = None) -> Registration:
    """Record that the holder of `code` arrived at `event`.

    Refuses, and changes nothing, for a code no registration has, a code from another event,
    a place on the wait list or given back, and a code already used.
    """
    _require(actor, "involved.manage_event", event)
    code = code_from(code)
    registration = Registration.objects.select_related("event").filter(code=code).first()
    if registration is None:
        raise ValidationError({"code": _("No registration has this code.")})
    if registration.event_id != event.pk:
        raise ValidationError(
            {
                "code": _("This code is for another event: %(title)s.")
                % {"title": registration.event.title}
            }
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError({"code": _("This person has no confirmed place at this event.")})
    now = now or timezone.now()
    with transaction.atomic():
        updated = Registration.objects.filter(
            pk=registration.pk, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=_actor(actor))
        if not updated:
            raise ValidationError({"code": _("This code has already been used to check in.")})
        registration.refresh_from_db()
        audit.record("involved.registration.checked_in", actor=_actor(actor), obj=registration)
        announce_check_in(registration, actor=_actor(actor), when=now)
    return registration


def cancel_event(*, actor, event: Event, reason: str = "") -> Event:
    """Call an event off: it leaves the public list and the feed; registrations stay, so the
    organiser can still see who was coming."""
    _require(actor, "involved.manage_event", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            return locked
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at", "updated_at"])
        audit.record("involved.event.cancelled", actor=_actor(actor), obj=locked, reason=reason)
    return locked


# -- reminders ---------------------------------------------------------------------------------

REMINDER_HOURS = 24
"""How long before an event its registrants are reminded, unless the
``INVOLVED_REMINDER_HOURS`` setting or ``commonground involved remind --hours`` says otherwise."""


def reminder_hours() -> int:
    from django.conf import settings

    return int(getattr(settings, "INVOLVED_REMINDER_HOURS", REMINDER_HOURS))


def _text_reminder(registration: Registration, site_url: str) -> Message:
    """The reminder as a text message: one short SMS in the person's language."""
    event = registration.event
    language = registration.user.preferred_language or "en"
    with translation.override(language):
        when = formats.date_format(timezone.localtime(event.starts_at), "D j M, H:i")
        body = _("Reminder: %(event)s, %(when)s, %(where)s. Door code: %(code)s") % {
            "event": event.text("title")[0][:60],
            "when": when,
            "where": (event.venue or _("online"))[:40],
            "code": registration.code,
        }
        body += " " + site_url.rstrip("/") + event.get_absolute_url()
    return Message(
        channel="sms",
        to=registration.phone,
        body=str(body),
        language=language,
        reference=f"involved-reminder-{registration.pk}",
    )


def _send_reminder(registration: Registration, site_url: str):
    """By text when the person asked for it and gave a number; by e-mail otherwise, and by
    e-mail too when the text could not be sent."""
    if registration.sms_reminder and registration.phone:
        receipt = send(_text_reminder(registration, site_url))
        if receipt.sent or not registration.user.email:
            return receipt
    return send(_reminder(registration, site_url))


def _reminder(registration: Registration, site_url: str) -> Message:
    user = registration.user
    event = registration.event
    language = user.preferred_language or "en"
    with translation.override(language):
        when = formats.date_format(timezone.localtime(event.starts_at), "l j E Y, H:i")
        body = _("%(event)s starts on %(when)s at %(where)s. Your place is booked.") % {
            "event": event.text("title")[0],
            "when": when,
            "where": event.location_text or _("online"),
        }
        body += "\n\n" + _("Show this code at the door: %(code)s") % {"code": registration.code}
        body += "\n" + site_url.rstrip("/") + event.get_absolute_url()
        subject = _("Reminder: %(event)s") % {"event": event.text("title")[0]}
    return Message(
        channel="email",
        to=user.email,
        subject=str(subject),
        body=str(body),
        language=language,
        reference=f"involved-reminder-{registration.pk}",
    )


def send_reminders(
    *, hours: int | None = None, now: datetime | None = None, site_url: str = ""
) -> int:
    """Remind each person with a confirmed place at a public event starting within ``hours``;
    returns how many were reminded. Each registration is claimed by a conditional update
    before its message goes, so running again (or twice at once, from cron and by hand) never
    reminds anyone twice; a failed message is not retried (it shows in the audit event)."""
    now = now or timezone.now()
    window = timedelta(hours=reminder_hours() if hours is None else hours)
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            checked_in_at__isnull=True,
            event__is_public=True,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
            event__starts_at__lte=now + window,
        )
        .select_related("event", "user")
        .order_by("event__starts_at", "pk")
    )
    sent = 0
    for registration in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # another run got there first
            receipt = _send_reminder(registration, site_url)
            audit.record(
                "involved.registration.reminded",
                obj=registration,
                actor_label="commonground involved remind",
                data={"channel": receipt.channel, "sent": receipt.sent},
            )
        sent += 1
    return sent
