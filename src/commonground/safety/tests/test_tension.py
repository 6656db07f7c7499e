"""Community tension monitoring: partners file reports, alerts are raised on a rise or a
cluster, sent to the named leads by e-mail and in their tasks, and the response recorded."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commonground.core import messaging
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.safety import actions, tension, waiting
from commonground.safety.events import SafetyEvent
from commonground.safety.models import AlertStatus, TensionAlert, TensionLead, TensionReport
from commonground.testing.people import make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(people):
    officer = people["officer"]
    officer.email = "olive@example.org"
    officer.save()
    TensionLead.objects.create(user=officer)
    return officer


def _at(days_ago: float) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def _file(actor, ward, level, days_ago=0.0, issue="rumours"):
    return actions.file_tension_report(
        actor=actor,
        ward=ward,
        issue=issue,
        level=level,
        summary="Talk outside the school gates about a fight last week.",
        action_taken="Met the head teacher.",
        now=_at(days_ago),
    )


# -- the rule, without Django ----------------------------------------------------------------


def test_signal_rise_and_cluster():
    assert tension.signal(3, 2, 1, False).rose_from == 2
    assert not tension.signal(2, 2, 1, False).raised  # same level: no alert
    assert not tension.signal(1, 4, 1, False).raised  # a fall: no alert
    assert not tension.signal(4, None, 1, False).raised  # a ward's first report
    assert tension.signal(2, 2, 3, False).reports_in_week == 3
    assert not tension.signal(2, 2, 4, True).raised  # the cluster's alert is already open


def test_weekly_highest_keeps_the_highest_level_of_each_week():
    weeks = tension.weeks_ending(date(2026, 6, 10), 3)  # a Wednesday
    assert weeks == [date(2026, 5, 25), date(2026, 6, 1), date(2026, 6, 8)]
    readings = [
        ("a", date(2026, 6, 8), 2),
        ("a", date(2026, 6, 9), 4),
        ("a", date(2026, 5, 26), 1),
        ("b", date(2026, 6, 2), 3),
        ("b", date(2026, 1, 1), 5),  # outside the weeks
    ]
    assert tension.weekly_highest(readings, weeks) == {"a": [1, None, 4], "b": [None, 3, None]}


# -- alerts ---------------------------------------------------------------------------------


def test_a_rise_raises_an_alert_to_the_leads_by_email_and_task(
    places, police, lead, django_capture_on_commit_callbacks
):
    messaging.outbox.clear()
    ward = places["ward"]
    first, alert = _file(police, ward, 2, days_ago=20)
    assert alert is None
    assert first.organisation.slug == "npt"
    with django_capture_on_commit_callbacks(execute=True):
        _report, alert = _file(police, ward, 4)
    assert alert is not None and alert.rose_from == 2 and alert.level == 4
    assert alert.reports_in_week is None
    assert list(alert.recipients.all()) == [lead]
    [mail] = [m for m in messaging.outbox if m.reference == f"tension-alert-{alert.pk}"]
    assert mail.to == "olive@example.org"
    assert "City" in mail.subject
    assert f"/safety/tension/alerts/{alert.pk}/" in mail.body
    assert "school gates" not in mail.body  # the report's text stays behind the sign-in
    [task] = waiting.tasks(lead)
    assert task.urgent and task.url == alert.get_absolute_url()
    assert "rose from level 2 to level 4" in task.text
    event = AuditEvent.objects.get(action=SafetyEvent.TENSION_ALERT_RAISED)
    assert event.data["recipients"] == ["olive"]


def test_three_reports_in_a_week_raise_one_cluster_alert(places, police, lead):
    ward = places["ward"]
    assert _file(police, ward, 3, days_ago=6)[1] is None
    assert _file(police, ward, 3, days_ago=3)[1] is None
    _report, alert = _file(police, ward, 2, days_ago=1)
    assert alert is not None and alert.reports_in_week == 3 and alert.rose_from is None
    # the fourth report of the same week adds no second cluster alert while it is open
    assert _file(police, ward, 2)[1] is None
    assert TensionAlert.objects.count() == 1
    # a report about another ward counts for that ward only
    assert _file(police, places["other_ward"], 2)[1] is None


def test_reports_older_than_a_week_are_no_cluster(places, police, lead):
    ward = places["ward"]
    _file(police, ward, 2, days_ago=10)
    _file(police, ward, 2, days_ago=8)
    assert _file(police, ward, 2)[1] is None


def test_without_named_leads_alerts_go_to_every_officer(places, police, people):
    _file(police, places["ward"], 1, days_ago=3)
    _report, alert = _file(police, places["ward"], 3)
    assert list(alert.recipients.all()) == [people["officer"]]


def test_response_is_recorded_and_audited(places, police, lead, people):
    _file(police, places["ward"], 1, days_ago=3)
    _report, alert = _file(police, places["ward"], 3)
    client = client_for(lead)
    response = client.post(alert.get_absolute_url(), {"response": ""})
    assert response.status_code == 400
    assert "What has been done, or will be done?" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    response = client.post(
        alert.get_absolute_url(), {"response": "Joint patrol agreed; mosque and school told."}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESPONDED
    assert alert.responded_by == lead
    assert waiting.tasks(lead) == []
    event = AuditEvent.objects.get(action=SafetyEvent.TENSION_ALERT_RESPONDED)
    assert event.data["response"] == "Joint patrol agreed; mosque and school told."
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "Joint patrol agreed" in page


def test_a_lead_the_alert_was_not_sent_to_may_not_respond(places, police, lead, people):
    _file(police, places["ward"], 1, days_ago=3)
    _report, alert = _file(police, places["ward"], 3)
    other = make_user("late", Role.CASEWORKER)
    TensionLead.objects.create(user=other)
    assert other.has_perm("safety.view_tension")
    assert not other.has_perm("safety.respond_alert", alert)
    assert client_for(other).post(alert.get_absolute_url(), {"response": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.respond_to_alert(actor=other, alert=alert, response="x")


# -- the form and the dashboard ----------------------------------------------------------------


def test_partner_files_through_the_form_and_bad_input_names_the_field(places, police):
    client = client_for(police)
    page = client.get("/safety/tension/report/").content.decode()
    assert "Disorder is happening or is expected within days." in page  # level wording shown
    response = client.post(
        "/safety/tension/report/",
        {"ward": places["ward"].pk, "issue": "rumours", "level": "9", "summary": "x"},
    )
    assert response.status_code == 400
    assert "How high is tension in the ward now?" in response.content.decode()
    assert not TensionReport.objects.exists()
    response = client.post(
        "/safety/tension/report/",
        {
            "ward": places["ward"].pk,
            "issue": "dangerous_driving",
            "level": "3",
            "summary": "Cars racing on the main road every night.",
            "action_taken": "",
        },
    )
    assert response.status_code == 302
    report = TensionReport.objects.get()
    assert (report.issue, report.level, report.reported_by) == ("dangerous_driving", 3, police)


@pytest.mark.parametrize(
    ("role", "form", "dashboard"),
    [
        ("officer", 200, 200),
        ("caseworker", 403, 200),
        ("centre", 200, 403),  # a partner acting for their organisation
        ("partner", 403, 403),  # a partner acting for no organisation
        ("board", 403, 403),
        ("resident", 403, 403),
        ("admin", 403, 403),
    ],
)
def test_who_may_file_and_see(places, people, role, form, dashboard):
    client = client_for(people[role])
    assert client.get("/safety/tension/report/").status_code == form
    assert client.get("/safety/tension/").status_code == dashboard


def test_dashboard_shows_levels_by_ward_alerts_and_events(places, police, lead, people):
    from commonground.involved.models import Event

    ward = places["ward"]
    _file(police, ward, 1, days_ago=9)
    _file(police, ward, 4)
    _file(police, places["other_ward"], 2, days_ago=2)
    soon = timezone.now() + timedelta(days=5)
    Event.objects.create(
        slug="eid-fair",
        kind="festival",
        title="Eid fair in the park",
        starts_at=soon,
        ends_at=soon + timedelta(hours=3),
        ward=ward,
    )
    Event.objects.create(
        slug="far-away",
        kind="festival",
        title="Elsewhere fair",
        starts_at=soon,
        ends_at=soon + timedelta(hours=3),
        ward=None,
    )
    client = client_for(people["caseworker"])
    response = client.get("/safety/tension/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cg-chart" in page and "<svg" in page
    rows = {name: levels for name, levels, _code in response.context["rows"]}
    assert rows["City"][-1] == 4 and 1 in rows["City"][:-1]
    assert [level for level in rows["Bingley"] if level] == [2]
    assert "Eid fair in the park" in page
    assert "Elsewhere fair" not in page
    assert response.context["alerts"][0].ward == ward
    # one ward only
    page = client.get(f"/safety/tension/?ward={ward.code}").content.decode()
    assert "Bingley" not in page.split("Levels by ward")[1].split("Recent tension reports")[0]


def test_naming_and_removing_leads_is_audited(people):
    officer = people["officer"]
    caseworker = people["caseworker"]
    client = client_for(officer)
    assert client.post("/safety/tension/leads/", {"user": caseworker.pk}).status_code == 302
    lead = TensionLead.objects.get(user=caseworker)
    assert caseworker.has_perm("safety.view_tension")
    assert client.post(f"/safety/tension/leads/{lead.pk}/remove/").status_code == 302
    assert not TensionLead.objects.exists()
    actions_seen = list(
        AuditEvent.objects.filter(action__startswith="safety.tension_lead")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions_seen == [SafetyEvent.TENSION_LEAD_NAMED, SafetyEvent.TENSION_LEAD_REMOVED]
    # a resident is not among those who can be named
    response = client.post("/safety/tension/leads/", {"user": people["resident"].pk})
    assert response.status_code == 400
    assert client_for(people["partner"]).get("/safety/tension/leads/").status_code == 403
