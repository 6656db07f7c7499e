"""Who may do what in core: acting for organisations, background work, the tasks page.

Every core permission is declared here, once, with django-rules (loaded at start-up by
``rules.apps.AutodiscoverRulesConfig``). Views, actions and templates ask for a permission by
name — ``user.has_perm("core.decide_membership", organisation)``, or in a template
``{% load rules %}{% has_perm "core.view_background_work" user as may %}`` — and never test a
role themselves. The roles come from :mod:`commonground.core.predicates`.
"""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_admin, is_officer, is_signed_in


@rules.predicate
def administers_the_organisation(user, target) -> bool:
    """A confirmed admin member of the organisation (`target`, or a membership's)."""
    organisation = getattr(target, "organisation", target)
    administers = getattr(user, "administers", None)
    return organisation is not None and administers is not None and bool(administers(organisation))


@rules.predicate
def is_the_member(user, membership) -> bool:
    """The person whose membership (or request) it is."""
    return membership is not None and getattr(membership, "user_id", None) == user.pk


PERMISSIONS: dict[str, Any] = {
    # Acting for an organisation (docs/organisations.md)
    "core.request_membership": is_signed_in,
    "core.decide_membership": is_signed_in & (is_officer | administers_the_organisation),
    "core.end_membership": is_signed_in
    & (is_officer | administers_the_organisation | is_the_member),
    "core.appoint_organisation_admin": is_officer,
    "core.review_memberships": is_officer,
    # Background work (docs/background-work.md)
    "core.view_background_work": is_officer | is_admin,
    "core.retry_background_work": is_officer | is_admin,
    # /healthz's details (which check failed, and why)
    "core.view_health_details": is_officer | is_admin,
}
"""request_membership: ask to join; decide_membership: confirm or refuse a request (object: the
organisation or the membership); end_membership: end a membership or withdraw a request
(object: the membership); appoint_organisation_admin: give or take the admin flag;
review_memberships: see every organisation's requests and members; view_background_work: see
running, waiting and failed tasks with their objects and errors; retry_background_work: "Try
again" on a failed task (it reruns the task's idempotent action)."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def may(user, permission: str, obj: Any = None) -> bool:
    """`user.has_perm(permission, obj)` for a core permission, asking the rule set alone.

    The same answer without Django's model backend, which would read the user's model
    permissions from the database: the layout asks on every page.
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared core permission {permission!r}")
    return rules.has_perm(permission, user, obj)
