"""Community tension monitoring: partners' reports, the restricted dashboard, alerts and
their responses, and who the tension leads are.

Nothing here shows an incident report: the dashboard is about places and partners'
readings of them, and is open to officers, caseworkers and the named tension leads.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from commonground.core.models import Area

from .. import actions, charts, tension
from ..forms import AlertResponseForm, TensionLeadForm, TensionReportForm
from ..forms_extra import LeadSmsForm, PartnerSmsForm, TensionScheduleForm
from ..models import (
    TENSION_LEVEL_WORDING,
    AlertStatus,
    TensionAlert,
    TensionLead,
    TensionLevel,
    TensionPartnerContact,
    TensionReport,
    TensionSchedule,
)

WEEKS = 12
EVENT_DAYS = 30
RECENT = 50


def upcoming_events(wards, days: int = EVENT_DAYS):
    """Public events in ``wards`` starting within ``days``, from the events calendar
    (read only); none when the Getting Involved app is not installed."""
    from django.apps import apps

    if not apps.is_installed("commonground.involved"):
        return []
    from commonground.involved.models import HEAVY, Event

    now = timezone.now()
    return list(
        Event.objects.public()
        .upcoming(now)
        .filter(starts_at__lte=now + timedelta(days=days), ward__in=wards)
        .select_related("ward")
        .defer(*HEAVY)
        .order_by("starts_at")[:20]
    )


@never_cache
@permission_required("safety.report_tension", raise_exception=True)
def report_tension(request: HttpRequest) -> HttpResponse:
    initial = {}
    if ward := _ward_filter(request):  # the link in a reminder names the ward
        initial["ward"] = ward
    form = TensionReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _report, alert = actions.file_tension_report(
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
        messages.success(request, _("Thank you: your tension report is saved."))
        if alert is not None:
            messages.warning(
                request,
                _("Your report raised an alert: the tension leads have been told.")
                + " "
                + actions.alert_text(alert),
            )
        return redirect("safety:tension_report")
    mine = TensionReport.objects.select_related("ward").filter(reported_by=request.user)[:10]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/tension_form.html",
        {"form": form, "mine": mine, "section": "safety"},
        status=status,
    )


def _ward_filter(request: HttpRequest) -> Area | None:
    code = request.GET.get("ward", "")
    if not code:
        return None
    return Area.objects.wards().filter(code=code).first()


def _with_ward(reports):
    """Reports with their ward and organisation, without the ward's boundary (a large JSON
    polygon the dashboard never draws: decoding it for every row cost most of the page)."""
    return reports.select_related("ward", "organisation").defer("ward__boundary")


@never_cache
@permission_required("safety.view_tension", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Levels by ward over the last twelve weeks (chart and table), the latest reading of
    each ward, open alerts, recent reports and upcoming events in the wards concerned."""
    today = timezone.localdate()
    weeks = tension.weeks_ending(today, WEEKS)
    since = timezone.make_aware(timezone.datetime.combine(weeks[0], timezone.datetime.min.time()))
    ward = _ward_filter(request)
    window = TensionReport.objects.filter(created_at__gte=since)
    if ward is not None:
        window = window.filter(ward=ward)
    readings = [
        (ward_id, timezone.localdate(at), level)
        for ward_id, at, level in window.values_list("ward_id", "created_at", "level")
    ]
    grid = tension.weekly_highest(readings, weeks)
    names, codes = {}, {}
    for pk, name, code in Area.objects.filter(pk__in=grid).values_list("pk", "name", "code"):
        names[pk], codes[pk] = name, code
    rows = sorted(
        ((names[pk], levels, codes[pk]) for pk, levels in grid.items()),
        key=lambda row: (-max(v or 0 for v in row[1]), row[0]),
    )
    chart = (
        charts.level_grid(
            [(name, levels) for name, levels, _code in rows],
            weeks,
            _(
                "Highest tension level reported in each ward, week by week (weeks start on "
                "the Monday shown); the table below gives the same levels."
            ),
        )
        if rows
        else None
    )
    # the latest reading of each ward: find the ids from two columns, then load those few
    latest_ids: dict[int, int] = {}
    for ward_id, pk in window.order_by("-created_at", "-pk").values_list("ward_id", "pk"):
        latest_ids.setdefault(ward_id, pk)
    by_code = {
        r.ward.code: r for r in _with_ward(TensionReport.objects.filter(pk__in=latest_ids.values()))
    }
    latest = [by_code[code] for _name, _levels, code in rows]
    recent = _with_ward(TensionReport.objects.order_by("-created_at", "-pk"))
    if ward is not None:
        recent = recent.filter(ward=ward)
    alerts = (
        TensionAlert.objects.filter(status=AlertStatus.OPEN)
        .select_related("ward")
        .defer("ward__boundary")
    )
    event_wards = [ward] if ward is not None else list(grid)
    context = {
        "weeks": weeks,
        "rows": rows,
        "chart": chart,
        "latest": latest,
        "recent": recent[:RECENT],
        "alerts": alerts,
        "events": upcoming_events(event_wards),
        "event_days": EVENT_DAYS,
        "ward": ward,
        "wards": Area.objects.wards().order_by("name").defer("boundary"),
        "scale": [(level, TENSION_LEVEL_WORDING[level]) for level in TensionLevel],
        "section": "safety",
    }
    return render(request, "safety/tension_dashboard.html", context)


