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
    pairs = list(confirmed.pairs.select_related("school_a", "school_b"))
    pair = pairs[0]
    # the other school's counts, entered the old way before the survey moved
    actions.record_survey(
        actor=officer,
        pair=pair,
        school=pair.school_b,
        stage="before",
        counts={n: (5, 5, 5) for n in range(1, len(STATEMENTS) + 1)},
    )
    year = actions.open_survey_in_conversations(
        actor=officer, linking_year=confirmed, consultation=consultation
    )
    for survey in (year.survey_before, year.survey_after):
        assert [q.text for q in survey.questions_in_order()] == [str(s) for s in STATEMENTS]
        assert survey.count_groups.count() == 2 * len(pairs)
    with pytest.raises(ValidationError, match="already in Conversations"):
        actions.open_survey_in_conversations(
            actor=officer, linking_year=year, consultation=consultation
        )

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
    # the old form is closed for this year: the counts are entered in Conversations now
    with pytest.raises(ValidationError, match="in Conversations"):
        actions.record_survey(
            actor=officer,
            pair=pair,
            school=pair.school_b,
            stage="after",
            counts={n: (1, 1, 1) for n in range(1, len(STATEMENTS) + 1)},
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
    # two entered by the teacher, one carried over from the old form
    assert AuditEvent.objects.filter(action="consult.answer_counts_recorded").count() == 3
    assert AuditEvent.objects.filter(action="schools.survey_opened_in_conversations").count() == 1


@pytest.mark.django_db
def test_counts_entered_on_the_old_form_are_carried_into_conversations(
    confirmed, consultation, officer
) -> None:
    """Opening the surveys moves every class's old counts into its group (audited through
    consult's action); the results are the same before and after the move, from one source."""
    pairs = list(confirmed.pairs.select_related("school_a", "school_b"))
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pairs[0].school_a, user=teacher, role="teacher")
    entered = {}
    for i, pair in enumerate(pairs[:3]):
        for stage, shift in (("before", 0), ("after", 4)):
            counts = {n: (6 + shift + i + n, 3, 2 + n) for n in range(1, len(STATEMENTS) + 1)}
            actions.record_survey(
                actor=teacher if i == 0 else officer,
                pair=pair,
                school=pair.school_a,
                stage=stage,
                counts=counts,
            )
            entered[(pair.pk, pair.school_a.pk, stage)] = counts
    before_move = results(confirmed)

    year = actions.open_survey_in_conversations(
        actor=officer, linking_year=confirmed, consultation=consultation
    )
    surveys = {"before": year.survey_before, "after": year.survey_after}
    for (pair_id, school_id, stage), counts in entered.items():
        group = CountGroup.objects.get(
            survey=surveys[stage], key=f"pair-{pair_id}-school-{school_id}"
        )
        questions = surveys[stage].questions_in_order()
        assert group.entered_at is not None and group.entered_by == officer
        assert group.counts() == {
            questions[n - 1].pk: dict(zip(("agree", "unsure", "disagree"), c, strict=True))
            for n, c in counts.items()
        }
    untouched = CountGroup.objects.filter(survey__in=surveys.values(), entered_at__isnull=True)
    assert untouched.count() == 4 * len(pairs) - len(entered)

    after_move = results(year)
    assert after_move.overall == before_move.overall
    assert [(r.pair.pk, r.overall) for r in after_move.pairs] == [
        (r.pair.pk, r.overall) for r in before_move.pairs
    ]
    # one source: the old rows no longer count once the year is in Conversations
    from commonground.schools.models import SurveyCount

    SurveyCount.objects.filter(pair__linking_year=year).update(agree=999)
    assert results(year).overall == after_move.overall

    assert AuditEvent.objects.filter(action="consult.answer_counts_recorded").count() == 6
    opened = AuditEvent.objects.get(action="schools.survey_opened_in_conversations")
    carried = opened.data["carried"]
    assert len(carried) == 6
    assert {tuple(c["entered_by"]) for c in carried} == {(teacher.pk,), (officer.pk,)}


@pytest.mark.django_db
def test_bad_old_counts_stop_the_move_and_change_nothing(confirmed, consultation, officer) -> None:
    """A class whose old counts do not fit the survey (a statement missing) is refused by
    consult's validation, and the year stays on the old form with nothing made."""
    from commonground.consult.models import Survey
    from commonground.schools.models import SurveyCount

    pair = confirmed.pairs.select_related("school_a").first()
    actions.record_survey(
        actor=officer,
        pair=pair,
        school=pair.school_a,
        stage="before",
        counts={n: (1, 2, 3) for n in range(1, len(STATEMENTS) + 1)},
    )
    SurveyCount.objects.filter(pair=pair, statement=5).delete()
    with pytest.raises(ValidationError, match="question 5"):
        actions.open_survey_in_conversations(
            actor=officer, linking_year=confirmed, consultation=consultation
        )
    confirmed.refresh_from_db()
    assert not confirmed.in_conversations
    assert not Survey.objects.filter(consultation=consultation).exists()
    assert not AuditEvent.objects.filter(action="schools.survey_opened_in_conversations").exists()


@pytest.mark.django_db
def test_the_surveys_are_worded_in_every_language_whoever_builds_them(
    confirmed, consultation, officer
) -> None:
    from django.utils import translation

    with translation.override("pl"):  # an officer working in Polish
        year = actions.open_survey_in_conversations(
            actor=officer, linking_year=confirmed, consultation=consultation
        )
    survey = year.survey_after
    english = survey.title_in("en")
    assert english.startswith("School linking") and confirmed.year in english
    assert "after" in english
    for language in ("ur", "pl"):
        title = survey.title_in(language)
        assert confirmed.year in title and title != english
        assert survey.consent_in(language) != survey.consent_text
        page = survey.pages.get()
        assert page.title_in(language) != page.title == "What do you think?"


@pytest.mark.django_db
def test_a_teacher_finds_their_classes_counts_in_their_tasks(
    confirmed, consultation, officer, client
) -> None:
    from django.urls import reverse

    year = actions.open_survey_in_conversations(
        actor=officer, linking_year=confirmed, consultation=consultation
    )
    pair = confirmed.pairs.select_related("school_a", "school_b").first()
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=teacher, role="teacher")
    before = CountGroup.objects.get(survey=year.survey_before, key=group_key(pair, pair.school_a))
    client.force_login(teacher)

    page = client.get(reverse("core:tasks")).content.decode()
    link = reverse("consult:survey_count_group", args=[consultation.slug, before.pk])
    assert link in page
    assert pair.school_a.name in page
    theirs = CountGroup.objects.get(survey=year.survey_before, key=group_key(pair, pair.school_b))
    assert reverse("consult:survey_count_group", args=[consultation.slug, theirs.pk]) not in page

    consult.record_answer_counts(actor=teacher, group=before, counts=_counts(year.survey_before, 4))
    page = client.get(reverse("core:tasks")).content.decode()
    assert link not in page  # entered: no longer waiting
    after = CountGroup.objects.get(survey=year.survey_after, key=group_key(pair, pair.school_a))
    assert reverse("consult:survey_count_group", args=[consultation.slug, after.pk]) in page

    client.force_login(officer)  # officers run the consultation: no task per class
    page = client.get(reverse("core:tasks")).content.decode()
    assert reverse("consult:survey_count_group", args=[consultation.slug, after.pk]) not in page
