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
from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.messaging import Message, send, send_many

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


def _check_place(fields: dict[str, Any]) -> None:
    """A venue for an event people come to, a link for one they join online, at least a place."""
    mode = fields.get("attendance_mode", AttendanceMode.IN_PERSON)
    if mode != AttendanceMode.ONLINE and not fields.get("venue"):
        raise ValidationError({"venue": _("Say where people come to.")})
    if mode != AttendanceMode.IN_PERSON and not fields.get("online_url"):
        raise ValidationError({"online_url": _("Give the link people join online with.")})
    if fields.get("capacity") is not None and fields["capacity"] < 1:
        raise ValidationError({"capacity": _("An event needs at least one place.")})


def _check_capacity(locked: Event, capacity: int | None) -> None:
    """Never fewer places than people already holding one (the event's row is locked)."""
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
    _check_place(fields)
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
        _check_capacity(locked, capacity)
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


def _reminder_rows(
    actor, registration: Registration | None, now: datetime, *, among: models.Q
) -> list[Registration]:
    """The registrations a text-reminder change is about, locked: ``registration`` alone (its
    event must not have ended), or the actor's registrations that match ``among`` for events
    that have not ended (those that have are never changed)."""
    if registration is not None:
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if locked.event.ends_at <= now:
            raise ValidationError(_("This event has already ended."))
        return [locked]
    return list(
        Registration.objects.filter(among, user=actor, event__ends_at__gt=now)
        .select_for_update(of=("self",))
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def change_reminder_phone(
    *,
    actor,
    phone: str,
    registration: Registration | None = None,
    now: datetime | None = None,
) -> list[Registration]:
    """Send text reminders to another mobile number: for ``registration`` (the person typed a
    number for it, so its text reminder is on afterwards), or, without one, for each of the
    person's upcoming registrations that has a text reminder. The number is checked as booking
    checks it (:func:`mobile_number`, an error on ``phone``); a registration whose event has
    ended, or a place given back, is never changed. Returns the registrations changed, each
    audited (without the number: the audit trail keeps no contact details)."""
    _require(actor, "involved.change_text_reminder", registration or actor)
    number = mobile_number(phone)
    now = now or timezone.now()
    with transaction.atomic():
        texted = models.Q(sms_reminder=True) & ~models.Q(status=RegistrationStatus.CANCELLED)
        rows = _reminder_rows(actor, registration, now, among=texted)
        if registration is not None and rows[0].status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("You gave this place back, so there is nothing to remind."))
        for row in rows:
            _require(actor, "involved.change_text_reminder", row)
            was_on = row.sms_reminder
            row.phone, row.sms_reminder = number, True
            row.save(update_fields=["phone", "sms_reminder"])
            audit.record(
                "involved.registration.reminder_number_changed",
                actor=actor,
                obj=row,
                data={"scope": "one" if registration else "all", "was_on": was_on},
            )
    return rows


def stop_text_reminders(
    *, actor, registration: Registration | None = None, now: datetime | None = None
) -> list[Registration]:
    """Stop text reminders for ``registration``, or, without one, for every registration of the
    person's for an event that has not ended; the kept mobile number is deleted with the
    consent (data minimisation), so a later reminder goes by e-mail if at all. Registrations
    for events that have ended are never changed. Returns those changed, each audited."""
    _require(actor, "involved.change_text_reminder", registration or actor)
    now = now or timezone.now()
    with transaction.atomic():
        kept = models.Q(sms_reminder=True) | ~models.Q(phone="")
        stopped = []
        for row in _reminder_rows(actor, registration, now, among=kept):
            _require(actor, "involved.change_text_reminder", row)
            if not (row.sms_reminder or row.phone):
                continue  # nothing to stop
            stopped.append(row)
            row.phone, row.sms_reminder = "", False
            row.save(update_fields=["phone", "sms_reminder"])
            audit.record(
                "involved.registration.text_reminder_stopped",
                actor=actor,
                obj=row,
                data={"scope": "one" if registration else "all"},
            )
    return stopped


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


TIME_AND_PLACE = (
    "starts_at",
    "ends_at",
    "attendance_mode",
    "venue",
    "address",
    "postcode",
    "online_url",
)
"""Fields whose change is told to everyone coming (and sends their reminder again)."""


