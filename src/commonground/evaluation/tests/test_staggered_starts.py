"""Staggered starts on the plan and results pages: wards that start later are named on the
plan, and the result uses Callaway and Sant'Anna's estimator with its groups shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent

from ..forms import PlanForm
from ..models import Design, EvaluationPlan

pytestmark = pytest.mark.django_db


def _post(
    client, intervention, agreement, wards, design="did", later="E05000001, 2022\nWard 02, 2023"
):
    return client.post(
        reverse("evaluation:plan", args=[intervention.pk]),
        {
            "design": design,
            "indicator": agreement.pk,
            "start_period": "2021",
            "later_starts": later,
            "comparison_wards": [w.pk for w in wards[3:]],
        },
    )


def test_officer_plans_staggered_starts_and_reads_the_result(
    client, officer, intervention, agreement, wards
):
    intervention.wards.set(wards[:3])
    client.force_login(officer)
    response = _post(client, intervention, agreement, wards)
    assert response.status_code == 302
    plan = EvaluationPlan.objects.get()
    assert plan.ward_starts == {"E05000001": "2022", "E05000002": "2023"}
    assert plan.staggered
    saved = AuditEvent.objects.filter(action="evaluation.plan_saved").latest("pk")
    assert saved.data["ward_starts"] == {"E05000001": "2022", "E05000002": "2023"}
    page = client.get(reverse("evaluation:plan", args=[intervention.pk])).content.decode()
    assert "Staggered starts:" in page and "E05000002 from 2023" in page
    assert "E05000001, 2022" in page  # the form shows what was saved

    assert client.post(reverse("evaluation:results", args=[intervention.pk])).status_code == 302
    result = intervention.results.get()
    assert result.data["estimator"] == "callaway-santanna"
    assert result.data["groups"] == {"2021": 1, "2022": 1, "2023": 1}
    assert result.data["n_never"] == 9
    # Wards 0–2 all gain 4 points from 2021 in the figures, so only Ward 00's group (from
    # 2021) shows the gain against its base year; the later groups' base years already have it.
    assert result.data["estimate"] > 0.5
    assert result.data["ci"][0] < result.data["estimate"] < result.data["ci"][1]
    assert "started at different times" in result.verdict
    page = client.get(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "Wards that started at different times" in page
    assert "From 2023, wards: 1" in page
    assert "Effect by period since the start" in page and page.count("<table") == 2


def test_event_study_with_staggered_starts(client, officer, intervention, agreement, wards):
    intervention.wards.set(wards[:3])
    client.force_login(officer)
    _post(client, intervention, agreement, wards, design="event-study")
    client.post(reverse("evaluation:results", args=[intervention.pk]))
    data = intervention.results.get().data
    assert data["design"] == "event-study" and data["estimator"] == "callaway-santanna"
    assert -1 not in data["event_times"] and 0 in data["event_times"]
    assert len(data["coefficients"]) == len(data["event_times"]) == len(data["es_ci"])
    assert set(data["se"]) == {str(e) for e in data["event_times"]}


@pytest.mark.parametrize(
    ("later", "design", "message"),
    [
        ("E05000001 2022", "did", "Line 1: write the ward, a comma and its first treated period."),
        ("Ward 01, 2022\nWard 09, 2022", "did", "Line 2: Ward 09 is not one of the intervention"),
        ("Ward 01, 2022\nE05000001, 2023", "did", "Line 2: E05000001 is listed twice."),
        ("Ward 01, 2019", "did", "starts at 2019, before the first treated period"),
        ("Ward 01, 2022", "synthetic-control", "Staggered starts need difference in differences"),
    ],
)
def test_bad_later_starts_are_named_and_nothing_saved(
    intervention, agreement, wards, later, design, message
):
    intervention.wards.set(wards[:3])
    form = PlanForm(
        {
            "design": design,
            "indicator": agreement.pk,
            "start_period": "2021",
            "later_starts": later,
            "comparison_wards": [w.pk for w in wards[3:]],
        },
        intervention=intervention,
    )
    assert not form.is_valid()
    assert any(message in error for error in form.errors.get("later_starts", [])), form.errors
    assert not EvaluationPlan.objects.exists()


def test_a_common_start_is_not_staggered(intervention, agreement, wards):
    intervention.wards.set(wards[:3])
    form = PlanForm(
        {
            "design": Design.SYNTHETIC,
            "indicator": agreement.pk,
            "start_period": "2021",
            "later_starts": "Ward 01, 2021",
            "comparison_wards": [w.pk for w in wards[3:]],
        },
        intervention=intervention,
    )
    # The same start as everyone's is not staggered, so only the one-ward rule applies.
    assert not form.is_valid()
    assert "later_starts" not in form.errors
    assert "Synthetic control needs exactly one treated ward." in form.errors["design"]
