"""The anonymous pages: start, the report form, and following a report's status.

Every page here carries the "Exit this page" button, is sent ``Cache-Control: no-store``
(nothing of it stays in the browser's cache for someone else to find with the Back button)
and ``Referrer-Policy: same-origin`` (the neutral site the exit button opens, or any other
site, is not told where the reporter was; ``no-referrer`` would make browsers send
``Origin: null`` with the form, which Django's CSRF check rightly refuses). No incident
data goes into a URL or a page title: the form posts to its own address and the confirmation
(reference and secret) is the answer to that post, not a page with an address of its own.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache

from .. import actions, throttle
from ..forms import ReportForm, StatusForm
from ..models import Status

EXIT_URL = "https://www.bbc.co.uk/weather"
"""Where "Exit this page" goes: a neutral, common site (GOV.UK's pattern suggests one)."""


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "same-origin"
    return response


def _centre(request: HttpRequest):
    user = request.user
    if user.is_authenticated and user.has_perm("safety.report_for_someone"):
        return user.organisation
    return None


@login_not_required
@never_cache
def start(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "safety/start.html", {"exit_url": EXIT_URL}))


@login_not_required
@never_cache
def report(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    form = ReportForm(request.POST or None)
    from ..places import ward_map

    context = {
        "form": form,
        "exit_url": EXIT_URL,
        "centre": centre,
        "limited": False,
        "ward_map": ward_map(),
    }
    if request.method == "POST" and form.is_valid():
        address = throttle.client_address(request)
        if centre is None and throttle.limited("report-address", address):
            context["limited"] = True
            return _private(render(request, "safety/report.html", context, status=429))
        if centre is None:
            throttle.count("report-address", address)
        new = _new_report(form.cleaned_data)
        saved, secret = actions.submit_report(
            new, actor=request.user if centre else None, centre=centre
        )
        return _private(
            render(
                request,
                "safety/received.html",
                {"reference": saved.reference, "secret": secret, "exit_url": EXIT_URL},
            )
        )
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "safety/report.html", context, status=status))


def _new_report(data: dict) -> actions.NewReport:
    from ..places import locate

    lsoa = ward = None
    point = ""
    if data.get("latitude") is not None:
        point = f"{data['latitude']:.6f},{data['longitude']:.6f}"
        lsoa, ward = locate(data["latitude"], data["longitude"])
    return actions.NewReport(
        reporter_role=data["reporter_role"],
        description=data["description"],
        strands=list(data["strands"]),
        occurred_on=data["occurred_on"],
        reported_to_police=data["reported_to_police"],
        support=list(data["support"]),
        language=get_language() or "",
        ward=ward or data.get("ward"),
        lsoa=lsoa,
        place_text=data.get("place_text", ""),
        point=point,
        police_reference=data.get("police_reference", ""),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_email=data.get("contact_email", ""),
    )


@login_not_required
@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """Follow a report: its reference and secret, both posted (never in the address)."""
    form = StatusForm(request.POST or None)
    context: dict = {"form": form, "exit_url": EXIT_URL, "found": None, "errors": []}
    code = 200
    if request.method == "POST" and form.is_valid():
        address = throttle.client_address(request)
        reference = form.cleaned_data["reference"].strip().upper()
        if throttle.limited("lookup-address", address) or throttle.limited(
            "lookup-reference", reference
        ):
            context["errors"] = [_too_many()]
            code = 429
        else:
            found = actions.find_with_secret(reference, form.cleaned_data["secret"])
            if found is None:
                throttle.count("lookup-address", address)
                throttle.count("lookup-reference", reference)
                context["errors"] = [_no_match()]
                code = 400
            else:
                context["found"] = found
                context["statuses"] = Status
    return _private(render(request, "safety/status.html", context, status=code))


def _too_many() -> str:
    return gettext("Too many tries did not match. Wait 15 minutes, then try again.")


def _no_match() -> str:
    return gettext("The reference and secret code do not match a report. Check them and try again.")
