"""Every change to interventions, plans, results and decisions: one audited function each."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.causal import PanelError
from commonground.causal.panel import OutcomeRow
from commonground.core.audit import record

from . import analysis
from .events import EvaluationEvent
from .models import (
    Decision,
    Design,
    EvaluationPlan,
    EvaluationResult,
    Intervention,
    Status,
)


def _ensure(actor) -> None:
    if not actor.has_perm("evaluation.manage"):
        raise PermissionDenied


@transaction.atomic
def save_intervention(*, actor, form, outcomes=None, intervention: Intervention | None = None):
    """Register (or update) an intervention and its logic model from validated forms."""
    _ensure(actor)
    new = form.instance.pk is None
    saved = form.save(commit=False)
    if new:
        saved.created_by = actor
    saved.save()
    form.save_m2m()
    if outcomes is not None:
        outcomes.instance = saved
        outcomes.save()
    record(
        EvaluationEvent.INTERVENTION_REGISTERED if new else EvaluationEvent.INTERVENTION_UPDATED,
        actor=actor,
        obj=saved,
        data={
            "wards": sorted(a.code for a in saved.wards.all()),
            "kind": saved.kind,
            "readiness_assessment": saved.readiness_assessment_id,
        },
    )
    return saved


@transaction.atomic
def publish(*, actor, intervention: Intervention) -> Intervention:
    _ensure(actor)
    intervention.status = Status.PUBLISHED
    intervention.save(update_fields=["status", "updated_at"])
    record(EvaluationEvent.INTERVENTION_PUBLISHED, actor=actor, obj=intervention)
    return intervention


@transaction.atomic
def save_plan(*, actor, form) -> EvaluationPlan:
    """Save the evaluation plan; refused once it is locked."""
    _ensure(actor)
    plan = form.instance
    if plan.pk:
        current = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
        if current.is_locked:
            raise ValidationError(_("The plan was locked when the intervention started."))
    plan = form.save()
    plan.minimum_detectable_effect = analysis.plan_mde(plan)
    plan.save(update_fields=["minimum_detectable_effect"])
    record(
        EvaluationEvent.PLAN_SAVED,
        actor=actor,
        obj=plan.intervention,
        data={
            "design": plan.design,
            "indicator": plan.indicator.slug if plan.indicator else None,
            "start": plan.start_period,
            "ward_starts": dict(plan.ward_starts or {}),
            "comparison": sorted(a.code for a in plan.comparison_wards.all()),
            "control_group": plan.control_group,
            "covariates": sorted(c.slug for c in plan.covariates.all()),
            "outcome_periods": plan.outcome_period_list,
            "sheet_covariates": plan.sheet_covariate_list,
        },
    )
    return plan


@transaction.atomic
def lock_plan(*, actor, plan: EvaluationPlan) -> EvaluationPlan:
    """Fix the plan as it stands (done when the intervention starts)."""
    _ensure(actor)
    plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_locked:
        return plan
    plan.locked_at = timezone.now()
    plan.locked_by = actor
    plan.save(update_fields=["locked_at", "locked_by"])
    record(
        EvaluationEvent.PLAN_LOCKED,
        actor=actor,
        obj=plan.intervention,
        data={
            "design": plan.design,
            "comparison": sorted(a.code for a in plan.comparison_wards.all()),
        },
    )
    return plan


@transaction.atomic
def compute_result(
    *, actor, plan: EvaluationPlan, uploaded: Upload | None = None
) -> EvaluationResult:
    """Compute the plan's result from Measures, or from an uploaded outcome sheet;
    ValidationError (nothing saved) when the data cannot be analysed.  An upload is kept
    with the result (its name, checksum and rows), so the numbers can be traced back."""
    _ensure(actor)
    try:
        data = analysis.compute(plan, uploaded.rows if uploaded else None)
    except PanelError as error:
        raise ValidationError(str(error)) from error
    if uploaded is not None:
        data["source"] = {
            "kind": "upload",
            "file": uploaded.name,
            "sha256": uploaded.sha256,
            "rows": len(uploaded.rows),
        }
        data["uploaded"] = [[r.unit, r.period, r.outcome, *r.covariates] for r in uploaded.rows]
    else:
        data["source"] = {"kind": "measures"}
    measure = plan.indicator.name if plan.indicator else ""
    result = EvaluationResult.objects.create(
        intervention=plan.intervention,
        design=plan.design,
        indicator=plan.indicator,
        data=_clean(data),
        verdict=analysis.verdict(data, measure),
        computed_by=actor,
    )
    record(
        EvaluationEvent.RESULT_COMPUTED,
        actor=actor,
        obj=plan.intervention,
        data={
            "result": result.pk,
            "design": plan.design,
            "verdict": result.verdict,
            "source": data["source"],
        },
    )
    return result


@transaction.atomic
def record_external_result(
    *,
    actor,
    intervention: Intervention,
    estimate: float,
    ci_low: float,
    ci_high: float,
    measure: str,
    source: dict,
    summary: str = "",
    design: str = "before-after",
) -> EvaluationResult:
    """Store a result computed elsewhere (another app's before/after survey, say) as a snapshot
    of the intervention, with where it came from and the same plain-words verdict as a computed
    one.  Why: some outcomes are not wards' figures (pupils' answers), yet decisions and "what
    works" must rest on them like any other result.  Each call adds a snapshot (the latest is
    shown; decisions keep pointing at the one they rested on), audited as
    ``evaluation.result_recorded``."""
    import math

    _ensure(actor)
    if design not in Design.values:
        raise ValidationError(_("Unknown design: %(design)s.") % {"design": design})
    numbers = (estimate, ci_low, ci_high)
    if any(not isinstance(v, int | float) or not math.isfinite(v) for v in numbers):
        raise ValidationError(_("The estimate and its interval must be numbers."))
    if not ci_low <= estimate <= ci_high:
        raise ValidationError(_("The estimate must lie within its interval."))
    if not isinstance(source, dict) or not source.get("app"):
        raise ValidationError(_("Say where the result comes from."))
    if not measure.strip():
        raise ValidationError(_("Name what was measured."))
    data = {
        "design": design,
        "estimate": float(estimate),
        "ci": [float(ci_low), float(ci_high)],
        "measure": measure.strip(),
        "summary": summary.strip(),
        "source": {**_clean(source), "kind": "external"},
    }
    result = EvaluationResult.objects.create(
        intervention=intervention,
        design=design,
        indicator=None,
        data=data,
        verdict=analysis.verdict(data, data["measure"]),
        computed_by=actor,
    )
    record(
        EvaluationEvent.RESULT_RECORDED,
        actor=actor,
        obj=intervention,
        data={
            "result": result.pk,
            "design": design,
            "estimate": data["estimate"],
            "ci": data["ci"],
            "verdict": result.verdict,
            "source": data["source"],
        },
    )
    return result


@dataclass(frozen=True)
class Upload:
    """A validated outcome sheet (``unit,period,outcome``) as the results form read it."""

    name: str
    sha256: str
    rows: list[OutcomeRow]


def _clean(value):
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


@transaction.atomic
def record_decision(*, actor, form) -> Decision:
    _ensure(actor)
    decision = form.save(commit=False)
    decision.decided_by = actor
    decision.save()
    record(
        EvaluationEvent.DECISION_RECORDED,
        actor=actor,
        obj=decision.intervention,
        reason=decision.reasons,
        data={"choice": decision.choice, "evidence": decision.evidence_id},
    )
    return decision
