"""Every volunteering permission, declared once (django-rules) and asked for by name:
``may(user, "volunteering.manage_opportunity", opportunity)`` in actions and views."""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_officer, is_partner, is_signed_in


@rules.predicate
def acts_for_the_organisation(user, obj) -> bool:
    """A confirmed member of the organisation behind an opportunity or a call-out."""
    organisation = getattr(obj, "organisation", None)
    may_act_for = getattr(user, "may_act_for", None)
    return organisation is not None and may_act_for is not None and bool(may_act_for(organisation))


PERMISSIONS: dict[str, Any] = {
    "volunteering.post_opportunity": is_officer | is_partner,
    "volunteering.manage_opportunity": is_officer | (is_partner & acts_for_the_organisation),
    "volunteering.sign_up": is_signed_in,
    "volunteering.send_callout": is_officer | is_partner,
    "volunteering.see_callout": is_officer | (is_partner & acts_for_the_organisation),
    "volunteering.see_figures": is_officer,
    "volunteering.publish_figures": is_officer,
}
"""post_opportunity: post a new opportunity; manage_opportunity: see its volunteers, accept,
decline or wait-list them and confirm hours (object: the opportunity); sign_up: offer to
volunteer; send_callout: send an urgent call-out; see_callout: watch its headcount (object:
the call-out); see_figures: volunteering by ward and organisation; publish_figures: send hours
by ward and quarter to Measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def may(user, permission: str, obj: Any = None) -> bool:
    """Ask the rule set for a declared volunteering permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared volunteering permission {permission!r}")
    return rules.has_perm(permission, user, obj)
