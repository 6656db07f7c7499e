"""Getting Involved's part of "Your tasks" and the header's "Your tools" (read by
:mod:`commonground.core.waiting`): the events calendar for everyone signed in, publishing for
organisers, and a resident's coming events with their places."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.waiting import Task, Tool

from .models import Registration, RegistrationStatus
from .rules import may


def tools(user) -> list[Tool]:
    found = [Tool(_("Events"), reverse("involved:events"))]
    if getattr(user, "is_authenticated", False):
        found.append(Tool(_("My involvement"), reverse("involved:me")))
    if may(user, "involved.publish_event"):
        found.append(Tool(_("Publish an event"), reverse("involved:event_new")))
    return found


def tasks(user) -> list[Task]:
    """The person's places at events still to come (and where they wait for one)."""
    if not getattr(user, "is_authenticated", False):
        return []
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            event__ends_at__gt=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")[:10]
    )
    found = []
    for registration in registrations:
        event = registration.event
        text = (
            _("You are on the wait list for %(event)s.")
            if registration.status == RegistrationStatus.WAITING
            else _("You have a place at %(event)s.")
        ) % {"event": event.title}
        found.append(
            Task(text, event.get_absolute_url(), _("See the event"), due=event.starts_at, when="on")
        )
    return found
