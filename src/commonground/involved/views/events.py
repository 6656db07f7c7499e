"""Event pages: the public list and event pages, registering, and a registration's files."""

from __future__ import annotations

import io
from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.core.models import Area
from commonground.core.views_support import refusal_on_form

from .. import actions, ical, jsonld
from ..forms import EventForm, RegisterForm
from ..models import HEAVY, Event, Registration, RegistrationStatus
from ..rules import may

PAGE_SIZE = 50
LIST_FIELDS = (
    "slug",
    "kind",
    "language",
    "title",
    "summary",
    "translations",
    "starts_at",
    "attendance_mode",
    "ward__code",
    "ward__name",
)


def _visible_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(
        Event.objects.select_related("ward", "organiser", "pillar").defer(*HEAVY), slug=slug
    )
    if not event.is_public and not may(request.user, "involved.manage_event", event):
        raise Http404
    return event


@login_not_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Every public event that has not ended, soonest first, by ward if asked."""
    events = Event.objects.public().upcoming()
    wards = (  # boundaries are large: read only what the filter shows
        Area.objects.wards()
        .filter(pk__in=events.values("ward"))
        .only("code", "name")
        .order_by("name")
    )
    ward_code = request.GET.get("ward", "")
    ward = Area.objects.wards().filter(code=ward_code).first() if ward_code else None
    if ward is not None:
        events = events.filter(ward=ward)
    shown = events.select_related("ward").only(*LIST_FIELDS).order_by("starts_at", "pk")
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "involved/event_list.html",
        {
            "page": page,
            "wards": wards,
            "ward": ward,
            "may_publish": may(request.user, "involved.publish_event"),
        },
    )


@login_not_required
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's page, with its schema.org JSON-LD, and the reader's registration if any."""
    return _detail(request, _visible_event(request, slug), RegisterForm())


def _detail(request: HttpRequest, event: Event, form: RegisterForm, status: int = 200):
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=event, user=request.user).first()
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    with_language = request.build_absolute_uri(event.get_absolute_url())
    return render(
        request,
        "involved/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
            "json_ld": jsonld.as_script_text(jsonld.event_data(event, with_language)),
            "may_manage": may(request.user, "involved.manage_event", event),
            "form": form,
        },
        status=status,
    )


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, form, status=400)
    try:
        registration = actions.register(actor=request.user, event=event, **form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # a reason that belongs beside a field
            refusal_on_form(form, error)
            return _detail(request, event, form, status=400)
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(
                request,
                _(
                    "The event is full: you are on the wait list. "
                    "We will tell you if a place comes free."
                ),
            )
        else:
            messages.success(request, _("Your place is booked."))
    return redirect(event.get_absolute_url())


def _own_registration(request: HttpRequest, pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__organiser"), pk=pk
    )
    if registration.user_id != request.user.pk:
        raise Http404
    return registration


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration(request, pk)
    try:
        actions.cancel_registration(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.event.get_absolute_url())


def registration_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The event as a calendar file, for the person who registered."""
    registration = _own_registration(request, pk)
    event = registration.event
    body = ical.calendar(
        [event],
        lambda e: request.build_absolute_uri(e.get_absolute_url()),
        name=event.title,
        method="PUBLISH",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def registration_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration's door code as a QR code (SVG): the check-in address with the code."""
    registration = _own_registration(request, pk)
    url = request.build_absolute_uri(reverse("involved:door_code", args=[registration.code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, title=_("Door code"))
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def event_new(request: HttpRequest) -> HttpResponse:
    """An organiser or officer publishes an event."""
    if not may(request.user, "involved.publish_event"):
        raise PermissionDenied
    start = (timezone.localtime() + timedelta(days=14)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    form = EventForm(
        request.POST or None,
        user=request.user,
        initial={"starts_at": start, "ends_at": start + timedelta(hours=2)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.publish_event(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "involved/event_form.html",
        {"form": form, "heading": _("Publish an event"), "button": _("Publish")},
    )
