"""What waits for caseworkers (new reports, high-risk open cases) and the tools of each role:
caseworkers' reports, supervisors' access log, reporting centres' form."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.core.waiting import Task, Tool

from .models import IncidentReport, Risk, Status


def tools(user) -> list[Tool]:
    found = []
    if user.has_perm("safety.view_reports"):
        found.append(Tool(_("Incident reports"), reverse("safety:cases")))
    if user.has_perm("safety.view_access_log"):
        found.append(Tool(_("Who viewed incident reports"), reverse("safety:access_log")))
    if user.has_perm("safety.report_for_someone"):
        found.append(Tool(_("Report a hate incident for someone"), reverse("safety:report")))
    return found


def tasks(user) -> list[Task]:
    if not user.has_perm("safety.view_reports"):
        return []
    found = []
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
