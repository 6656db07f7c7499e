"""Every mixing-challenges permission, declared once (django-rules) and asked for by name:
``may(user, "challenges.design")`` in actions, views and templates."""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_officer, is_partner, is_signed_in


@rules.predicate
def acts_for_the_designer(user, obj) -> bool:
    """A confirmed member of the organisation the challenge or venue was written for."""
    organisation_id = getattr(obj, "organisation_id", None)
    may_act_for = getattr(user, "may_act_for", None)
    return (
        organisation_id is not None
        and may_act_for is not None
        and bool(may_act_for(organisation_id))
    )


PERMISSIONS: dict[str, Any] = {
    "challenges.design": is_officer | is_partner,
    "challenges.edit": is_officer | (is_partner & acts_for_the_designer),
    "challenges.take_part": is_signed_in,
    "challenges.publish_figures": is_officer,
}
"""design: write a new challenge or add a venue (officers, community-group members); edit:
change one, print its venue's QR code (object: the challenge or venue); take_part: take
challenges on, check in, join a team; publish_figures: see and send the figures to Measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def may(user, permission: str, obj: Any = None) -> bool:
    """Ask the rule set for a declared challenges permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared challenges permission {permission!r}")
    return rules.has_perm(permission, user, obj)
