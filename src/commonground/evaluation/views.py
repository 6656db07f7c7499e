"""Pages: the public "what works" library and intervention pages; the officers' register,
plan, results and decisions.  Thin: forms validate, actions change, analysis computes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from . import actions, analysis, charts
from .forms import DecisionForm, InterventionForm, OutcomeFormSet, OutcomeUploadForm, PlanForm
from .models import SMS_LEVEL, Choice, Decision, Design, EvaluationPlan, Intervention

GUIDANCE = [
    (
        Design.BEFORE_AFTER,
        SMS_LEVEL[Design.BEFORE_AFTER],
        gettext_lazy(
            "Shows whether figures changed in the intervention's wards, not why: anything "
            "else that changed at the same time could explain it. Use only when no comparison "
            "is possible."
        ),
    ),
    (
        Design.DID,
        SMS_LEVEL[Design.DID],
        gettext_lazy(
            "Compares the change in the intervention's wards with the change in similar wards "
            "over the same time. Credible when the two moved in parallel before the start, "
            "which the pre-trend check tests."
        ),
    ),
    (
        Design.EVENT_STUDY,
        SMS_LEVEL[Design.EVENT_STUDY],
        gettext_lazy(
            "The same comparison period by period: shows when an effect appears, whether it "
            "grows or fades, and whether the wards differed before the start."
        ),
    ),
    (
        Design.SYNTHETIC,
        SMS_LEVEL[Design.SYNTHETIC],
        gettext_lazy(
            "When one ward is treated: builds a weighted blend of other wards that tracked it "
            "before the start, and compares after. Placebo tests on every other ward say how "
            "unusual the gap is."
        ),
    ),
]


def _visible(request: HttpRequest):
    queryset = Intervention.objects.select_related(
        "pillar",
        "objective",
        "grant",
        "readiness_assessment__ward",
        "readiness_assessment__community",
    )
    if request.user.has_perm("evaluation.view_drafts"):
        return queryset
    return queryset.published()


@login_not_required
def library(request: HttpRequest) -> HttpResponse:
    """What works: published interventions (officers also see drafts), searchable."""
    query = request.GET.get("q", "").strip()[:200]
    interventions = _visible(request).prefetch_related(
        "wards", Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at"))
    )
    if query:
        interventions = interventions.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(wards__name__icontains=query)
            | Q(pillar__name__icontains=query)
            | Q(outcomes__text__icontains=query)
            | Q(results__verdict__icontains=query)
        ).distinct()
    rows = []
    for item in interventions:
        latest = item.results.first()
        decisions = list(item.decisions.all())
        rows.append(
            {"item": item, "result": latest, "decision": decisions[0] if decisions else None}
        )
    return render(
        request,
        "evaluation/library.html",
        {"rows": rows, "query": query, "can_manage": request.user.has_perm("evaluation.manage")},
    )


def _intervention(request: HttpRequest, pk: int) -> Intervention:
    intervention = get_object_or_404(_visible(request), pk=pk)
    return intervention


@login_not_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An intervention: its logic model (diagram and text), plan, latest result, decisions."""
    intervention = _intervention(request, pk)
    plan = EvaluationPlan.objects.filter(intervention=intervention).first()
    result = intervention.results.select_related("indicator").first()
    return render(
        request,
        "evaluation/detail.html",
        {
            "intervention": intervention,
            "outcomes": intervention.outcomes.select_related("indicator"),
            "plan": plan,
            "result": result,
            "result_view": _result_view(result) if result else None,
            "decisions": intervention.decisions.select_related("evidence"),
            "can_manage": request.user.has_perm("evaluation.manage"),
            "can_see_assessment": intervention.readiness_assessment_id is not None
            and request.user.has_perm("readiness.view", intervention.readiness_assessment),
        },
    )


def _result_view(result) -> dict:
    """Chart(s) and table rows for a stored result."""
    data = result.data
    view = {"lines": "", "events": "", "rows": [], "event_rows": [], "design": data.get("design")}
    if data.get("design") == "did":
        view["lines"] = charts.lines_chart(
            data["periods"],
            data["treated_mean"],
            data["comparison_mean"],
            data["start_index"],
            _("the comparison wards"),
        )
        view["rows"] = list(
            zip(data["periods"], data["treated_mean"], data["comparison_mean"], strict=True)
        )
    elif data.get("design") == "synthetic-control":
        view["lines"] = charts.lines_chart(
            data["periods"],
            data["treated_path"],
            data["synthetic_path"],
            data["start_index"],
            _("the synthetic comparison"),
        )
        view["rows"] = list(
            zip(data["periods"], data["treated_path"], data["synthetic_path"], strict=True)
        )
        view["weights"] = sorted(
            ((w, u) for u, w in data["weights"].items() if w >= 0.001), reverse=True
        )
        view |= _balance_view(data)
    if data.get("event_times"):
        intervals = [tuple(c) for c in data["es_ci"]]
        view["events"] = charts.event_chart(data["event_times"], data["coefficients"], intervals)
        view["event_rows"] = [
            (t, b, lo, hi)
            for t, b, (lo, hi) in zip(
                data["event_times"], data["coefficients"], intervals, strict=True
            )
        ]
    return view


