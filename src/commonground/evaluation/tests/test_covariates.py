"""Covariates on the plan: the synthetic control matches census figures as well as the
outcome and shows its balance table; staggered starts compare with wards not yet started and
adjust for covariates; the plan's minimum detectable effect follows the staggered design."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.measures.models import Observation

from ..forms import PlanForm
from ..models import EvaluationPlan

pytestmark = pytest.mark.django_db


def _plan(client, intervention, agreement, wards, **fields):
    data = {
        "design": "synthetic-control",
        "indicator": agreement.pk,
        "start_period": "2021",
        "comparison_wards": [w.pk for w in wards[3:]],
    } | fields
    return client.post(reverse("evaluation:plan", args=[intervention.pk]), data)


def test_synthetic_control_with_a_census_covariate_shows_its_balance(
    client, officer, intervention, agreement, census, wards
):
    client.force_login(officer)
    page = client.get(reverse("evaluation:plan", args=[intervention.pk])).content.decode()
    assert "Aged 16 to 24" in page  # offered as a covariate
    response = _plan(
        client, intervention, agreement, wards, covariates=[census.pk], outcome_periods="2014, 2020"
    )
    assert response.status_code == 302
    plan = EvaluationPlan.objects.get()
    assert list(plan.covariates.all()) == [census]
    saved = AuditEvent.objects.filter(action="evaluation.plan_saved").latest("pk")
    assert saved.data["covariates"] == ["census-aged-16-24"]
    assert saved.data["outcome_periods"] == ["2014", "2020"]

    assert client.post(reverse("evaluation:results", args=[intervention.pk])).status_code == 302
    data = intervention.results.get().data
    assert data["covariates"] == ["Aged 16 to 24"]
    assert data["outcome_periods"] == ["2014", "2020"]
    # (PostgreSQL's jsonb keeps no key order.)
    assert set(data["predictor_weights"]) == {"Aged 16 to 24", "outcome 2014", "outcome 2020"}
    rows = {b["label"]: b for b in data["balance"]}
    figures = {
        code: float(value)
        for code, value in Observation.objects.filter(indicator=census).values_list(
            "area__code", "value"
        )
    }
    donors = [w.code for w in wards[3:]]
    age = rows["Aged 16 to 24"]
    assert age["kind"] == "covariate"
    assert age["treated"] == pytest.approx(figures[wards[0].code])
    assert age["donor_mean"] == pytest.approx(np.mean([figures[c] for c in donors]))
    weighted = sum(data["weights"][c] * figures[c] for c in donors)
    assert age["synthetic"] == pytest.approx(weighted)
    assert rows["2020"]["kind"] == "outcome"
    page = client.get(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "How closely the synthetic comparison matches" in page
    assert 'id="balance-table"' in page and 'id="evaluation-balance"' in page
    assert "Outcome in 2020" in page and "Average of the comparison wards" in page


def test_without_outcome_periods_the_first_middle_and_last_are_matched(
    client, officer, intervention, agreement, census, wards
):
    client.force_login(officer)
    _plan(client, intervention, agreement, wards, covariates=[census.pk])
    client.post(reverse("evaluation:results", args=[intervention.pk]))
    # 2012–2020 before the start: the first, the middle and the last.
    assert intervention.results.get().data["outcome_periods"] == ["2012", "2016", "2020"]


def test_a_ward_without_the_covariate_is_named_and_nothing_stored(
    client, officer, intervention, agreement, census, wards
):
    Observation.objects.filter(indicator=census, area=wards[5]).delete()
    client.force_login(officer)
    _plan(client, intervention, agreement, wards, covariates=[census.pk])
    page = client.post(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "no figure of Aged 16 to 24 for ward E05000005" in page
    assert not intervention.results.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"design": "did"}, "covariates", "Covariates apply to the synthetic control"),
        (
            {"outcome_periods": "2014, 2021"},
            "outcome_periods",
            "2021 is not before the first treated period",
        ),
        (
            {"design": "did", "control_group": "not-yet", "covariates": []},
            "control_group",
            "only be compared with when wards start later",
        ),
    ],
)
def test_bad_covariate_choices_are_named(
    intervention, agreement, census, wards, fields, field, message
):
    data = {
        "design": "synthetic-control",
        "indicator": agreement.pk,
        "start_period": "2021",
        "comparison_wards": [w.pk for w in wards[3:]],
        "covariates": [census.pk],
    } | fields
    form = PlanForm(data, intervention=intervention)
    assert not form.is_valid()
    assert any(message in e for e in form.errors.get(field, [])), form.errors
    assert not EvaluationPlan.objects.exists()


def test_staggered_not_yet_treated_with_a_covariate(
    client, officer, intervention, agreement, census, wards
):
    intervention.wards.set(wards[:3])
    client.force_login(officer)
    response = _plan(
        client,
        intervention,
        agreement,
        wards,
        design="did",
        later_starts="Ward 01, 2022\nWard 02, 2023",
        control_group="not-yet",
        covariates=[census.pk],
    )
    assert response.status_code == 302
    plan = EvaluationPlan.objects.get()
    assert plan.control_group == "not-yet" and plan.staggered
    assert plan.minimum_detectable_effect is not None and plan.minimum_detectable_effect > 0
    page = client.get(reverse("evaluation:plan", args=[intervention.pk])).content.decode()
    assert "compared with the comparison wards and with the wards not yet started" in page
    client.post(reverse("evaluation:results", args=[intervention.pk]))
    result = intervention.results.get()
    assert result.data["control"] == "not-yet"
    assert result.data["covariates"] == ["Aged 16 to 24"]
    assert "the wards not yet started" in result.verdict
    page = client.get(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "wards that had not yet started" in page
    assert "Adjusted for Aged 16 to 24" in page


def test_staggered_plans_get_the_staggered_minimum_detectable_effect(
    client, officer, intervention, agreement, wards
):
    from commonground.causal.power import staggered_minimum_detectable_effect

    from ..analysis import build_panel

    intervention.wards.set(wards[:3])
    client.force_login(officer)
    _plan(client, intervention, agreement, wards, design="did", later_starts="Ward 02, 2023")
    plan = EvaluationPlan.objects.get()
    expected = staggered_minimum_detectable_effect(build_panel(plan))
    assert expected is not None
    assert plan.minimum_detectable_effect == pytest.approx(expected)


def test_an_outcome_period_without_figures_is_named(
    client, officer, intervention, agreement, census, wards
):
    client.force_login(officer)
    _plan(client, intervention, agreement, wards, covariates=[census.pk], outcome_periods="2005")
    page = client.post(reverse("evaluation:results", args=[intervention.pk])).content.decode()
    assert "matches the outcome in 2005, but there is no figure for it" in page
    assert not intervention.results.exists()


def _sheet_with_tenure(missing_column: bool = False) -> str:
    """Agreement by ward and year from Measures, and a ``tenure`` column (owner-occupied %)
    that differs by ward; the column header left out when ``missing_column``."""
    rows = Observation.objects.filter(indicator__slug="get-on-well").values_list(
        "area__code", "period", "value"
    )
    header = "unit,period,outcome" + ("" if missing_column else ",Tenure")
    lines = [header]
    for code, period, value in rows:
        if code in ("E05000001", "E05000002"):  # not among this plan's wards
            continue
        tenure = "" if missing_column else f",{40 + int(code[-2:]) * 1.5:.1f}"
        lines.append(f"{code},{period},{value}{tenure}")
    return "\n".join(lines) + "\n"


def test_uploaded_covariate_columns_are_matched_on(client, officer, intervention, agreement, wards):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    response = _plan(client, intervention, agreement, wards, sheet_covariates="tenure")
    assert response.status_code == 302
    results = reverse("evaluation:results", args=[intervention.pk])
    # From Measures, the plan's sheet column cannot be had: refused, nothing stored.
    page = client.post(results).content.decode()
    assert "uses columns of an uploaded sheet as covariates (tenure)" in page
    # A sheet without the column is refused naming it.
    page = client.post(
        results,
        {"upload": "1", "sheet": SimpleUploadedFile("s.csv", _sheet_with_tenure(True).encode())},
    ).content.decode()
    assert "s.csv, line 1: no column &quot;tenure&quot;" in page
    assert not intervention.results.exists()
    sheet = SimpleUploadedFile("s.csv", _sheet_with_tenure().encode())
    response = client.post(results, {"upload": "1", "sheet": sheet})
    assert response.status_code == 302, response.content.decode()[-3000:]
    data = intervention.results.get().data
    assert data["covariates"] == ["tenure"]
    rows = {b["label"]: b for b in data["balance"]}
    assert rows["tenure"]["treated"] == pytest.approx(40.0)  # ward E05000000
    assert len(data["uploaded"][0]) == 4  # unit, period, outcome, tenure kept
