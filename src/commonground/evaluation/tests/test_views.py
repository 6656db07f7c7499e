"""The pages: public library and intervention page, the officers' register, plan, results and
decision pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent

from .. import actions
from ..forms import PlanForm
from ..models import Decision, Design, EvaluationPlan, Intervention, Status

pytestmark = pytest.mark.django_db


def _plan(officer, intervention, agreement, wards, design=Design.SYNTHETIC):
    form = PlanForm(
        {
            "design": design,
            "indicator": agreement.pk,
            "start_period": "2021",
            "comparison_wards": [w.pk for w in wards[3:]],
        },
        intervention=intervention,
    )
    assert form.is_valid(), form.errors
    return actions.save_plan(actor=officer, form=form)


def test_library_shows_only_published_to_the_public(client, intervention):
    page = client.get(reverse("evaluation:library")).content.decode()
    assert "School linking" not in page
    intervention.status = Status.PUBLISHED
    intervention.save()
    page = client.get(reverse("evaluation:library")).content.decode()
    assert "School linking in Ward 00" in page
    assert (
        "School linking"
        not in client.get(reverse("evaluation:library"), {"q": "mentoring"}).content.decode()
    )
    assert (
        "School linking"
        in client.get(reverse("evaluation:library"), {"q": "Ward 00"}).content.decode()
    )


def test_draft_is_hidden_from_the_public(client, intervention):
    assert client.get(reverse("evaluation:detail", args=[intervention.pk])).status_code == 404


def test_detail_draws_the_logic_model_with_a_text_version(
    client, intervention, officer, agreement, wards
):
    _plan(officer, intervention, agreement, wards)
    actions.compute_result(actor=officer, plan=EvaluationPlan.objects.get())
    actions.publish(actor=officer, intervention=intervention)
    page = client.get(reverse("evaluation:detail", args=[intervention.pk])).content.decode()
    assert "Two linking coordinators" in page and "The logic model as text" in page
    assert "which should lead to these outcomes" in page and "People get on well together" in page
    assert "level 3 of 5 on the Maryland Scientific Methods Scale" in page
    assert "<svg" in page and "The chart&#x27;s figures" in page
    assert "Likely raised" in page


def test_officer_registers_an_intervention_with_its_logic_model(client, officer, wards, agreement):
    client.force_login(officer)
    response = client.post(
        reverse("evaluation:new"),
        {
            "title": "Mixing app pilot",
            "summary": "",
            "kind": "pilot",
            "owner": "Council",
            "start_date": "2022-04-01",
            "end_date": "",
            "budget": "12000",
            "communities": "",
            "wards": [wards[1].pk],
            "inputs": "One developer",
            "activities": "Events listed",
            "outputs": "300 users",
            "outcomes-TOTAL_FORMS": "2",
            "outcomes-INITIAL_FORMS": "0",
            "outcomes-MIN_NUM_FORMS": "0",
            "outcomes-MAX_NUM_FORMS": "12",
            "outcomes-0-text": "People meet across backgrounds",
            "outcomes-0-indicator": agreement.pk,
            "outcomes-1-text": "",
            "outcomes-1-indicator": "",
        },
    )
    created = Intervention.objects.get(title="Mixing app pilot")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.outcomes.get().indicator == agreement
    assert AuditEvent.objects.filter(action="evaluation.intervention_registered").count() == 1


def test_bad_dates_are_refused_and_nothing_saved(client, officer, wards):
    client.force_login(officer)
    response = client.post(
        reverse("evaluation:new"),
        {
            "title": "X",
            "kind": "pilot",
            "owner": "C",
            "start_date": "2022-04-01",
            "end_date": "2021-01-01",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
        },
    )
    assert "The end date is before the start date." in response.content.decode()
    assert not Intervention.objects.exists()


def test_plan_page_proposes_comparison_wards_and_locks(
    client, officer, intervention, agreement, wards
):
    client.force_login(officer)
    _plan(officer, intervention, agreement, wards)
    page = client.get(reverse("evaluation:plan", args=[intervention.pk])).content.decode()
    assert "Proposed comparison wards" in page and "Ward 01" in page
    assert "Maryland level 2" in page
    client.post(reverse("evaluation:lock", args=[intervention.pk]))
    assert EvaluationPlan.objects.get().is_locked
    response = client.post(
        reverse("evaluation:plan", args=[intervention.pk]),
        {"design": "before-after", "indicator": agreement.pk, "start_period": "2019"},
    )
    assert "locked" in response.content.decode()
    assert EvaluationPlan.objects.get().start_period == "2021"


def test_results_page_computes_and_shows_chart_and_table(
    client, officer, intervention, agreement, wards
):
    client.force_login(officer)
    _plan(officer, intervention, agreement, wards)
    response = client.post(reverse("evaluation:results", args=[intervention.pk]))
    assert response.status_code == 302
    page = client.get(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "What we found" in page and "Synthetic comparison" in page
    assert page.count("<table") == 1 and "cg-chart" in page


def test_decision_page_records_a_decision(client, officer, intervention):
    client.force_login(officer)
    response = client.post(
        reverse("evaluation:decide", args=[intervention.pk]),
        {"choice": "scale-up", "reasons": "Clear rise in agreement.", "evidence": ""},
    )
    assert response.status_code == 302
    assert Decision.objects.get().choice == "scale-up"


def test_residents_cannot_reach_officer_pages(client, resident, intervention):
    client.force_login(resident)
    for name in ("evaluation:plan", "evaluation:results", "evaluation:decide", "evaluation:edit"):
        assert client.get(reverse(name, args=[intervention.pk])).status_code == 403
    assert client.get(reverse("evaluation:new")).status_code == 403
