"""Who may do what in Future Leaders, declared once (django-rules); views and actions ask by name.

* Officers run the programme: cohorts, decisions, the lottery, sessions, mentors, outcomes.
* Staff of partner organisations (a confirmed membership of a partner) may apply.
* A participant sees their cohort's programme and keeps a private log; officers may read it,
  nobody else (not the Board, not their mentor, not their employer).
* The Board sees the programme and the aggregate make-up; the make-up page is public.
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer, is_signed_in


@rules.predicate
def works_for_a_partner(user) -> bool:
    """Holds a confirmed membership of an organisation in the partnership."""
    memberships = getattr(user, "memberships", None)
    if memberships is None or not getattr(user, "pk", None):
        return False
    return memberships.filter(status="confirmed", organisation__is_partner=True).exists()


@rules.predicate
def is_the_applicant(user, application) -> bool:
    """The person whose application (or place) it is."""
    return application is not None and getattr(application, "applicant_id", None) == user.pk


@rules.predicate
def has_a_place(user, application) -> bool:
    return application is not None and getattr(application, "status", "") == "selected"


@rules.predicate
def is_in_the_cohort(user, cohort) -> bool:
    """Holds a place in ``cohort``."""
    if cohort is None or not getattr(user, "pk", None):
        return False
    return cohort.applications.filter(applicant_id=user.pk, status="selected").exists()


PERMISSIONS: dict[str, Any] = {
    "leaders.manage": is_officer,
    "leaders.apply": is_signed_in & works_for_a_partner,
    "leaders.view_application": is_signed_in & (is_officer | is_the_applicant),
    "leaders.write_log": is_signed_in & is_the_applicant & has_a_place,
    "leaders.view_log": is_signed_in & (is_officer | (is_the_applicant & has_a_place)),
    "leaders.view_programme": is_signed_in & (is_officer | is_board | is_in_the_cohort),
}
"""manage: everything an officer does; apply: make an application; view_application: read one
(and withdraw it, when it is one's own); write_log / view_log: a participant's private log and
reflections; view_programme: a cohort's sessions and mentoring pairs."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
