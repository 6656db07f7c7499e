"""Small pieces the apps' views share, kept once: an action's refusal put on a form or said in
a message, a safe "next" address, and the light-account page (name, e-mail, password) that
Open Book and volunteering both offer. Why here: each app had its own copy, and a fix made to
one copy (say, to the open-redirect check) must reach every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def refusal_on_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names, else at the top, so the
    person sees the reason beside what to change."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def say_refusal(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """An action's refusal as an error message, for a button with no form to show it on."""
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The "next" address from the form or the query, only if it stays on this site (no open
    redirect); else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


def light_account_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    create: Callable[[dict[str, Any]], Any],
    template: str,
    done_url: str,
    shown_next: str,
    welcome: str | None = None,
) -> HttpResponse:
    """The light-account page: a valid form makes the account through the app's own audited
    action (``create``, given the cleaned data), signs the person in and sends them on to
    ``done_url``; a refusal (say, the address is taken) goes on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            user = create(form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if welcome:
                messages.success(request, welcome)
            return redirect(done_url)
    return render(request, template, {"form": form, "next": shown_next})
