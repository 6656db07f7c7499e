"""Outcome figures uploaded on the results page: checked whole, audited, nothing on error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.measures.models import Observation

from .. import actions
from ..forms import OutcomeUploadForm, PlanForm
from ..models import Design, EvaluationResult

pytestmark = pytest.mark.django_db


def _plan(officer, intervention, agreement, wards, design=Design.DID):
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


def _sheet(wards, *, by_name=False, shift=0.0) -> str:
    """The fixture's Measures figures for the plan's wards, written as an upload would be."""
    lines = ["unit,period,outcome"]
    chosen = [wards[0], *wards[3:]]
    for obs in Observation.objects.filter(area__in=chosen).select_related("area"):
        unit = obs.area.name if by_name else obs.area.code
        value = float(obs.value) + (shift if obs.area == wards[0] else 0)
        lines.append(f"{unit},{obs.period},{value}")
    return "\n".join(lines) + "\n"


def _upload(text: str, name: str = "survey.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_an_uploaded_sheet_gives_the_same_result_as_measures(
    officer, intervention, agreement, wards
):
    plan = _plan(officer, intervention, agreement, wards)
    from_measures = actions.compute_result(actor=officer, plan=plan)
    form = OutcomeUploadForm({}, {"sheet": _upload(_sheet(wards, by_name=True))})
    assert form.is_valid(), form.errors
    uploaded = actions.compute_result(actor=officer, plan=plan, uploaded=form.cleaned_data["sheet"])
    assert uploaded.data["estimate"] == pytest.approx(from_measures.data["estimate"])
    assert uploaded.data["source"]["kind"] == "upload"
    assert uploaded.data["source"]["file"] == "survey.csv"
    assert len(uploaded.data["source"]["sha256"]) == 64
    event = AuditEvent.objects.filter(action="evaluation.result_computed").latest("pk")
    assert event.data["source"]["kind"] == "upload" and event.data["result"] == uploaded.pk


def test_the_upload_moves_the_estimate(officer, intervention, agreement, wards):
    plan = _plan(officer, intervention, agreement, wards)
    base = OutcomeUploadForm({}, {"sheet": _upload(_sheet(wards))})
    shifted_text = _sheet(wards).splitlines()
    # add 10 points to the treated ward's figures from 2021 on
    rows = [shifted_text[0]]
    for line in shifted_text[1:]:
        unit, period, value = line.split(",")
        if unit == wards[0].code and int(period) >= 2021:
            value = str(float(value) + 10)
        rows.append(f"{unit},{period},{value}")
    shifted = OutcomeUploadForm({}, {"sheet": _upload("\n".join(rows))})
    assert base.is_valid() and shifted.is_valid()
    a = actions.compute_result(actor=officer, plan=plan, uploaded=base.cleaned_data["sheet"])
    b = actions.compute_result(actor=officer, plan=plan, uploaded=shifted.cleaned_data["sheet"])
    assert b.data["estimate"] - a.data["estimate"] == pytest.approx(10, abs=1e-6)


def test_a_bad_sheet_names_the_line_and_column_and_changes_nothing(
    client, officer, intervention, agreement, wards
):
    plan = _plan(officer, intervention, agreement, wards)
    client.force_login(officer)
    text = _sheet(wards) + "Nowhere Ward,2020,50\n"
    line = text.count("\n")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("evaluation:results", args=[intervention.pk]),
        {"upload": "1", "sheet": _upload(text)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"survey.csv, line {line}, column &quot;unit&quot;" in page
    assert "Nowhere Ward" in page
    assert EvaluationResult.objects.count() == 0
    assert AuditEvent.objects.count() == before

    bad_number = "unit,period,outcome\nE05000000,2020,5,5\n"
    page = client.post(
        reverse("evaluation:results", args=[intervention.pk]),
        {"upload": "1", "sheet": _upload(bad_number, "decimal-comma.csv")},
    ).content.decode()
    assert "decimal-comma.csv, line 2: 4 fields but the header has 3" in page
    assert EvaluationResult.objects.count() == 0
    assert plan.pk


def test_a_good_upload_through_the_page_shows_where_the_figures_came_from(
    client, officer, intervention, agreement, wards
):
    _plan(officer, intervention, agreement, wards)
    client.force_login(officer)
    response = client.post(
        reverse("evaluation:results", args=[intervention.pk]),
        {"upload": "1", "sheet": _upload(_sheet(wards), "partner-survey.csv")},
        follow=True,
    )
    page = response.content.decode()
    assert EvaluationResult.objects.count() == 1
    assert "uploaded sheet partner-survey.csv" in page


def test_not_utf8_is_refused(officer, intervention, agreement, wards):
    form = OutcomeUploadForm(
        {},
        {
            "sheet": SimpleUploadedFile(
                "x.csv", "unit,period,outcome\nZürich,1,2\n".encode("latin-1")
            )
        },
    )
    assert not form.is_valid()
    assert "x.csv is not UTF-8 text" in form.errors["sheet"][0]


def test_residents_cannot_upload(client, resident, intervention, agreement, wards, officer):
    _plan(officer, intervention, agreement, wards)
    client.force_login(resident)
    response = client.post(
        reverse("evaluation:results", args=[intervention.pk]),
        {"upload": "1", "sheet": _upload(_sheet(wards))},
    )
    assert response.status_code == 403
    assert EvaluationResult.objects.count() == 0
