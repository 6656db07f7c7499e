"""Regular tension reports: officers say which partner reports on which ward how often; an
overdue report waits in the partner's tasks, and ``commonground safety remind`` e-mails the
organisation's members once per missed period."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from commonground.core import messaging
from commonground.core.models import AuditEvent, Organisation
from commonground.core.roles import Role
from commonground.safety import actions, tension, waiting
from commonground.safety.events import SafetyEvent
from commonground.safety.models import TensionSchedule
from commonground.testing.people import make_user

from .conftest import client_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(0))


# -- the rule, without Django ----------------------------------------------------------------


def test_report_due_counts_from_the_latest_report_or_the_start():
    assert tension.report_due(None, T0, 7) == T0 + timedelta(days=7)
    last = T0 + timedelta(days=10)
    assert tension.report_due(last, T0, 7) == last + timedelta(days=7)


def test_remind_once_per_missed_period():
    every = 7
    due = T0 + timedelta(days=every)
    # not yet due, and due exactly now: no reminder
    assert not tension.remind_now(None, T0, every, None, due)
    # overdue, nobody reminded: remind
    assert tension.remind_now(None, T0, every, None, due + timedelta(hours=1))
    # reminded after it fell due: not again the next day …
    reminded = due + timedelta(hours=1)
    assert not tension.remind_now(None, T0, every, reminded, due + timedelta(days=1))
    # … but again once another whole period has passed without a report
    assert tension.remind_now(None, T0, every, reminded, reminded + timedelta(days=every))
    # a reminder sent for an earlier period does not silence the next one
    last_report = due + timedelta(days=1)
    next_due = last_report + timedelta(days=every)
    assert tension.remind_now(last_report, T0, every, reminded, next_due + timedelta(minutes=1))


# -- schedules ---------------------------------------------------------------------------------


def test_only_officers_set_schedules_and_setting_again_changes_the_cadence(places, people, teacher):
    org = teacher.organisation
    with pytest.raises(PermissionDenied):
        actions.set_tension_schedule(
            actor=teacher, organisation=org, ward=places["ward"], every_days=7
        )
    officer = people["officer"]
    schedule = actions.set_tension_schedule(
        actor=officer, organisation=org, ward=places["ward"], every_days=7, now=T0
    )
    again = actions.set_tension_schedule(
        actor=officer, organisation=org, ward=places["ward"], every_days=14, now=T0
    )
    assert again.pk == schedule.pk and again.every_days == 14
    assert TensionSchedule.objects.count() == 1
    with pytest.raises(ValueError):
        actions.set_tension_schedule(
            actor=officer, organisation=org, ward=places["ward"], every_days=0
        )
    actions.end_tension_schedule(actor=officer, schedule=again)
    assert not TensionSchedule.objects.get().active
    assert list(
        AuditEvent.objects.filter(action__startswith="safety.tension_schedule")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        SafetyEvent.TENSION_SCHEDULE_SET,
        SafetyEvent.TENSION_SCHEDULE_SET,
        SafetyEvent.TENSION_SCHEDULE_ENDED,
    ]


# -- reminders ---------------------------------------------------------------------------------


def _schedule(officer, teacher, ward, days_ago: float, every_days: int = 7) -> TensionSchedule:
    return actions.set_tension_schedule(
        actor=officer,
        organisation=teacher.organisation,
        ward=ward,
        every_days=every_days,
        now=timezone.now() - timedelta(days=days_ago),
    )


def test_overdue_report_is_a_task_and_one_reminder_is_sent(
    places, people, teacher, django_capture_on_commit_callbacks
):
    messaging.outbox.clear()
    ward = places["ward"]
    schedule = _schedule(people["officer"], teacher, ward, days_ago=10)
    # in the partner's tasks, urgent, linking to the form with the ward chosen
    [task] = waiting.tasks(teacher)
    assert task.urgent
    assert task.url == f"/safety/tension/report/?ward={ward.code}"
    assert "Carlton Bolling School" in task.text and "City" in task.text
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_tension_reminders(base_url="https://cg.example.org") == 1
    [mail] = [m for m in messaging.outbox if m.reference == f"tension-reminder-{schedule.pk}"]
    assert mail.channel == "email" and mail.to == "teacher@example.org"
    assert "City" in mail.subject
    assert f"https://cg.example.org/safety/tension/report/?ward={ward.code}" in mail.body
    event = AuditEvent.objects.get(action=SafetyEvent.TENSION_REMINDERS_SENT)
    assert event.data["recipients"] == ["teacher"]
    assert event.data["schedules"][0]["ward"] == ward.code
    # idempotent: a second run at once sends nothing
    messaging.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_tension_reminders() == 0
    assert messaging.outbox == []
    # filing the report clears the task and the next reminder
    actions.file_tension_report(
        actor=teacher, ward=ward, issue="rumours", level=1, summary="Quiet at the gates."
    )
    assert waiting.tasks(teacher) == []
    assert actions.send_tension_reminders() == 0


def test_a_report_within_the_period_means_no_reminder(places, people, teacher):
    ward = places["ward"]
    _schedule(people["officer"], teacher, ward, days_ago=30)
    actions.file_tension_report(
        actor=teacher,
        ward=ward,
        issue="rumours",
        level=1,
        summary="Quiet.",
        now=timezone.now() - timedelta(days=3),
    )
    assert actions.send_tension_reminders() == 0
    assert waiting.tasks(teacher) == []


def test_ended_schedules_and_other_organisations_are_not_reminded(places, people, teacher):
    ward = places["ward"]
    schedule = _schedule(people["officer"], teacher, ward, days_ago=30)
    actions.end_tension_schedule(actor=people["officer"], schedule=schedule)
    assert actions.send_tension_reminders() == 0
    _schedule(people["officer"], teacher, places["other_ward"], days_ago=30)
    # a partner of another organisation has nothing overdue
    other = make_user("other", Role.PARTNER, Organisation.objects.create(name="Other", slug="o"))
    assert waiting.tasks(other) == []
    assert len(waiting.tasks(teacher)) == 1


def test_the_command_sends_reminders(places, people, teacher):
    _schedule(people["officer"], teacher, places["ward"], days_ago=8)
    out = StringIO()
    call_command("safety", "remind", stdout=out)
    assert "Reminders sent for 1 overdue tension report(s)." in out.getvalue()
    assert TensionSchedule.objects.get().last_reminded_at is not None
    out = StringIO()
    call_command("safety", "remind", stdout=out)
    assert "Reminders sent for 0 overdue" in out.getvalue()


# -- the page ----------------------------------------------------------------------------------


def test_officer_sets_a_schedule_on_the_page_and_bad_input_names_the_field(places, people, teacher):
    client = client_for(people["officer"])
    page = client.get("/safety/tension/schedules/")
    assert page.status_code == 200
    assert "No partner is expected to report regularly yet." in page.content.decode()
    bad = client.post(
        "/safety/tension/schedules/",
        {"organisation": teacher.organisation.pk, "ward": places["ward"].pk, "every_days": "400"},
    )
    assert bad.status_code == 400
    assert "Ensure this value is less than or equal to 92." in bad.content.decode()
    done = client.post(
        "/safety/tension/schedules/",
        {"organisation": teacher.organisation.pk, "ward": places["ward"].pk, "every_days": "7"},
    )
    assert done.status_code == 302
    schedule = TensionSchedule.objects.get()
    assert (schedule.every_days, schedule.ward, schedule.active) == (7, places["ward"], True)
    listed = client.get("/safety/tension/schedules/").content.decode()
    assert "Carlton Bolling School" in listed and "None yet" in listed
    ended = client.post(f"/safety/tension/schedules/{schedule.pk}/end/")
    assert ended.status_code == 302
    schedule.refresh_from_db()
    assert not schedule.active


@pytest.mark.parametrize("role", ["partner", "caseworker", "board", "resident", "admin"])
def test_only_officers_open_the_schedules_page(people, role):
    client = client_for(people[role])
    assert client.get("/safety/tension/schedules/").status_code == 403
    assert client.post("/safety/tension/schedules/1/end/").status_code == 403


def test_the_reminders_link_chooses_the_ward_on_the_form(places, teacher):
    page = client_for(teacher).get(f"/safety/tension/report/?ward={places['ward'].code}")
    assert page.status_code == 200
    assert f'<option value="{places["ward"].pk}" selected>' in page.content.decode()
