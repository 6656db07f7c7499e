"""What waits for caseworkers (new reports, high-risk open cases), for the officers a tension alert
was sent to (until its response is recorded), for officers answering rumours (residents'
questions) and for partners whose regular tension report is overdue; and the tools of each role:
caseworkers' reports, supervisors' access log, reporting centres' form, partners' tension
report, the tension dashboard, myths and facts."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.core.predicates import acts_for_an_organisation, is_officer, is_partner
from commonground.core.waiting import Task, Tool

from .models import (
    CENTRE_STAFF_FLAG,
    AlertStatus,
    IncidentReport,
    MythQuestion,
    QuestionStatus,
    Risk,
    Status,
    TensionAlert,
)


def tools(user) -> list[Tool]:
    """Asked on every page, so answered from roles and model permissions (each read once a
    request) with no query of its own: tension leads and reporting centres' staff are known by
    the flags their rows keep (``models.TENSION_LEAD_FLAG``, ``models.CENTRE_STAFF_FLAG``), and
    a partner who acts for an organisation by core's flag (``core.acts_for_an_organisation``)
    is offered the tension form; each page then checks the full rule."""
    found = []
    if user.has_perm("safety.view_reports"):
        found.append(Tool(_("Incident reports"), reverse("safety:cases")))
    if user.has_perm("safety.view_access_log"):
        found.append(Tool(_("Who viewed incident reports"), reverse("safety:access_log")))
    partner = is_partner(user) and acts_for_an_organisation(user)
    if partner and user.has_perm(f"safety.{CENTRE_STAFF_FLAG}"):
        found.append(Tool(_("Report a hate incident for someone"), reverse("safety:report")))
    if partner or is_officer(user):
        found.append(Tool(_("Report community tension"), reverse("safety:tension_report")))
    if user.has_perm("safety.view_tension"):
        found.append(Tool(_("Community tension"), reverse("safety:tension")))
    if user.has_perm("safety.manage_myths"):
        found.append(Tool(_("Myths and facts"), reverse("safety:myth_manage")))
    return found


def _alert_tasks(user) -> list[Task]:
    """Each open alert sent to this person, urgent until its response is recorded."""
    from .actions import alert_text

    alerts = TensionAlert.objects.filter(status=AlertStatus.OPEN, recipients=user).select_related(
        "ward"
    )
    return [
        Task(
            alert_text(alert),
            alert.get_absolute_url(),
            _("Record the response"),
            due=alert.created_at,
            when="on",
            urgent=True,
        )
        for alert in alerts[:20]
    ]


def _question_tasks(user) -> list[Task]:
    if not user.has_perm("safety.manage_myths"):
        return []
    waiting = MythQuestion.objects.filter(status=QuestionStatus.NEW).count()
    if not waiting:
        return []
    return [
        Task(
            ngettext(
                "%(n)s question about a rumour waits for an answer",
                "%(n)s questions about rumours wait for an answer",
                waiting,
            )
            % {"n": waiting},
            reverse("safety:myth_questions"),
            _("Answer questions"),
            count=waiting,
        )
    ]


def _overdue_tasks(user) -> list[Task]:
    """Each regular tension report the person's organisations owe and have not sent."""
    from django.utils import timezone

    from .actions import overdue_text, schedule_states
    from .models import TensionSchedule

    organisations = user.confirmed_organisations().values("pk")
    schedules = TensionSchedule.objects.filter(organisation__in=organisations)
    now = timezone.now()
    return [
        Task(
            overdue_text(state.schedule, state.due),
            reverse("safety:tension_report") + f"?ward={state.schedule.ward.code}",
            _("Report community tension"),
            due=state.due,
            when="due",
            urgent=True,
        )
        for state in schedule_states(schedules)
        if state.overdue(now)
    ][:20]


def tasks(user) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = _alert_tasks(user) + _question_tasks(user) + _overdue_tasks(user)
    if not user.has_perm("safety.view_reports"):
        return found
    new = IncidentReport.objects.filter(status=Status.RECEIVED).count()
    if new:
        found.append(
            Task(
                ngettext(
                    "%(n)s new incident report to triage",
                    "%(n)s new incident reports to triage",
                    new,
                )
                % {"n": new},
                reverse("safety:cases") + "?status=received",
                _("Triage reports"),
                count=new,
            )
        )
    high = IncidentReport.objects.filter(risk=Risk.HIGH).exclude(status=Status.CLOSED).count()
    if high:
        found.append(
            Task(
                ngettext(
                    "%(n)s open high-risk case",
                    "%(n)s open high-risk cases",
                    high,
                )
                % {"n": high},
                reverse("safety:cases"),
                _("Incident reports"),
                count=high,
                urgent=True,
            )
        )
    return found
