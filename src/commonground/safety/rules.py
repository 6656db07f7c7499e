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


PERMISSIONS: dict[str, Any] = {
    "safety.view_reports": is_caseworker,
    "safety.triage": is_caseworker,
    "safety.refer": is_caseworker,
    "safety.close": is_caseworker,
    "safety.export": is_caseworker,
    "safety.view_access_log": is_admin,
    "safety.report_for_someone": is_partner & staffs_a_reporting_centre,
    "safety.manage_strands": is_officer | is_admin,
}
"""view_reports: the casework list and each report (every view is logged); triage, refer,
close: change a report; export: the anonymised CSV; view_access_log: who viewed what, when;
report_for_someone: enter a report as a reporting centre; manage_strands: the strands offered."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
