"""The audited actions: plans (locked), results from Measures, decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent

from .. import actions
from ..forms import DecisionForm, PlanForm
from ..models import Choice, Design, EvaluationPlan

pytestmark = pytest.mark.django_db


def _plan(officer, intervention, agreement, wards, design=Design.DID):
    form = PlanForm(
        {
            "design": design,
            "indicator": agreement.pk,
            "start_period": "2021",
            "comparison_wards": [w.pk for w in wards[3:]],
            "notes": "",
        },
        intervention=intervention,
    )
    assert form.is_valid(), form.errors
    return actions.save_plan(actor=officer, form=form)


def test_plan_is_saved_with_its_minimum_detectable_effect_and_audited(
    officer, intervention, agreement, wards
):
    plan = _plan(officer, intervention, agreement, wards)
    assert plan.sms_level == 3
    assert plan.minimum_detectable_effect is not None and 0 < plan.minimum_detectable_effect < 5
    event = AuditEvent.objects.get(action="evaluation.plan_saved")
    assert event.data["comparison"] == sorted(w.code for w in wards[3:])


def test_a_locked_plan_refuses_changes(officer, intervention, agreement, wards):
    plan = _plan(officer, intervention, agreement, wards)
    actions.lock_plan(actor=officer, plan=plan)
    assert AuditEvent.objects.filter(action="evaluation.plan_locked").count() == 1
    form = PlanForm(
        {"design": Design.BEFORE_AFTER, "indicator": agreement.pk, "start_period": "2020"},
        instance=EvaluationPlan.objects.get(pk=plan.pk),
        intervention=intervention,
    )
    assert form.is_valid()
    with pytest.raises(ValidationError):
        actions.save_plan(actor=officer, form=form)
    plan.refresh_from_db()
    assert plan.design == Design.DID and plan.start_period == "2021"


@pytest.mark.parametrize(
    "design", [Design.DID, Design.SYNTHETIC, Design.EVENT_STUDY, Design.BEFORE_AFTER]
)
def test_results_from_measures_find_the_effect(officer, intervention, agreement, wards, design):
    if design != Design.SYNTHETIC:
        intervention.wards.set(wards[:3])
    plan = _plan(officer, intervention, agreement, wards, design)
    result = actions.compute_result(actor=officer, plan=plan)
    data = result.data
    if design == Design.DID:
        assert 2.5 < data["estimate"] < 5.5 and data["ci"][0] > 0
        assert result.verdict.startswith("Likely raised People get on well together by")
        assert "no sign of a difference before the start" in result.verdict
    elif design == Design.SYNTHETIC:
        assert data["placebo_p"] == pytest.approx(1 / 10)
        assert 2.5 < data["estimate"] < 5.5
    elif design == Design.EVENT_STUDY:
        assert data["event_times"][0] == -9
    else:
        assert "before and after only" in result.verdict
    assert AuditEvent.objects.get(action="evaluation.result_computed").data["result"] == result.pk


def test_one_treated_ward_did_verdict_warns(officer, intervention, agreement, wards):
    plan = _plan(officer, intervention, agreement, wards)
    result = actions.compute_result(actor=officer, plan=plan)
    assert "single treated ward" in result.verdict


def test_result_without_data_changes_nothing(officer, intervention, agreement, wards):
    plan = _plan(officer, intervention, agreement, wards)
    plan.start_period = "2030"
    plan.save()
    with pytest.raises(ValidationError, match="no post-period"):
        actions.compute_result(actor=officer, plan=plan)
    assert not intervention.results.exists()


def test_decision_is_recorded_with_its_evidence(officer, intervention, agreement, wards):
    plan = _plan(officer, intervention, agreement, wards)
    result = actions.compute_result(actor=officer, plan=plan)
    form = DecisionForm(
        {
            "choice": Choice.TEST_ELSEWHERE,
            "reasons": "Worked in one ward; try two more.",
            "evidence": result.pk,
        },
        intervention=intervention,
    )
    assert form.is_valid(), form.errors
    decision = actions.record_decision(actor=officer, form=form)
    assert decision.decided_by == officer and decision.evidence == result
    assert AuditEvent.objects.get(action="evaluation.decision_recorded").reason.startswith("Worked")


def test_residents_cannot_act(resident, intervention):
    with pytest.raises(PermissionDenied):
        actions.publish(actor=resident, intervention=intervention)


def test_started_unlocked_plans_wait_for_officers(
    officer, resident, intervention, agreement, wards
):
    from .. import waiting

    plan = _plan(officer, intervention, agreement, wards)
    assert [t.url for t in waiting.tasks(officer)] == [f"/evaluation/{intervention.pk}/plan/"]
    assert waiting.tasks(resident) == [] and waiting.tools(resident) == []
    actions.lock_plan(actor=officer, plan=plan)
    assert waiting.tasks(officer) == []
