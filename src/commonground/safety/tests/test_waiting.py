"""Caseworkers see their tools and what waits for them; no other role hears of reports."""

import pytest

from commonground.safety import actions, waiting

from .conftest import make_report

pytestmark = pytest.mark.django_db


def test_caseworker_tools_and_tasks(people):
    report, _ = make_report()
    make_report()
    actions.triage(
        actor=people["caseworker"], report=report, risk="high", confirmed_strands=[], linked=[]
    )
    caseworker = people["caseworker"]
    assert [t.url for t in waiting.tools(caseworker)] == ["/safety/cases/", "/safety/tension/"]
    texts = [t.text for t in waiting.tasks(caseworker)]
    assert texts == ["1 new incident report to triage", "1 open high-risk case"]


@pytest.mark.parametrize("role", ["officer", "partner", "board", "resident"])
def test_other_roles_hear_nothing_of_incident_reports(people, role):
    make_report()
    assert waiting.tasks(people[role]) == []
    assert not [t for t in waiting.tools(people[role]) if "/safety/cases/" in t.url]
    assert not [t for t in waiting.tools(people[role]) if t.url == "/safety/report/"]


def test_officer_tools_are_tension_and_myths(people):
    assert [t.url for t in waiting.tools(people["officer"])] == [
        "/safety/tension/report/",
        "/safety/tension/",
        "/safety/myths/manage/",
    ]
    # a partner acting for no organisation files nothing; board and residents see nothing
    for role in ("partner", "board", "resident"):
        assert waiting.tools(people[role]) == []


def test_supervisor_and_reporting_centre_tools(people):
    # a supervisor reads the access log, not the reports
    assert [t.url for t in waiting.tools(people["admin"])] == ["/safety/cases/access-log/"]
    assert [t.url for t in waiting.tools(people["centre"])] == [
        "/safety/report/",
        "/safety/tension/report/",
    ]
