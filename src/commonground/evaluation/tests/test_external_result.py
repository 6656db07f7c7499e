"""A result computed elsewhere (another app's before/after survey) stored as an intervention's
result: its verdict, its source, its audit event, its refusals, and where it shows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commonground.core.models import AuditEvent

from .. import actions, whatworks
from ..forms import DecisionForm
from ..models import Choice, EvaluationResult

pytestmark = pytest.mark.django_db

SOURCE = {"app": "schools", "linking_year": 7, "measure": "survey-overall"}


def _record(officer, intervention, estimate=12.5, low=4.0, high=21.0, **extra):
    return actions.record_external_result(
        actor=officer,
        intervention=intervention,
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        measure="share answering yes (points)",
        source=SOURCE,
        summary="Pupils' survey, all pairs: 40% yes before, 52.5% after.",
        **extra,
    )


def test_a_recorded_result_gets_the_verdict_its_source_and_an_audit_event(officer, intervention):
    result = _record(officer, intervention)
    assert result.design == "before-after" and result.indicator is None
    assert result.data["estimate"] == 12.5 and result.data["ci"] == [4.0, 21.0]
    assert result.data["source"] == SOURCE | {"kind": "external"}
    assert result.verdict.startswith("Likely raised share answering yes (points) by 4.0 to 21.0")
    assert "before and after only" in result.verdict
    event = AuditEvent.objects.get(action="evaluation.result_recorded")
    assert event.data["result"] == result.pk and event.data["source"]["linking_year"] == 7
    unclear = _record(officer, intervention, estimate=2.0, low=-3.0, high=7.0)
    assert unclear.verdict.startswith("No clear effect")
    assert intervention.results.first() == unclear  # the latest is the one shown
    assert AuditEvent.objects.filter(action="evaluation.result_recorded").count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"estimate": 30.0}, "within its interval"),
        ({"estimate": float("nan")}, "must be numbers"),
        ({"design": "guesswork"}, "Unknown design"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_stored(officer, intervention, changes, message):
    with pytest.raises(ValidationError, match=message):
        _record(officer, intervention, **changes)
    assert not EvaluationResult.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation.result_recorded").exists()


def test_a_source_must_be_named_and_residents_cannot_record(officer, resident, intervention):
    with pytest.raises(ValidationError, match="where the result comes from"):
        actions.record_external_result(
            actor=officer,
            intervention=intervention,
            estimate=1.0,
            ci_low=0.5,
            ci_high=1.5,
            measure="m",
            source={},
        )
    with pytest.raises(PermissionDenied):
        _record(resident, intervention)
    assert not EvaluationResult.objects.exists()


def test_it_shows_on_the_results_and_public_pages_and_in_what_works(client, officer, intervention):
    result = _record(officer, intervention)
    client.force_login(officer)
    html = client.get(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "Recorded from the schools app" in html and 'id="result-recorded"' in html
    assert "40% yes before, 52.5% after" in html and "4.0 – 21.0" in html
    client.logout()
    assert client.get(intervention.get_absolute_url()).status_code in (403, 404)  # a draft
    assert whatworks.relevant() == []
    form = DecisionForm(
        {"choice": Choice.SCALE_UP, "reasons": "Pupils' answers rose.", "evidence": result.pk},
        intervention=intervention,
    )
    assert form.is_valid(), form.errors
    actions.record_decision(actor=officer, form=form)
    actions.publish(actor=officer, intervention=intervention)
    public = client.get(intervention.get_absolute_url())
    assert public.status_code == 200 and result.verdict in public.content.decode()
    [lesson] = whatworks.relevant()
    assert lesson.intervention == intervention and lesson.verdict == result.verdict
