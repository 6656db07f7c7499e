"""The survey's overall change recorded as the registered intervention's result, from the
linking year's results page, through evaluation's action; refused when nothing has changed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.evaluation.models import EvaluationResult
from commonground.schools import actions
from commonground.schools.survey import results as survey_results


def _counts(yes: int) -> dict:
    return {n: (yes, 4, 26 - yes) for n in range(1, 6)}


def _answers(officer, linking_year, before: int, after: int) -> None:
    pair = linking_year.pairs.first()
    for stage, yes in (("before", before), ("after", after)):
        actions.record_survey(
            actor=officer, pair=pair, school=pair.school_a, stage=stage, counts=_counts(yes)
        )


def _register(officer, linking_year):
    return actions.register_intervention(
        actor=officer, linking_year=linking_year, owner="Linking team", start_date=date(2027, 9, 1)
    )


@pytest.mark.django_db
def test_the_overall_change_becomes_the_result_once_per_change(confirmed, officer) -> None:
    _answers(officer, confirmed, before=10, after=20)
    with pytest.raises(ValidationError, match="Register this linking year"):
        actions.record_survey_result(actor=officer, linking_year=confirmed)
    intervention = _register(officer, confirmed)
    confirmed.refresh_from_db()
    result = actions.record_survey_result(actor=officer, linking_year=confirmed)
    overall = survey_results(confirmed).overall
    assert result.intervention == intervention and result.design == "before-after"
    assert result.data["estimate"] == pytest.approx(100 * (20 - 10) / 30)
    assert result.data["ci"] == pytest.approx([100 * overall.low, 100 * overall.high])
    assert result.data["source"]["app"] == "schools"
    assert result.data["source"]["linking_year"] == confirmed.pk
    assert result.data["source"]["interval"] == "newcombe"
    assert result.verdict.startswith("Likely raised share of pupils answering yes")
    event = AuditEvent.objects.get(action="schools.survey_result_recorded")
    assert event.data["result"] == result.pk and event.data["replaces"] is None
    assert AuditEvent.objects.filter(action="evaluation.result_recorded").count() == 1
    with pytest.raises(ValidationError, match="already the intervention's result"):
        actions.record_survey_result(actor=officer, linking_year=confirmed)
    assert EvaluationResult.objects.count() == 1
    _answers(officer, confirmed, before=10, after=12)
    newer = actions.record_survey_result(actor=officer, linking_year=confirmed)
    assert newer.data["estimate"] == pytest.approx(100 * 2 / 30)
    assert intervention.results.first() == newer and EvaluationResult.objects.count() == 2
    latest = AuditEvent.objects.filter(action="schools.survey_result_recorded").latest("pk")
    assert latest.data["replaces"] == result.pk


@pytest.mark.django_db
def test_no_answers_means_nothing_to_record(confirmed, officer) -> None:
    _register(officer, confirmed)
    confirmed.refresh_from_db()
    with pytest.raises(ValidationError, match="no change to record"):
        actions.record_survey_result(actor=officer, linking_year=confirmed)
    assert not EvaluationResult.objects.exists()


@pytest.mark.django_db
def test_the_results_page_records_it_for_officers_only(client, confirmed, officer) -> None:
    from commonground.core.roles import Role
    from commonground.testing.people import make_user

    _answers(officer, confirmed, before=10, after=20)
    page = reverse("schools:year_results", args=[confirmed.pk])
    record = reverse("schools:year_record_result", args=[confirmed.pk])
    client.force_login(officer)
    assert 'id="record-result"' not in client.get(page).content.decode()  # not registered yet
    _register(officer, confirmed)
    assert 'id="record-result"' in client.get(page).content.decode()
    response = client.post(record, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "Recorded as the intervention" in response.content.decode()
    assert EvaluationResult.objects.count() == 1
    again = client.post(record, follow=True).content.decode()
    assert "already the intervention" in again and EvaluationResult.objects.count() == 1
    client.force_login(make_user("board-member", Role.BOARD))
    assert client.post(record).status_code == 403
    assert EvaluationResult.objects.count() == 1
