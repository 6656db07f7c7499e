"""Caseworkers' pages: the list of reports, one report (each view logged), triage, referral,
closure, the anonymised export; and the supervisors' log of who viewed which report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.models import AuditEvent
from commonground.spreadsheets import csv_text

from .. import actions
from ..events import SafetyEvent
from ..forms import CloseForm, ReferralForm, TriageForm
from ..forms_extra import DirectoryReferralForm
from ..models import IncidentReport, Status

PAGE_SIZE = 50
REFER_PREFIX = "refer"
"""The case page holds three forms with a "notes" box: each has its own ids."""


@never_cache
@permission_required("safety.view_reports", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("status", "")
    reports = IncidentReport.objects.for_casework()
    if wanted in Status.values:
        reports = reports.filter(status=wanted)
    else:
        wanted = ""
    page = Paginator(reports.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safety/case_list.html",
        {"page": page, "statuses": Status.choices, "wanted": wanted, "section": "safety"},
    )


def _report(reference: str) -> IncidentReport:
    return get_object_or_404(IncidentReport.objects.for_casework(), reference=reference)


@never_cache
@permission_required("safety.view_reports", raise_exception=True)
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(reference)
    actions.log_view(actor=request.user, report=report)
    return _detail(request, report)


def _route_form(request, report, data=None) -> DirectoryReferralForm | None:
    """The referrals route's form, for a caseworker who acts for an organisation (any
    referrer must); None otherwise (the page says why)."""
    if not request.user.has_perm("referrals.refer"):
        return None
    from django.utils import timezone

    language = report.language.split("-")[0] if report.language else "en"
    return DirectoryReferralForm(
        data,
        user=request.user,
        initial={
            "language": language if language in ("en", "ur", "pl") else "en",
            "consent_on": timezone.localdate(),
        },
    )


def _detail(request, report, *, triage=None, referral=None, closing=None, route=None, status=200):
    context = {
        "report": report,
        "triage_form": triage
        or TriageForm(
            report=report,
            initial={
                "risk": report.risk or None,
                "confirmed_strands": list(report.confirmed_strands.all())
                or list(report.strands.all()),
                "linked": ", ".join(r.reference for r in report.linked.all()),
            },
        ),
        "referral_form": referral or ReferralForm(prefix=REFER_PREFIX),
        "close_form": closing or CloseForm(),
        "route_form": route or _route_form(request, report),
        "referrals": report.referrals.select_related("made_by", "route"),
        "linked": report.linked.all(),
    }
    return render(request, "safety/case_detail.html", context, status=status)


@require_POST
@permission_required("safety.triage", raise_exception=True)
def case_triage(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(reference)
    form = TriageForm(request.POST, report=report)
    if not form.is_valid():
        return _detail(request, report, triage=form, status=400)
    actions.triage(
        actor=request.user,
        report=report,
        risk=form.cleaned_data["risk"],
        confirmed_strands=list(form.cleaned_data["confirmed_strands"]),
        linked=form.cleaned_data["linked"],
        lsoa=form.cleaned_data["lsoa"],
        notes=form.cleaned_data["notes"],
    )
    messages.success(request, _("Triage saved."))
    return redirect(report)


@require_POST
@permission_required("safety.refer", raise_exception=True)
def case_refer(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(reference)
    form = ReferralForm(request.POST, prefix=REFER_PREFIX)
    if not form.is_valid():
        return _detail(request, report, referral=form, status=400)
    actions.refer(
        actor=request.user,
        report=report,
        service=form.cleaned_data["service"],
        consent_given=form.cleaned_data["consent_given"],
        notes=form.cleaned_data["notes"],
    )
    messages.success(request, _("Referral recorded."))
    return redirect(report)


@require_POST
@permission_required("safety.refer", raise_exception=True)
def case_refer_route(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer the victim to a directory service through the referrals route (with consent)."""
    from django.core.exceptions import ValidationError

    report = _report(reference)
    form = _route_form(request, report, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        try:
            actions.refer_through_directory(
                actor=request.user,
                report=report,
                kind=form.cleaned_data["kind"],
                route=form.route(),
                consent_given=form.cleaned_data["consent"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            problems = (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            )
            for field, messages_ in problems.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("Referral sent to the service."))
            return redirect(report)
    return _detail(request, report, route=form, status=400)


@require_POST
@permission_required("safety.close", raise_exception=True)
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    report = _report(reference)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, closing=form, status=400)
    actions.close(actor=request.user, report=report, outcome=form.cleaned_data["outcome"])
    messages.success(request, _("Case closed."))
    return redirect(report)


@never_cache
@permission_required("safety.export", raise_exception=True)
def case_export(request: HttpRequest) -> HttpResponse:
    """Anonymised CSV: no free text, no contact details, no point; cells formula-safe."""
    rows = [
        [
            "reference",
            "received",
            "month",
            "strands",
            "confirmed_strands",
            "ward",
            "lsoa",
            "status",
            "risk",
            "outcome",
            "reported_to_police",
        ]
    ]
    for report in IncidentReport.objects.for_casework().order_by("created_at"):
        rows.append(
            [
                report.reference,
                report.created_at.date().isoformat(),
                report.month,
                ";".join(s.name for s in report.strands.all()),
                ";".join(s.name for s in report.confirmed_strands.all()),
                report.ward.name if report.ward else "",
                report.lsoa.code if report.lsoa else "",
                report.status,
                report.risk,
                report.outcome,
                report.reported_to_police,
            ]
        )
    from commonground.core import audit

    audit.record(SafetyEvent.REPORTS_EXPORTED, actor=request.user, data={"rows": len(rows) - 1})
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="incident-reports.csv"'
    return response


@never_cache
def access_log(request: HttpRequest) -> HttpResponse:
    """Supervisors: every view of every report, newest first (who, which, when)."""
    if not request.user.has_perm("safety.view_access_log"):
        raise PermissionDenied
    events = AuditEvent.objects.filter(
        action__in=[SafetyEvent.REPORT_VIEWED, SafetyEvent.REPORTS_EXPORTED]
    ).order_by("-id")
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "safety/access_log.html", {"page": page, "section": "safety"})
