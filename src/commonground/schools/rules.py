"""Who may do what in schools, declared once (django-rules).

The make-up and segregation pages are public (see ``PUBLIC_VIEWS`` in urls.py).  Linking is
run by officers; a school's people act for it through :class:`~.models.SchoolContact`: its
contact accepts or declines the school's pair, its teachers (and its contact) confirm the
linking days' dates and enter the class survey counts.  An officer may do any of these on a
school's behalf (the audit trail says so).
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_board, is_officer, is_signed_in


def _school_ids(obj) -> set[int]:
    """The schools an object belongs to: a pair's two, a day's pair's two, a school itself."""
    pair = getattr(obj, "pair", None) or obj
    if hasattr(pair, "school_a_id"):
        return {pair.school_a_id, pair.school_b_id}
    return {obj.pk} if obj is not None and getattr(obj, "urn", None) else set()


def _contact_roles(user, obj) -> set[str]:
    if obj is None or not getattr(user, "is_authenticated", False):
        return set()
    from .models import SchoolContact

    return set(
        SchoolContact.objects.filter(user=user, school_id__in=_school_ids(obj)).values_list(
            "role", flat=True
        )
    )


@rules.predicate
def acts_for_a_school_of(user, obj) -> bool:
    """The user is a contact or teacher of a school of the pair (or day, or school)."""
    return bool(_contact_roles(user, obj))


@rules.predicate
def is_contact_of(user, obj) -> bool:
    """The user is the contact (not only a teacher) of a school of the pair."""
    return "contact" in _contact_roles(user, obj)


@rules.predicate
def acts_for_any_school(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from .models import SchoolContact

    return SchoolContact.objects.filter(user=user).exists()


PERMISSIONS: dict[str, Any] = {
    "schools.plan_links": is_officer,
    "schools.manage_linking": is_officer,
    "schools.view_linking": is_officer | is_board,
    "schools.view_pair": is_officer | is_board | acts_for_a_school_of,
    "schools.answer_pair": is_officer | is_contact_of,
    "schools.edit_days": is_officer | acts_for_a_school_of,
    "schools.confirm_dates": is_officer | acts_for_a_school_of,
    "schools.enter_survey": is_officer | acts_for_a_school_of,
    "schools.acts_for_a_school": is_officer | acts_for_a_school_of,
    "schools.view_results": is_officer | is_board,
    "schools.view_sessions": is_officer | acts_for_any_school,
    "schools.book_session": is_signed_in & (is_officer | acts_for_any_school),
    "schools.publish_measure": is_officer,
}
"""plan_links: ask the engine for pairs without storing them; manage_linking: create a linking
year, choose schools and rules, run and adjust the proposal, confirm it, run sessions and mark
attendance, add school contacts; view_linking: see linking years; view_pair: a pair's page
(object: the pair); answer_pair: accept or decline (object: the pair); edit_days: set a
linking day's date, venue, classes, teachers, transport (object: the pair); confirm_dates:
confirm a day's date for a school (object: the pair); enter_survey: a class's survey counts
(object: the pair); acts_for_a_school: act for the school (object: a school), the
permission the Conversations survey's class groups name, so a school's teacher enters counts
for their own school's classes only; view_results: the survey's results; view_sessions /
book_session: training and parents' sessions; publish_measure: send the neighbour measure to
Measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
