"""The attitude survey through the Conversations survey engine: a confirmed year gets a before
and an after consult survey with a count group per pair and school; a school's teacher enters
counts for their own school's group only (consult's audited action, no names); the results
page's Newcombe analysis reads them back, beside counts entered the old way."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commonground.consult import actions as consult
from commonground.consult.models import Consultation, CountGroup, SurveyResponse
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.schools import actions
from commonground.schools.models import SchoolContact
from commonground.schools.survey import STATEMENTS, results
from commonground.schools.survey_consult import group_key
from commonground.testing.people import make_user


@pytest.fixture
def consultation(officer):
    now = timezone.now()
    return Consultation.objects.create(
        title="School linking 2027/28",
        slug="school-linking-2027-28",
        purpose="What pupils think before and after a year of linking.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=300),
        created_by=officer,
    )


def _counts(survey, agree: int, unsure: int = 2, disagree: int = 3) -> dict:
    return {
        q.pk: {"agree": agree, "unsure": unsure, "disagree": disagree}
        for q in survey.questions_in_order()
    }


@pytest.mark.django_db
def test_a_teacher_enters_their_own_schools_counts_and_the_results_read_them(
    confirmed, consultation, officer
) -> None:
    year = actions.open_survey_in_conversations(
        actor=officer, linking_year=confirmed, consultation=consultation
    )
    pairs = list(year.pairs.select_related("school_a", "school_b"))
    for survey in (year.survey_before, year.survey_after):
        assert [q.text for q in survey.questions_in_order()] == [str(s) for s in STATEMENTS]
        assert survey.count_groups.count() == 2 * len(pairs)
    with pytest.raises(ValidationError, match="already in Conversations"):
        actions.open_survey_in_conversations(
            actor=officer, linking_year=year, consultation=consultation
        )

    pair = pairs[0]
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=teacher, role="teacher")
    mine = {
        stage: CountGroup.objects.get(survey=survey, key=group_key(pair, pair.school_a))
        for stage, survey in (("before", year.survey_before), ("after", year.survey_after))
    }
    theirs = CountGroup.objects.get(survey=year.survey_before, key=group_key(pair, pair.school_b))
    consult.record_answer_counts(
        actor=teacher, group=mine["before"], counts=_counts(year.survey_before, 10)
    )
    consult.record_answer_counts(
        actor=teacher, group=mine["after"], counts=_counts(year.survey_after, 20)
    )
    with pytest.raises(PermissionDenied):
        consult.record_answer_counts(
            actor=teacher, group=theirs, counts=_counts(year.survey_before, 1)
        )
    # the other school's counts entered the old way still count
    actions.record_survey(
        actor=officer,
        pair=pair,
        school=pair.school_b,
        stage="before",
        counts={n: (5, 5, 5) for n in range(1, len(STATEMENTS) + 1)},
    )
    found = results(year)
    assert [r.pair.pk for r in found.pairs] == [pair.pk]
    before, after = found.overall.before_n, found.overall.after_n
    assert (before, after) == (15 + 15, 25)  # children: both classes before, one after
    # share answering yes: (10 + 5) of 30 per statement before, 20 of 25 after
    assert found.overall.before == pytest.approx(15 / 30)
    assert found.overall.after == pytest.approx(20 / 25)
    assert found.overall.low < found.overall.change < found.overall.high
    assert not SurveyResponse.objects.filter(survey__in=[year.survey_before, year.survey_after])
    assert AuditEvent.objects.filter(action="consult.answer_counts_recorded").count() == 2
    assert AuditEvent.objects.filter(action="schools.survey_opened_in_conversations").count() == 1
