"""Who may do what in Feeling Safe, declared once (django-rules).

Incident reports are seen by caseworkers only: no other role (officers, partners, the
Board, administrators without the caseworker role) sees anything about a report, not even
that it exists. The log of who viewed which report is for supervisors, who are
administrators: it names references and times, never the contents. Reporting anonymously
needs no account and no permission (``PUBLIC_VIEWS`` in ``urls.py``); a third-party reporting
centre's staff are partners whose organisation is an active centre.
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_admin, is_caseworker, is_officer, is_partner


@rules.predicate
def staffs_a_reporting_centre(user) -> bool:
    """The user acts for an organisation that is an active third-party reporting centre."""
    from .models import ReportingCentre

    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None or not user.may_act_for(organisation_id):
        return False
    return ReportingCentre.objects.filter(organisation_id=organisation_id, active=True).exists()


@rules.predicate
def is_tension_lead(user) -> bool:
    """An officer named to receive tension alerts: holds ``safety.receives_tension_alerts``,
    the model permission kept in step with the ``TensionLead`` rows (``models.sync_lead_flag``),
    so asking costs no query once the request's permissions are read."""
    from .models import TENSION_LEAD_FLAG

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_perm(f"safety.{TENSION_LEAD_FLAG}")


@rules.predicate
def acts_for_default_organisation(user) -> bool:
    """The partner's default organisation is one they hold a confirmed membership of."""
    organisation_id = getattr(user, "organisation_id", None)
    return organisation_id is not None and user.may_act_for(organisation_id)


@rules.predicate
def alert_sent_to(user, alert) -> bool:
    """The alert was sent to this person (without an alert: any tension lead may respond)."""
    if alert is None:
        return True
    return alert.recipients.filter(pk=user.pk).exists()


@rules.predicate
def is_themselves(user, person) -> bool:
    """The person concerned is the user (without a person: the user asks for themselves)."""
    return person is None or getattr(person, "pk", None) == user.pk


PERMISSIONS: dict[str, Any] = {
    "safety.view_reports": is_caseworker,
    "safety.triage": is_caseworker,
    "safety.refer": is_caseworker,
    "safety.close": is_caseworker,
    "safety.export": is_caseworker,
    "safety.view_access_log": is_admin,
    "safety.report_for_someone": is_partner & staffs_a_reporting_centre,
    "safety.manage_strands": is_officer | is_admin,
    "safety.report_tension": (is_partner & acts_for_default_organisation) | is_officer,
    "safety.view_tension": is_officer | is_caseworker | is_tension_lead,
    "safety.respond_alert": is_officer | (is_tension_lead & alert_sent_to),
    "safety.name_tension_leads": is_officer | is_admin,
    "safety.manage_tension_schedules": is_officer,
    "safety.choose_alert_channels": is_tension_lead,
    "safety.set_reminder_sms": is_officer
    | (is_partner & acts_for_default_organisation & is_themselves),
    "safety.manage_myths": is_officer,
    "safety.publish_figures": is_officer,
}
"""view_reports: the casework list and each report (every view is logged); triage, refer,
close: change a report; export: the anonymised CSV; view_access_log: who viewed what, when;
report_for_someone: enter a report as a reporting centre; manage_strands: the strands offered.
report_tension: file a tension report (partners acting for their organisation, officers);
view_tension: the tension dashboard and alerts (never the incident reports themselves);
respond_alert: record the response to an alert (officers, and the leads it was sent to);
name_tension_leads: choose who receives alerts; manage_tension_schedules: say which
organisation reports on which ward how often (reminders follow); choose_alert_channels: a
tension lead turns text-message alerts on or off for themselves; set_reminder_sms: a
partner gives (or withdraws) a mobile number and consent for text-message reminders of an
overdue tension report, for themselves; officers for any partner (object: the partner);
manage_myths: write, publish and withdraw myths-and-facts answers and work through residents'
questions;
publish_figures: send the monthly incident counts by ward to Measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
