"""Actions: applying in the window only, assessment, the quota lottery (reusing sortition),
the programme, logs and outcomes — each audited, each refusing bad input without a change."""

from datetime import date, timedelta

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.leaders import actions
from commonground.leaders.events import LeadersEvent
from commonground.leaders.models import Application, Cohort, LogEntry, Lottery, Status
from commonground.leaders.selection import instance_for

from .conftest import apply_many, close, make_applicant

pytestmark = pytest.mark.django_db

APPLICATION = dict(grade="manager", minority="no", goals=["finance"], learn="x", consent=True)


def _apply(applicant, cohort, organisation, **change) -> Application:
    """An application with sensible answers, ``change`` put over them."""
    answers = {**APPLICATION, **change}
    return actions.apply(actor=applicant, cohort=cohort, organisation=organisation, **answers)


def _cohort(officer, **change) -> Cohort:
    """A cohort of 30 for 2027, ``change`` put over that."""
    today = date.today()
    fields = dict(name="X", slug="x", year=2027, size=30, opens_on=today, closes_on=today)
    return actions.create_cohort(actor=officer, **{**fields, **change})


def _outcome(officer, participant, **change):
    """Two years on: a new role and a board seat, ``change`` put over that."""
    fields = dict(horizon=2, new_role=True, promotion=False, board_role=True)
    return actions.record_outcome(actor=officer, participant=participant, **{**fields, **change})


def test_a_cohort_has_20_to_40_places_and_a_sensible_window(officer):
    today = date.today()
    with pytest.raises(ValidationError) as error:
        _cohort(officer, name="Too small", slug="small", size=12)
    assert "size" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _cohort(officer, name="Backwards", slug="back", closes_on=today - timedelta(days=1))
    assert "closes_on" in error.value.error_dict
    assert not Cohort.objects.exists()


def test_only_officers_create_cohorts(organisations):
    applicant = make_applicant(1, organisations[0])
    with pytest.raises(PermissionDenied):
        _cohort(applicant)


def test_partner_staff_apply_once_while_the_window_is_open(open_cohort, organisations):
    applicant = make_applicant(1, organisations[0])
    application = _apply(
        applicant,
        open_cohort,
        organisations[0],
        minority="prefer_not_to_say",
        learn="Budgets",
        background="anything",
        background_prefer_not=True,
    )
    assert application.reference == "FL001"
    assert application.background == ""  # prefer not to say wins over what was typed
    assert AuditEvent.objects.filter(action=LeadersEvent.APPLIED).count() == 1
    with pytest.raises(ValidationError, match="already applied"):
        _apply(applicant, open_cohort, organisations[0], learn="Budgets")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"grade": "chief"}, "grade"),
        ({"minority": "maybe"}, "minority"),
        ({"goals": []}, "goals"),
        ({"goals": ["finance", "strategy", "governance", "public_speaking"]}, "goals"),
        ({"learn": "  "}, "learn"),
        ({"consent": False}, "consent"),
    ],
)
def test_a_bad_application_names_the_field_and_saves_nothing(
    open_cohort, organisations, change, field
):
    applicant = make_applicant(1, organisations[0])
    with pytest.raises(ValidationError) as error:
        _apply(applicant, open_cohort, organisations[0], **{"learn": "Budgets", **change})
    assert field in error.value.error_dict
    assert not Application.objects.exists()


def test_nobody_applies_for_an_organisation_they_do_not_work_for(open_cohort, organisations):
    applicant = make_applicant(1, organisations[0])
    with pytest.raises(ValidationError) as error:
        _apply(applicant, open_cohort, organisations[1])
    assert "organisation" in error.value.error_dict


def test_a_closed_or_not_yet_open_cohort_says_when(open_cohort, organisations):
    applicant = make_applicant(1, organisations[0])
    Cohort.objects.filter(pk=open_cohort.pk).update(opens_on=date.today() + timedelta(days=3))
    open_cohort.refresh_from_db()
    with pytest.raises(ValidationError, match="Applications open on"):
        _apply(applicant, open_cohort, organisations[0])
    Cohort.objects.filter(pk=open_cohort.pk).update(opens_on=date.today() - timedelta(days=9))
    close(open_cohort)
    with pytest.raises(ValidationError, match="Applications closed on"):
        _apply(applicant, open_cohort, organisations[0])


