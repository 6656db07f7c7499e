"""My involvement: one page where a signed-in resident sees everything they do across Getting
Involved (events, volunteering, Open Book talks, challenges), takes it away (JSON, CSV) or has
it erased. Reading and erasing are in :mod:`..personal`; each app erases its own part."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import personal
from ..forms import EraseForm
from .reminders import upcoming_text_reminders


def my_involvement(request: HttpRequest) -> HttpResponse:
    """Everything the person has signed up for, given, attended and done, by app; and each
    upcoming booking with a text reminder, to change its number or stop it."""
    sections = personal.sections(request.user)
    return render(
        request,
        "involved/me.html",
        {
            "sections": sections,
            "anything": any(s.rows for s in sections),
            "text_reminders": list(upcoming_text_reminders(request.user)),
        },
    )


def _download(body: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"my-involvement-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def my_data_json(request: HttpRequest) -> HttpResponse:
    """The person's data as JSON (a machine-readable copy they may take elsewhere)."""
    return _download(personal.as_json(request.user), "application/json; charset=utf-8", "json")


def my_data_csv(request: HttpRequest) -> HttpResponse:
    """The person's data as one spreadsheet-safe CSV."""
    return _download(personal.as_csv(request.user), "text/csv; charset=utf-8", "csv")


def erase(request: HttpRequest) -> HttpResponse:
    """Confirm, then erase: each app's own audited action, all or nothing."""
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            personal.erase_everything(actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your involvement has been erased. Figures that count people keep you as "
                    "one anonymous person."
                ),
            )
            return redirect("involved:me")
    return render(request, "involved/erase.html", {"form": form})