@never_cache
@permission_required("safety.view_tension", raise_exception=True)
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        TensionAlert.objects.select_related("ward", "report", "report__organisation"), pk=pk
    )
    form = AlertResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("safety.respond_alert", found):
            raise PermissionDenied
        if not found.is_open:
            messages.info(request, _("This alert already has a response."))
            return redirect(found)
        if form.is_valid():
            actions.respond_to_alert(
                actor=request.user, alert=found, response=form.cleaned_data["response"]
            )
            messages.success(request, _("Response recorded."))
            return redirect(found)
        status = 400
    reports = (
        TensionReport.objects.filter(
            ward=found.ward,
            created_at__lte=found.created_at,
            created_at__gt=found.created_at - timedelta(days=tension.CLUSTER_DAYS),
        )
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
    context = {
        "alert": found,
        "text": actions.alert_text(found),
        "form": form,
        "may_respond": request.user.has_perm("safety.respond_alert", found),
        "reports": reports,
        "recipients": found.recipients.order_by("username"),
        "events": upcoming_events([found.ward]),
        "event_days": EVENT_DAYS,
        "section": "safety",
    }
    return render(request, "safety/tension_alert.html", context, status=status)


@never_cache
@permission_required("safety.name_tension_leads", raise_exception=True)
def leads(request: HttpRequest) -> HttpResponse:
    form = TensionLeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.name_tension_lead(actor=request.user, user=form.cleaned_data["user"])
        messages.success(request, _("Tension lead named."))
        return redirect("safety:tension_leads")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/tension_leads.html",
        {
            "form": form,
            "leads": TensionLead.objects.select_related("user", "named_by"),
            "section": "safety",
        },
        status=status,
    )


@require_POST
@permission_required("safety.name_tension_leads", raise_exception=True)
def lead_remove(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_object_or_404(TensionLead.objects.select_related("user"), pk=pk)
    actions.remove_tension_lead(actor=request.user, lead=lead)
    messages.success(request, _("Tension lead removed."))
    return redirect("safety:tension_leads")


@never_cache
@permission_required("safety.choose_alert_channels", raise_exception=True)
def my_alerts(request: HttpRequest) -> HttpResponse:
    """A tension lead turns text-message alerts on (with a mobile number) or off."""
    lead = get_object_or_404(TensionLead, user=request.user)
    form = LeadSmsForm(
        request.POST or None,
        initial={"sms_alerts": lead.sms_alerts, "sms_number": lead.sms_number},
    )
    if request.method == "POST" and form.is_valid():
        actions.set_lead_sms(
            actor=request.user,
            lead=lead,
            on=form.cleaned_data["sms_alerts"],
            number=form.cleaned_data["sms_number"],
        )
        if form.cleaned_data["sms_alerts"]:
            messages.success(request, _("Tension alerts will also come by text message."))
        else:
            messages.success(request, _("Tension alerts will not come by text message."))
        return redirect("safety:tension_my_alerts")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/tension_my_alerts.html",
        {"form": form, "lead": lead, "section": "safety"},
        status=status,
    )