def test_assessment_offers_places_up_to_the_cohort_size(officer, closed_cohort):
    applications = list(closed_cohort.applications.order_by("reference"))
    for application in applications[:20]:
        actions.decide(actor=officer, application=application, status="selected", score=8)
    with pytest.raises(ValidationError, match="All 20 places"):
        actions.decide(actor=officer, application=applications[20], status="selected")
    assert closed_cohort.participants().count() == 20
    with pytest.raises(ValidationError) as error:
        actions.decide(actor=officer, application=applications[21], status="not_selected", score=11)
    assert "score" in error.value.error_dict
    assert AuditEvent.objects.filter(action=LeadersEvent.DECIDED).count() == 20


def test_the_quota_lottery_meets_quotas_records_seed_and_probabilities(officer, closed_cohort):
    actions.set_quotas(
        actor=officer,
        cohort=closed_cohort,
        rows=[{"feature": "minority", "value": "yes", "minimum": 9, "maximum": 20}]
        + [
            {"feature": "organisation", "value": s, "minimum": 0, "maximum": 6}
            for s in ("northtown", "riverside-police", "hillside-health", "valley-voluntary")
        ]
        + [
            {"feature": "grade", "value": g, "minimum": 3, "maximum": 5}
            for g in ("entry", "officer", "team_leader", "manager", "senior")
        ],
    )
    lottery = actions.run_lottery(actor=officer, cohort=closed_cohort, seed=12345)
    chosen = list(closed_cohort.participants())
    assert len(chosen) == 20
    assert sum(1 for a in chosen if a.minority == "yes") >= 9
    for slug in ("northtown", "riverside-police", "hillside-health", "valley-voluntary"):
        assert sum(1 for a in chosen if a.organisation.slug == slug) <= 6
    for grade in ("entry", "officer", "team_leader", "manager", "senior"):
        assert 3 <= sum(1 for a in chosen if a.grade == grade) <= 5
    assert lottery.seed == 12345
    assert len(lottery.probabilities) == 30
    assert sum(lottery.probabilities.values()) == pytest.approx(20, abs=1e-6)
    assert 0 < lottery.min_probability <= 20 / 30 + 1e-9
    assert closed_cohort.applications.filter(status=Status.NOT_SELECTED).count() == 10
    event = AuditEvent.objects.get(action=LeadersEvent.LOTTERY_RUN)
    assert event.data["seed"] == 12345 and len(event.data["selected"]) == 20


def test_the_same_seed_repeats_the_draw(officer, closed_cohort):
    """The lottery is the sortition package's: its own draw with the seed gives the same panel."""
    from commonground.sortition import select

    instance, _people = instance_for(closed_cohort)
    expected = sorted(select(instance, algorithm="maximin", seed=77).panel_ids)
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=77)
    assert sorted(a.reference for a in closed_cohort.participants()) == expected


def test_impossible_quotas_are_refused_with_the_change_to_make(officer, closed_cohort):
    actions.set_quotas(
        actor=officer,
        cohort=closed_cohort,
        rows=[{"feature": "minority", "value": "yes", "minimum": 15, "maximum": 20}],
    )
    with pytest.raises(ValidationError, match="lower the minimum for Minority background: Yes"):
        actions.run_lottery(actor=officer, cohort=closed_cohort, seed=1)
    assert not Lottery.objects.exists()
    assert not closed_cohort.participants().exists()


def test_the_lottery_waits_for_the_window_to_close(officer, open_cohort, organisations):
    apply_many(open_cohort, organisations, count=25)
    with pytest.raises(ValidationError, match="after applications close"):
        actions.run_lottery(actor=officer, cohort=open_cohort, seed=1)


def test_quotas_out_of_range_are_refused_and_keep_the_old_ones(officer, closed_cohort):
    actions.set_quotas(
        actor=officer,
        cohort=closed_cohort,
        rows=[{"feature": "minority", "value": "yes", "minimum": 5, "maximum": 20}],
    )
    with pytest.raises(ValidationError, match="Grade band: Manager"):
        actions.set_quotas(
            actor=officer,
            cohort=closed_cohort,
            rows=[{"feature": "grade", "value": "manager", "minimum": 6, "maximum": 2}],
        )
    assert list(closed_cohort.quotas.values_list("feature", "minimum")) == [("minority", 5)]