def _balance_view(data: dict) -> dict:
    """The synthetic control's balance table (treated, synthetic, average of the comparison
    wards, per figure matched on) and its chart of standardised differences."""
    balance = data.get("balance") or []
    if not balance:
        return {}
    rows = []
    for b in balance:
        label = b["label"]
        if b.get("kind") == "outcome":
            label = _("Outcome in %(period)s") % {"period": b["label"]}
        rows.append((label, b["treated"], b["synthetic"], b["donor_mean"], b["spread"]))
    return {
        "balance_rows": rows,
        "balance": charts.balance_chart(
            [r[0] for r in rows],
            [(s - t) / sd for _l, t, s, _a, sd in rows],
            [(a - t) / sd for _l, t, _s, a, sd in rows],
        ),
    }


@permission_required("evaluation.manage", raise_exception=True)
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Register an intervention, or edit one, with its logic model."""
    intervention = get_object_or_404(Intervention, pk=pk) if pk else None
    form = InterventionForm(request.POST or None, instance=intervention)
    outcomes = OutcomeFormSet(
        request.POST or None, instance=intervention or Intervention(), prefix="outcomes"
    )
    if request.method == "POST" and form.is_valid() and outcomes.is_valid():
        saved = actions.save_intervention(actor=request.user, form=form, outcomes=outcomes)
        messages.success(request, _("Saved."))
        return redirect(saved)
    return render(
        request,
        "evaluation/edit.html",
        {"form": form, "outcomes": outcomes, "intervention": intervention, "errors": []},
    )


@permission_required("evaluation.manage", raise_exception=True)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the evaluation: design with guidance, measure, start, proposed comparison wards."""
    intervention = get_object_or_404(Intervention, pk=pk)
    existing = EvaluationPlan.objects.filter(intervention=intervention).first()
    errors: list[str] = []
    form = PlanForm(request.POST or None, instance=existing, intervention=intervention)
    if existing and existing.is_locked and request.method == "POST":
        errors.append(_("The plan was locked when the intervention started."))
    elif request.method == "POST" and form.is_valid():
        try:
            actions.save_plan(actor=request.user, form=form)
        except ValidationError as error:
            errors += error.messages
        else:
            messages.success(request, _("Plan saved."))
            return redirect("evaluation:plan", pk=pk)
    indicator = existing.indicator if existing else None
    if indicator is None:  # before a plan: match on the logic model's first measured outcome
        first = intervention.outcomes.exclude(indicator=None).select_related("indicator").first()
        indicator = first.indicator if first else None
    start = existing.start_period if existing else str(intervention.start_date.year)
    proposed = analysis.proposals(intervention, indicator, start)
    return render(
        request,
        "evaluation/plan.html",
        {
            "intervention": intervention,
            "plan": existing,
            "form": form,
            "errors": errors,
            "guidance": GUIDANCE,
            "proposed": proposed,
        },
    )


@require_POST
@permission_required("evaluation.manage", raise_exception=True)
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    plan_ = get_object_or_404(EvaluationPlan, intervention_id=pk)
    actions.lock_plan(actor=request.user, plan=plan_)
    messages.success(request, _("The plan is locked."))
    return redirect("evaluation:plan", pk=pk)


@permission_required("evaluation.manage", raise_exception=True)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute (POST) and read the results."""
    intervention = get_object_or_404(Intervention, pk=pk)
    plan_ = (
        EvaluationPlan.objects.filter(intervention=intervention).select_related("indicator").first()
    )
    errors: list[str] = []
    uploading = request.method == "POST" and "upload" in request.POST
    upload_form = OutcomeUploadForm(
        request.POST if uploading else None,
        request.FILES if uploading else None,
        covariate_columns=plan_.sheet_covariate_list if plan_ else None,
    )
    if request.method == "POST":
        if plan_ is None:
            errors.append(_("Plan the evaluation first."))
        elif uploading and not upload_form.is_valid():
            pass  # the form shows the line and column at fault; nothing is computed
        else:
            sheet = upload_form.cleaned_data["sheet"] if uploading else None
            try:
                actions.compute_result(actor=request.user, plan=plan_, uploaded=sheet)
            except ValidationError as error:
                if uploading:
                    for message in error.messages:
                        upload_form.add_error("sheet", message)
                else:
                    errors += error.messages
            else:
                messages.success(request, _("Result computed."))
                return redirect("evaluation:results", pk=pk)
    result = intervention.results.select_related("indicator").first()
    return render(
        request,
        "evaluation/results.html",
        {
            "intervention": intervention,
            "plan": plan_,
            "result": result,
            "result_view": _result_view(result) if result else None,
            "errors": errors,
            "upload_form": upload_form,
        },
    )


@permission_required("evaluation.manage", raise_exception=True)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(Intervention, pk=pk)
    form = DecisionForm(request.POST or None, intervention=intervention)
    if request.method == "POST" and form.is_valid():
        actions.record_decision(actor=request.user, form=form)
        messages.success(request, _("Decision recorded."))
        return redirect(intervention)
    return render(
        request,
        "evaluation/decide.html",
        {"intervention": intervention, "form": form, "errors": [], "choices": Choice},
    )


@require_POST
@permission_required("evaluation.manage", raise_exception=True)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = get_object_or_404(Intervention, pk=pk)
    if intervention.is_published:
        raise Http404
    actions.publish(actor=request.user, intervention=intervention)
    messages.success(request, _("Published."))
    return redirect(intervention)