def change_event(
    *, actor, event: Event, now: datetime | None = None, site_url: str = "", **fields: Any
) -> Event:
    """Change a published event (its organiser's members, officers); the slug and the calendar
    UID stay. Checked as publishing checks (:func:`_check_times` when a time changes,
    :func:`_check_place`), and never fewer places than people holding one
    (:func:`_check_capacity`); more places move the wait list up. When the time or the place
    changes, everyone with a place or on the wait list is told, once, by their reminder's
    channel and in their language, after the change is saved, and their reminder is due again
    for the new time. Returns the event; a cancelled event cannot be changed."""
    _require(actor, "involved.manage_event", event)
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            raise ValidationError(_("This event has been cancelled."))
        changed = sorted(name for name, value in fields.items() if getattr(locked, name) != value)
        if not changed:
            return locked
        merged = {name: fields.get(name, getattr(locked, name)) for name in EVENT_FIELDS}
        if {"starts_at", "ends_at"} & set(changed):
            _check_times(merged["starts_at"], merged["ends_at"], now=now)
        _check_place(merged)
        if "capacity" in changed:
            _check_capacity(locked, merged["capacity"])
        for name in changed:
            setattr(locked, name, fields[name])
        locked.full_clean(exclude=["slug"])
        locked.save()
        moved = bool(set(changed) & set(TIME_AND_PLACE))
        told: list[Registration] = []
        if moved:
            told = list(
                locked.registrations.filter(
                    status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
                )
                .select_related("user")
                .order_by("pk")
            )
            locked.registrations.filter(pk__in=[r.pk for r in told]).update(reminded_at=None)
        audit.record(
            "involved.event.changed",
            actor=_actor(actor),
            obj=locked,
            data={"changed": changed, "told": len(told)},
        )
        if "capacity" in changed:
            _promote(locked, actor=actor)
    if told:
        for registration in told:
            registration.event = locked
        send_many([_news(r, site_url, cancelled=False) for r in told])
    return locked


def cancel_event(*, actor, event: Event, reason: str = "", site_url: str = "") -> Event:
    """Call an event off: it leaves the public list and the feed; registrations stay, so the
    organiser can still see who was coming. Everyone with a place or on the wait list is told,
    once (cancelling again tells nobody), by their reminder's channel and in their language."""
    _require(actor, "involved.manage_event", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.cancelled_at is not None:
            return locked
        locked.cancelled_at, locked.cancel_reason = timezone.now(), reason.strip()
        locked.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        told = list(
            locked.registrations.filter(
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
            )
            .select_related("user")
            .order_by("pk")
        )
        audit.record(
            "involved.event.cancelled",
            actor=_actor(actor),
            obj=locked,
            reason=reason,
            data={"told": len(told)},
        )
    for registration in told:
        registration.event = locked
    send_many([_news(r, site_url, cancelled=True, reason=reason) for r in told])
    return locked


def _news(
    registration: Registration, site_url: str, *, cancelled: bool, reason: str = ""
) -> Message:
    """An event's new time or place, or its cancellation, told to one person in their language:
    by text when their reminder goes by text, by e-mail otherwise."""
    event = registration.event
    language = registration.user.preferred_language or "en"
    texted = registration.sms_reminder and bool(registration.phone)
    with translation.override(language):
        link = site_url.rstrip("/") + event.get_absolute_url()
        title = event.text("title")[0]
        when = formats.date_format(
            timezone.localtime(event.starts_at), "D j M, H:i" if texted else "l j E Y, H:i"
        )
        where = (event.venue if texted else event.location_text) or _("online")
        if cancelled:
            subject = _("Cancelled: %(event)s") % {"event": title}
            body = _("%(event)s on %(when)s has been cancelled.") % {
                "event": title[:60] if texted else title,
                "when": when,
            }
            if reason:
                body += " " + _("Reason: %(reason)s") % {
                    "reason": reason[:80] if texted else reason
                }
        else:
            subject = _("Changed: %(event)s") % {"event": title}
            body = _("%(event)s has changed: it is now on %(when)s at %(where)s.") % {
                "event": title[:60] if texted else title,
                "when": when,
                "where": where[:40] if texted else where,
            }
        body += (" " if texted else "\n\n") + link
    return Message(
        channel="sms" if texted else "email",
        to=registration.phone if texted else registration.user.email,
        subject="" if texted else str(subject),
        body=str(body),
        language=language,
        reference=f"involved-{'cancelled' if cancelled else 'changed'}-{registration.pk}",
    )


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
