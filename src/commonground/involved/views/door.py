"""Taking attendance at the door, on a phone.

The organiser opens the event's door page, which remembers (in their session) which event
they are taking attendance for. A registration's QR code holds the address of
``involved:door_code`` with its code: scanned with the phone's camera it opens a page that
checks the holder in to *that remembered event*, so a code from another event is refused
instead of counted there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions
from ..forms import CapacityForm, CheckInForm
from ..models import HEAVY, Event, RegistrationStatus
from ..rules import may

SESSION_KEY = "involved_door_event"


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("organiser", "ward").defer(*HEAVY), slug=slug
    )
    if not may(request.user, "involved.manage_event", event):
        raise PermissionDenied
    return event


def _attendance(event: Event) -> dict:
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    by_ward = (
        event.registrations.filter(checked_in_at__isnull=False)
        .values("user__home_area__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "user__home_area__name")
    )
    return counts | {"by_ward": [(row["user__home_area__name"], row["n"]) for row in by_ward]}


def door(request: HttpRequest, slug: str) -> HttpResponse:
    """The door page: type or paste a code, see who has arrived (in aggregate, by ward)."""
    event = _managed_event(request, slug)
    request.session[SESSION_KEY] = event.pk
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_in(actor=request.user, event=event, code=form.cleaned_data["code"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("code", message)
        else:
            messages.success(request, _("Checked in."))
            return redirect("involved:door", slug=event.slug)
    capacity_form = CapacityForm(initial={"capacity": event.capacity})
    return render(
        request,
        "involved/door.html",
        {
            "event": event,
            "form": form,
            "capacity_form": capacity_form,
            "sw_scope": reverse("involved:events").rsplit("events/", 1)[0],
        }
        | _attendance(event),
    )


@require_POST
def capacity(request: HttpRequest, slug: str) -> HttpResponse:
    """Change how many places the event has (never below the places already given)."""
    event = _managed_event(request, slug)
    form = CapacityForm(request.POST)
    if form.is_valid():
        try:
            actions.change_capacity(
                actor=request.user, event=event, capacity=form.cleaned_data["capacity"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The number of places is changed."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("involved:door", slug=event.slug)


def door_code(request: HttpRequest, code: str) -> HttpResponse:
    """Where a scanned QR code lands: check the holder in to the event the door page is for."""
    event_pk = request.session.get(SESSION_KEY)
    event = Event.objects.filter(pk=event_pk).first() if event_pk else None
    if event is None or not may(request.user, "involved.manage_event", event):
        return render(request, "involved/door_code.html", {"event": None, "code": code}, status=409)
    if request.method == "POST":
        try:
            actions.check_in(actor=request.user, event=event, code=code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Checked in."))
        return redirect(reverse("involved:door", args=[event.slug]))
    return render(request, "involved/door_code.html", {"event": event, "code": code})
