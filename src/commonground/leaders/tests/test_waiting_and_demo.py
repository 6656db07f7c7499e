"""Your tasks (officer: applications to decide, mentors to find; participant: next session,
log) and the demo (a lottery-chosen cohort with sessions and mentors, loaded once)."""

from datetime import date, timedelta

import pytest

from commonground.core.models import AuditEvent
from commonground.leaders import actions, demo, waiting
from commonground.leaders.models import Cohort, Pairing

pytestmark = pytest.mark.django_db


def test_an_officer_is_asked_to_decide_applications(officer, closed_cohort):
    found = waiting.tasks(officer)
    assert any("Decide the applications" in t.text and t.count == 30 for t in found)
    assert [tool.label for tool in waiting.tools(officer)] == ["Future Leaders"]


def test_a_participant_sees_the_next_session_and_the_log(officer, closed_cohort):
    actions.run_lottery(actor=officer, cohort=closed_cohort, seed=4)
    actions.add_session(
        actor=officer,
        cohort=closed_cohort,
        kind="learning",
        title="Leading change",
        on=date.today() + timedelta(days=3),
        place="City Hall",
    )
    person = closed_cohort.participants().first()
    texts = [t.text for t in waiting.tasks(person.applicant)]
    assert "Next session: Leading change, City Hall" in texts
    assert "Write in your Future Leaders log" in texts
    assert waiting.tools(person.applicant) == []
    assert any("Find mentors" in t.text for t in waiting.tasks(officer))


def test_demo_loads_a_cohort_once():
    from commonground.core import demo as core_demo

    said: list[str] = []
    core_demo.load_demo(said.append)  # the partners and the officer
    demo.load_demo(said.append)
    cohort = Cohort.objects.get(slug=demo.SLUG)
    assert cohort.participants().count() == 24
    assert cohort.sessions.count() == 8
    assert cohort.lotteries.count() == 1
    pairs = Pairing.objects.filter(participant__cohort=cohort).select_related(
        "mentor", "participant"
    )
    assert pairs.exists()
    assert all(p.mentor.organisation_id != p.participant.organisation_id for p in pairs)
    assert AuditEvent.objects.filter(action="leaders.lottery_run").count() == 1
    demo.load_demo(said.append)
    assert "skipped" in said[-1] and Cohort.objects.count() == 1


def test_demo_skips_without_the_core_officer():
    said: list[str] = []
    demo.load_demo(said.append)
    assert not Cohort.objects.exists() and "skipped" in said[0]