@never_cache
@permission_required("safety.manage_tension_schedules", raise_exception=True)
def schedules(request: HttpRequest) -> HttpResponse:
    """Which organisation reports on which ward how often, and whose report is overdue."""
    form = TensionScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.set_tension_schedule(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Schedule saved."))
        return redirect("safety:tension_schedules")
    now = timezone.now()
    states = actions.schedule_states(TensionSchedule.objects.all())
    rows = [(state, state.overdue(now)) for state in states]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/tension_schedules.html",
        {"form": form, "rows": rows, "section": "safety"},
        status=status,
    )


@require_POST
@permission_required("safety.manage_tension_schedules", raise_exception=True)
def schedule_end(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(TensionSchedule.objects.select_related("ward"), pk=pk)
    actions.end_tension_schedule(actor=request.user, schedule=schedule)
    messages.success(request, _("Schedule ended: no more reminders for it."))
    return redirect("safety:tension_schedules")


def _reminder_form(request: HttpRequest, person) -> tuple[PartnerSmsForm, TensionPartnerContact]:
    contact = TensionPartnerContact.objects.filter(user=person).first() or TensionPartnerContact(
        user=person
    )
    form = PartnerSmsForm(
        request.POST or None,
        initial={"sms_consent": contact.sms_consent, "sms_number": contact.sms_number},
        for_someone_else=person.pk != request.user.pk,
    )
    return form, contact


def _save_reminders(request: HttpRequest, person, form: PartnerSmsForm) -> None:
    actions.set_partner_sms(
        actor=request.user,
        person=person,
        on=form.cleaned_data["sms_consent"],
        number=form.cleaned_data["sms_number"],
    )
    if form.cleaned_data["sms_consent"]:
        messages.success(request, _("Reminders will also come by text message."))
    else:
        messages.success(request, _("Reminders will not come by text message."))


@never_cache
@permission_required("safety.set_reminder_sms", raise_exception=True)
def my_reminders(request: HttpRequest) -> HttpResponse:
    """A partner gives a mobile number (and consent) for reminders of an overdue report."""
    form, contact = _reminder_form(request, request.user)
    if request.method == "POST" and form.is_valid():
        _save_reminders(request, request.user, form)
        return redirect("safety:tension_my_reminders")
    return render(
        request,
        "safety/tension_reminders.html",
        {"form": form, "contact": contact, "person": None, "section": "safety"},
        status=400 if request.method == "POST" else 200,
    )


def _reminded_people():
    """Accounts with a confirmed membership of an organisation that has an active schedule."""
    from commonground.core.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__status="confirmed",
            memberships__organisation__in=TensionSchedule.objects.filter(active=True).values(
                "organisation"
            ),
        )
        .distinct()
        .order_by("username")
    )


@never_cache
@permission_required("safety.manage_tension_schedules", raise_exception=True)
def partners(request: HttpRequest) -> HttpResponse:
    """Officers: who is reminded of overdue reports, and who also by text message."""
    people = list(_reminded_people())
    texting = set(
        TensionPartnerContact.objects.filter(
            user__in=[p.pk for p in people], sms_consent=True
        ).values_list("user_id", flat=True)
    )
    rows = [(person, person.pk in texting) for person in people]
    return render(request, "safety/tension_partners.html", {"rows": rows, "section": "safety"})


@never_cache
@permission_required("safety.manage_tension_schedules", raise_exception=True)
def partner_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """Officers: record a partner's mobile number and consent (heard from them) or remove it."""
    person = get_object_or_404(_reminded_people(), pk=pk)
    if not request.user.has_perm("safety.set_reminder_sms", person):
        raise PermissionDenied
    form, contact = _reminder_form(request, person)
    if request.method == "POST" and form.is_valid():
        _save_reminders(request, person, form)
        return redirect("safety:tension_partners")
    return render(
        request,
        "safety/tension_reminders.html",
        {"form": form, "contact": contact, "person": person, "section": "safety"},
        status=400 if request.method == "POST" else 200,
    )
