"""New arrivals' support plans: a checklist of six steps, each a referral or a recorded gap;
the aggregate report through its page; plans anonymised after closing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.referrals import actions
from commonground.referrals.models import PlanStep, Referral, State, StepKind, SupportPlan

from .conftest import referral_data


def new_plan(cast, **changes) -> SupportPlan:
    data = {
        "organisation": cast["health"],
        "first_name": "Hassan",
        "language": "en",
        "status": "asylum",
        "consent_given_by": "person",
        "consent_on": timezone.localdate(),
    } | changes
    return actions.start_plan(actor=cast["referrer"], **data)


def test_a_plan_has_a_step_of_each_kind(cast):
    plan = new_plan(cast)
    assert sorted(plan.steps.values_list("kind", flat=True)) == sorted(StepKind.values)
    assert set(plan.steps.values_list("outcome", flat=True)) == {"todo"}
    with pytest.raises(PermissionDenied):
        new_plan(cast, organisation=cast["other"])


def test_a_step_is_referred_or_recorded_as_a_gap(cast):
    plan = new_plan(cast)
    immigration = plan.steps.get(kind=StepKind.IMMIGRATION)
    referral = actions.refer(actor=cast["referrer"], step=immigration, **referral_data(cast))
    immigration.refresh_from_db()
    assert (immigration.outcome, immigration.referral) == ("referred", referral)
    with pytest.raises(ValidationError):  # referred once is enough while it is open
        actions.refer(actor=cast["referrer"], step=immigration, **referral_data(cast))
    with pytest.raises(ValidationError):
        actions.record_step(actor=cast["referrer"], step=immigration, outcome="gap", note="x")

    gp = plan.steps.get(kind=StepKind.GP)
    with pytest.raises(ValidationError) as error:
        actions.record_step(actor=cast["referrer"], step=gp, outcome="gap", note="  ")
    assert "note" in error.value.error_dict
    actions.record_step(actor=cast["referrer"], step=gp, outcome="gap", note="No GP taking on")
    gp.refresh_from_db()
    assert (gp.outcome, gp.gap_note) == ("gap", "No GP taking on")
    with pytest.raises(PermissionDenied):
        actions.record_step(actor=cast["worker"], step=gp, outcome="not_needed")

    actions.move(actor=cast["worker"], referral=referral, state=State.DECLINED, reason="Full")
    again = actions.refer(actor=cast["referrer"], step=immigration, **referral_data(cast))
    assert PlanStep.objects.get(pk=immigration.pk).referral == again  # declined: tried again


def test_the_plan_page_logs_the_view_and_links_each_step(client, cast):
    plan = new_plan(cast)
    client.force_login(cast["referrer"])
    page = client.get(f"/referrals/plans/{plan.pk}/").content.decode()
    assert "Hassan" in page and "GP registration" in page
    step = plan.steps.get(kind=StepKind.HOUSING)
    assert f"/referrals/new/?step={step.pk}" in page
    assert plan.views.count() == 1
    form = client.get(f"/referrals/new/?step={step.pk}").content.decode()
    assert 'value="Hassan"' in form
    client.post(f"/referrals/plans/{plan.pk}/steps/{step.pk}/", {"outcome": "gap", "note": ""})
    assert PlanStep.objects.get(pk=step.pk).outcome == "todo"  # a gap needs a note
    client.post(
        f"/referrals/plans/{plan.pk}/steps/{step.pk}/", {"outcome": "gap", "note": "No beds"}
    )
    assert PlanStep.objects.get(pk=step.pk).gap_note == "No beds"
    client.post(f"/referrals/plans/{plan.pk}/close/")
    assert SupportPlan.objects.get().closed_at is not None


def test_the_report_shows_aggregates_and_withholds_small_numbers(client, cast, settings):
    settings.MEASURES_SUPPRESS_BELOW = 3
    for n in range(3):
        plan = new_plan(cast, first_name=f"Person{n}")
        step = plan.steps.get(kind=StepKind.IMMIGRATION)
        referral = actions.refer(actor=cast["referrer"], step=step, **referral_data(cast))
        actions.move(actor=cast["worker"], referral=referral, state=State.ACCEPTED)
        actions.move(actor=cast["worker"], referral=referral, state=State.STARTED)
        Referral.objects.filter(pk=referral.pk).update(
            created_at=timezone.now() - timedelta(days=4 + 2 * n)
        )
    gp = plan.steps.get(kind=StepKind.GP)
    actions.record_step(actor=cast["referrer"], step=gp, outcome="gap", note="none")
    client.force_login(cast["board"])
    page = client.get("/referrals/new-arrivals/").content.decode()
    assert "Person0" not in page  # aggregate only
    row = page.split("Immigration advice")[1].split("</tr>")[0]
    assert ">3<" in row and ">6<" in row  # three referred, median 6 days
    gp_row = page.split("GP registration")[1].split("</tr>")[0]
    assert "[c]" in gp_row  # one gap: withheld


def test_closed_plans_are_anonymised(cast, settings):
    settings.REFERRALS_RETENTION_DAYS = 10
    plan = new_plan(cast)
    gp = plan.steps.get(kind=StepKind.GP)
    actions.record_step(actor=cast["referrer"], step=gp, outcome="gap", note="None near")
    actions.close_plan(actor=cast["referrer"], plan=plan)
    SupportPlan.objects.filter(pk=plan.pk).update(closed_at=timezone.now() - timedelta(days=11))
    assert actions.anonymise_closed() == (0, 1)
    plan.refresh_from_db()
    assert plan.first_name == "" and plan.anonymised_at is not None
    assert plan.steps.get(kind=StepKind.GP).gap_note == ""
    assert plan.steps.get(kind=StepKind.GP).outcome == "gap"  # still counted as a gap
