"""Text reminders: a signed-in person changes the mobile number their event reminders are
texted to, or stops text reminders (which deletes the number), for one upcoming registration
or for all of them at once. The changes are the audited actions
``actions.change_reminder_phone`` and ``actions.stop_text_reminders``; only the registration's
own person may make them (``involved.change_text_reminder``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.core.views_support import refusal_on_form

from .. import actions
from ..forms import TextReminderForm
from ..models import Registration, RegistrationStatus
from ..rules import may

LTR = "\u2066{}\u2069"
"""A phone number in a sentence, isolated left to right (its "+" stays in front in Urdu)."""
OWN = "\u2068{}\u2069"
"""An event's title in a sentence, isolated in its own direction (an Urdu title in Polish)."""


def upcoming_text_reminders(user):
    """The person's places at events not yet ended that are reminded by text, soonest first."""
    return (
        Registration.objects.filter(user=user, sms_reminder=True, event__ends_at__gt=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def _said(request: HttpRequest, changed: list[Registration], *, stopped: bool, one: bool):
    """The confirmation shown in the page's notification banner."""
    if not changed:
        messages.info(request, _("None of your upcoming bookings has a text reminder."))
        return
    if stopped and one:
        text = _("Text reminders for %(event)s are stopped and your number is deleted.") % {
            "event": OWN.format(changed[0].event.text("title")[0])
        }
    elif stopped:
        text = ngettext(
            "Text reminders are stopped for %(count)d upcoming event and your number is deleted.",
            "Text reminders are stopped for %(count)d upcoming events and your number is deleted.",
            len(changed),
        ) % {"count": len(changed)}
    elif one:
        text = _("The text reminder for %(event)s will go to %(phone)s.") % {
            "event": OWN.format(changed[0].event.text("title")[0]),
            "phone": LTR.format(changed[0].phone),
        }
    else:
        text = ngettext(
            "Text reminders for %(count)d upcoming event will go to %(phone)s.",
            "Text reminders for %(count)d upcoming events will go to %(phone)s.",
            len(changed),
        ) % {"count": len(changed), "phone": LTR.format(changed[0].phone)}
    messages.success(request, text)


def _handle(request: HttpRequest, registration: Registration | None) -> TextReminderForm | None:
    """Make the change a POST asks for; ``None`` when done (the caller redirects), else the
    form with the refusal beside its field."""
    scope = {"registration": registration}
    if request.POST.get("do") == "stop":
        form = TextReminderForm()
        try:
            changed = actions.stop_text_reminders(actor=request.user, **scope)
        except ValidationError as error:
            refusal_on_form(form, error)
            return form
        _said(request, changed, stopped=True, one=registration is not None)
        return None
    form = TextReminderForm(request.POST)
    if not form.is_valid():
        return form
    try:
        changed = actions.change_reminder_phone(
            actor=request.user, phone=form.cleaned_data["phone"], **scope
        )
    except ValidationError as error:  # the number is not a UK mobile, or the event ended
        refusal_on_form(form, error)
        return form
    _said(request, changed, stopped=False, one=registration is not None)
    return None


def all_reminders(request: HttpRequest) -> HttpResponse:
    """Every upcoming booking with a text reminder: change the number for all, or stop all."""
    form = TextReminderForm()
    if request.method == "POST":
        form = _handle(request, None)
        if form is None:
            return redirect("involved:reminders")
    return render(
        request,
        "involved/reminders.html",
        {"form": form, "bookings": list(upcoming_text_reminders(request.user))},
        status=400 if form.errors else 200,
    )


def one_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    """One registration's text reminder: change its number (or give one), or stop it. Someone
    else's registration is not found, so its existence is not given away."""
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not may(request.user, "involved.change_text_reminder", registration):
        raise Http404
    form = TextReminderForm()
    if request.method == "POST":
        form = _handle(request, registration)
        if form is None:
            return redirect("involved:reminder", pk=registration.pk)
    event = registration.event
    return render(
        request,
        "involved/reminder.html",
        {
            "form": form,
            "registration": registration,
            "event": event,
            "open": not event.has_ended and registration.status != RegistrationStatus.CANCELLED,
        },
        status=400 if form.errors else 200,
    )