def test_sessions_attendance_logs_and_outcomes(officer, closed_cohort):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=3)
    people = list(closed_cohort.participants())
    session = actions.add_session(
        actor=officer,
        cohort=closed_cohort,
        kind="shadowing",
        title="Shadow a director",
        on=date.today(),
        place="Town Hall",
    )
    actions.record_attendance(actor=officer, session=session, present=[people[0].pk])
    assert session.attendance.filter(present=True).count() == 1
    assert session.attendance.count() == 20
    entry = actions.write_log(
        actor=people[0].applicant, participant=people[0], kind="reflection", text="I learned."
    )
    assert entry.kind == "reflection"
    with pytest.raises(PermissionDenied):  # nobody writes in someone else's log
        actions.write_log(actor=people[1].applicant, participant=people[0], kind="log", text="x")
    with pytest.raises(ValidationError) as error:
        actions.write_log(actor=people[0].applicant, participant=people[0], kind="log", text=" ")
    assert "text" in error.value.error_dict
    assert LogEntry.objects.count() == 1
    outcome = _outcome(officer, people[0])
    again = _outcome(officer, people[0], promotion=True)
    assert outcome.pk == again.pk and again.promotion
    assert AuditEvent.objects.filter(action=LeadersEvent.OUTCOME_RECORDED).count() == 2
    with pytest.raises(ValidationError):
        _outcome(officer, people[0], horizon=5, promotion=True)


def test_mentors_are_matched_from_another_organisation_by_shared_goals(
    officer, closed_cohort, organisations
):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=5)
    for n, organisation in enumerate(organisations):
        actions.add_mentor(
            actor=officer,
            name=f"Mentor {n}",
            organisation=organisation,
            role="Director",
            strengths=["leading_change", "finance", "strategy"],
            capacity=3,
        )
    made, left = actions.match_mentors(actor=officer, cohort=closed_cohort)
    assert len(made) == 12 and len(left) == 8  # four mentors of three places each
    for pairing in made:
        assert pairing.mentor.organisation_id != pairing.participant.organisation_id
        assert set(pairing.shared) <= set(pairing.participant.goals)
    assert np.mean([len(p.shared) for p in made]) >= 1
    again, still = actions.match_mentors(actor=officer, cohort=closed_cohort)
    assert again == [] and len(still) == 8  # existing pairs stay; nobody paired twice
    event = AuditEvent.objects.filter(action=LeadersEvent.MENTORS_MATCHED).order_by("pk").first()
    assert event.data["pairs"] == 12


def test_workforce_shares_are_checked(officer, open_cohort):
    with pytest.raises(ValidationError, match="more than 100"):
        actions.set_workforce(
            actor=officer, cohort=open_cohort, dimension="minority", shares={"yes": 70, "no": 40}
        )
    actions.set_workforce(
        actor=officer, cohort=open_cohort, dimension="minority", shares={"yes": 30, "no": 65}
    )
    assert open_cohort.workforce.count() == 2


def test_withdrawing_is_the_applicants_own(closed_cohort, organisations):
    application = closed_cohort.applications.order_by("reference").first()
    other = closed_cohort.applications.order_by("reference").last()
    with pytest.raises(PermissionDenied):
        actions.withdraw(actor=other.applicant, application=application)
    actions.withdraw(actor=application.applicant, application=application)
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


@pytest.mark.parametrize("method", ["nash", "leximin"])
def test_the_lottery_by_nash_or_leximin_meets_quotas_and_records_the_method(
    officer, closed_cohort, method
):
    actions.set_quotas(
        actor=officer,
        cohort=closed_cohort,
        rows=[{"feature": "minority", "value": "yes", "minimum": 9, "maximum": 20}],
    )
    from commonground.sortition import select

    instance, _people = instance_for(closed_cohort)
    expected = sorted(select(instance, algorithm=method, seed=2024).panel_ids)
    lottery = actions.run_lottery(actor=officer, cohort=closed_cohort, seed=2024, algorithm=method)
    chosen = list(closed_cohort.participants())
    assert len(chosen) == 20 and sum(1 for a in chosen if a.minority == "yes") >= 9
    assert lottery.algorithm == method
    assert sum(lottery.probabilities.values()) == pytest.approx(20, abs=1e-6)
    assert sorted(a.reference for a in chosen) == expected
    event = AuditEvent.objects.get(action=LeadersEvent.LOTTERY_RUN)
    assert event.data["algorithm"] == method


def test_an_unknown_method_is_refused_and_nothing_is_drawn(officer, closed_cohort):
    with pytest.raises(ValidationError) as error:
        actions.run_lottery(actor=officer, cohort=closed_cohort, seed=3, algorithm="legacy")
    assert "algorithm" in error.value.error_dict
    assert not Lottery.objects.exists() and not closed_cohort.participants().exists()
