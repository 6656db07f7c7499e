"""Role predicates every app's `rules.py` builds its permissions from.

Each app declares its permissions once, in its own `rules.py`
(`rules.add_perm("fund.vote", is_resident & voting_open)`), and views, actions and
templates ask for them by name (`user.has_perm("fund.vote", round)`, `{% has_perm %}`).
The roles themselves are declared once here, so no app spells out
`user.has_role("officer")` again.

A predicate is false for anonymous and inactive users, and true for superusers (they
hold every role, as `User.has_role` says).
"""

from __future__ import annotations

import rules

from commonground.core.roles import Role


def _holds(user, role: Role) -> bool:
    """True if `user` is a signed-in, active account holding `role`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    has_role = getattr(user, "has_role", None)
    return bool(has_role and has_role(role))


@rules.predicate
def is_signed_in(user) -> bool:
    """Anyone with an active account."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


@rules.predicate
def is_officer(user) -> bool:
    """A council officer: runs rounds, consultations and measures."""
    return _holds(user, Role.OFFICER)


@rules.predicate
def is_partner(user) -> bool:
    """A partner member: acts for an organisation (proposals, uploads)."""
    return _holds(user, Role.PARTNER)


@rules.predicate
def is_board(user) -> bool:
    """A board member: reads reports, assesses proposals where a round asks them to."""
    return _holds(user, Role.BOARD)


@rules.predicate
def is_caseworker(user) -> bool:
    """A trained hate-incident caseworker: triages and follows incident reports."""
    return _holds(user, Role.CASEWORKER)


@rules.predicate
def is_admin(user) -> bool:
    """An administrator (the admin role, or a superuser)."""
    return _holds(user, Role.ADMIN)


@rules.predicate
def is_resident(user) -> bool:
    """A resident with an account (residents may also take part without one)."""
    return _holds(user, Role.RESIDENT)


@rules.predicate
def acts_for_an_organisation(user) -> bool:
    """A confirmed member of at least one organisation.

    Read from the ``core.acts_for_an_organisation`` flag the membership rows keep in step
    (see ``core.models.membership``), so header tools can ask it with no query of their own."""
    if not is_signed_in(user):
        return False
    return "core.acts_for_an_organisation" in user.get_all_permissions()


is_staff_role = is_officer | is_admin
"""Officers and administrators: the people who run the programme."""

__all__ = [
    "acts_for_an_organisation",
    "is_admin",
    "is_board",
    "is_officer",
    "is_partner",
    "is_resident",
    "is_signed_in",
    "is_staff_role",
]
