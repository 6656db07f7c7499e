"""An organiser's pages for an event already published: change it, or call it off. Both go
through the audited actions, which tell everyone coming (``actions.change_event``,
``actions.cancel_event``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonground.core.views_support import refusal_on_form

from .. import actions
from ..forms import CancelEventForm, EventForm
from ..models import Event, RegistrationStatus
from .door import _managed_event


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def edit_event(request: HttpRequest, slug: str) -> HttpResponse:
    """The publish form, filled in with the event; the slug (its address) stays the same."""
    event = _managed_event(request, slug)
    if event.cancelled_at is not None:
        messages.error(request, _("This event has been cancelled."))
        return redirect(event.get_absolute_url())
    # the form writes into its instance as it validates: give it a copy, keep `event` as saved
    form = EventForm(
        request.POST or None, user=request.user, instance=Event.objects.get(pk=event.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_event(
                actor=request.user,
                event=event,
                site_url=_site_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, _("The event is changed."))
            return redirect(event.get_absolute_url())
    return render(
        request,
        "involved/event_form.html",
        {"form": form, "heading": _("Edit the event"), "button": _("Save the changes")},
        status=400 if form.errors else 200,
    )


def cancel_event(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to be sure, with an optional reason; then call the event off and tell everyone."""
    event = _managed_event(request, slug)
    if event.cancelled_at is not None:
        return redirect(event.get_absolute_url())
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.cancel_event(
            actor=request.user,
            event=event,
            reason=form.cleaned_data["reason"],
            site_url=_site_url(request),
        )
        messages.success(request, _("The event is cancelled. Everyone coming has been told."))
        return redirect(event.get_absolute_url())
    coming = event.registrations.filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    ).count()
    return render(
        request, "involved/event_cancel.html", {"event": event, "form": form, "coming": coming}
    )
