"""Referral and plan pages. Thin: each checks its permission by name, calls one action, and
logs every view of a person's record before showing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.measures.suppression import SYMBOL, threshold
from commonground.services.models import Service

from . import actions, queries, report
from .forms import DeclineForm, GapForm, PlanForm, ReferralForm
from .models import (
    OPEN_STATES,
    PlanStep,
    Referral,
    State,
    StepKind,
    StepOutcome,
    SupportPlan,
)

PAGE_SIZE = 50


def _denied_unless(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


def index(request: HttpRequest) -> HttpResponse:
    """Referrals received by, and sent by, the user's organisations, open ones first."""
    _denied_unless(request, "referrals.use")
    state = request.GET.get("state", "")
    received, sent = queries.received(request.user), queries.sent(request.user)
    if state in State.values:
        received, sent = received.filter(state=state), sent.filter(state=state)
    context = {
        "received": Paginator(received, PAGE_SIZE).get_page(request.GET.get("r")),
        "sent": Paginator(sent, PAGE_SIZE).get_page(request.GET.get("s")),
        "states": State.choices,
        "state": state,
        "open_states": OPEN_STATES,
    }
    return render(request, "referrals/index.html", context)


def new(request: HttpRequest) -> HttpResponse:
    """Refer a person: from the directory (``?service=``) or a plan's step (``?step=``)."""
    _denied_unless(request, "referrals.refer")
    step = None
    if request.GET.get("step"):
        step = get_object_or_404(PlanStep.objects.select_related("plan"), pk=request.GET["step"])
        _denied_unless(request, "referrals.change_plan", step.plan)
    initial = {"consent_on": timezone.localdate()}
    if step is not None:
        initial |= {
            "first_name": step.plan.first_name,
            "language": step.plan.language,
            "organisation": step.plan.organisation_id,
            "consent_given_by": step.plan.consent_given_by,
        }
    if request.GET.get("service"):
        initial["service"] = Service.objects.filter(pk=request.GET["service"]).first()
    form = ReferralForm(
        request.POST or None,
        user=request.user,
        kind=step.kind if step else "",
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            referral = actions.refer(actor=request.user, step=step, **data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Referral %(reference)s sent to %(organisation)s.")
                % {"reference": referral.reference, "organisation": referral.to_organisation},
            )
            return redirect("referrals:detail", referral.pk)
    return render(request, "referrals/new.html", {"form": form, "step": step})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral with its timeline, for both sides; the view is logged."""
    referral = get_object_or_404(
        Referral.objects.select_related("service", "from_organisation", "to_organisation"), pk=pk
    )
    _denied_unless(request, "referrals.view", referral)
    actions.record_view(viewer=request.user, referral=referral)
    user = request.user
    context = {
        "referral": referral,
        "timeline": referral.events.select_related("actor", "organisation"),
        "may_decide": user.has_perm("referrals.decide", referral) and referral.state == State.SENT,
        "may_progress": user.has_perm("referrals.progress", referral)
        and referral.state in (State.ACCEPTED, State.STARTED),
        "may_withdraw": user.has_perm("referrals.withdraw", referral)
        and State.WITHDRAWN in referral.next_states(),
        "may_note": user.has_perm("referrals.note_decline", referral)
        and referral.state == State.DECLINED
        and referral.decline_noted_at is None,
        "decline_form": DeclineForm(),
        "plan_step": PlanStep.objects.filter(referral=referral).select_related("plan").first(),
    }
    return render(request, "referrals/detail.html", context)


@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=pk)
    state = request.POST.get("state", "")
    if state == State.DECLINED:
        form = DeclineForm(request.POST)
        if not form.is_valid():
            _denied_unless(request, "referrals.decide", referral)
            actions.record_view(viewer=request.user, referral=referral)
            return render(
                request,
                "referrals/detail.html",
                {
                    "referral": referral,
                    "timeline": referral.events.select_related("actor", "organisation"),
                    "may_decide": True,
                    "may_progress": False,
                    "may_withdraw": False,
                    "may_note": False,
                    "decline_form": form,
                    "plan_step": None,
                },
                status=400,
            )
    try:
        actions.move(
            actor=request.user,
            referral=referral,
            state=state,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Referral %(reference)s is now “%(state)s”.")
            % {"reference": referral.reference, "state": State(state).label},
        )
    return redirect("referrals:detail", referral.pk)


@require_POST
def note_decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=pk)
    try:
        actions.note_decline(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("referrals:detail", referral.pk)


def access_log(request: HttpRequest) -> HttpResponse:
    """Who opened which person's record, and when (admins: their organisations' records)."""
    _denied_unless(request, "referrals.view_access_log")
    everyone = request.user.has_perm("referrals.see_every_access")
    views = queries.access_log(request.user, everyone=everyone)
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/access_log.html", {"page": page, "everyone": everyone})


def plans(request: HttpRequest) -> HttpResponse:
    _denied_unless(request, "referrals.plan")
    found = queries.plans(request.user).prefetch_related("steps")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/plans.html", {"page": page})


def plan_new(request: HttpRequest) -> HttpResponse:
    _denied_unless(request, "referrals.plan")
    form = PlanForm(
        request.POST or None, user=request.user, initial={"consent_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            plan = actions.start_plan(actor=request.user, **data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Support plan %(reference)s started.") % {"reference": plan}
            )
            return redirect("referrals:plan", plan.pk)
    return render(request, "referrals/plan_new.html", {"form": form})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SupportPlan.objects.select_related("organisation"), pk=pk)
    _denied_unless(request, "referrals.view_plan", plan)
    actions.record_view(viewer=request.user, plan=plan)
    steps = plan.steps.select_related("referral", "referral__to_organisation")
    return render(
        request,
        "referrals/plan_detail.html",
        {
            "plan": plan,
            "steps": steps,
            "may_change": request.user.has_perm("referrals.change_plan", plan)
            and plan.closed_at is None,
            "gap_form": GapForm(),
        },
    )


@require_POST
def plan_step(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step = get_object_or_404(PlanStep.objects.select_related("plan"), pk=step_pk, plan_id=pk)
    try:
        actions.record_step(
            actor=request.user,
            step=step,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("referrals:plan", pk)


@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(SupportPlan, pk=pk)
    try:
        actions.close_plan(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The plan is closed."))
    return redirect("referrals:plan", pk)


def arrivals_report(request: HttpRequest) -> HttpResponse:
    """Where new arrivals wait, and where no service was found: aggregate, suppressed."""
    _denied_unless(request, "referrals.view_report")
    facts = [
        report.StepFact(
            kind=step.kind,
            outcome=step.outcome,
            sent=timezone.localdate(step.referral.created_at) if step.referral else None,
            started=(
                timezone.localdate(step.referral.started_at)
                if step.referral and step.referral.started_at
                else None
            ),
            state=step.referral.state if step.referral else "",
        )
        for step in queries.plan_steps().exclude(outcome=StepOutcome.TO_DO)
    ]
    below = threshold()
    labels = dict(StepKind.choices)
    rows = [
        (labels[row.kind], row)
        for row in report.rows(facts, StepKind.values, timezone.localdate(), below)
    ]
    return render(
        request,
        "referrals/report.html",
        {"rows": rows, "below": below, "symbol": SYMBOL, "plans": SupportPlan.objects.count()},
    )
