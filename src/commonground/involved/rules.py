"""Every Getting Involved permission, declared once (django-rules) and asked for by name:
``may(user, "involved.manage_event", event)`` in actions and views."""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_officer, is_partner, is_signed_in


@rules.predicate
def acts_for_the_organiser(user, event) -> bool:
    """A confirmed member of the organisation that runs the event."""
    organisation = getattr(event, "organiser", None)
    may_act_for = getattr(user, "may_act_for", None)
    return organisation is not None and may_act_for is not None and bool(may_act_for(organisation))


@rules.predicate
def is_the_registrant(user, registration_or_person) -> bool:
    """The person a registration belongs to; given a person instead (all their registrations
    at once), that person themselves. Nobody else, not even an officer or the organiser."""
    from .models import Registration

    if registration_or_person is None or getattr(user, "pk", None) is None:
        return False
    if isinstance(registration_or_person, Registration):
        return registration_or_person.user_id == user.pk
    return getattr(registration_or_person, "pk", None) == user.pk


PERMISSIONS: dict[str, Any] = {
    "involved.publish_event": is_officer | is_partner,
    "involved.manage_event": is_officer | (is_partner & acts_for_the_organiser),
    "involved.register": is_signed_in,
    "involved.change_text_reminder": is_signed_in & is_the_registrant,
}
"""publish_event: post a new event; manage_event: change it, see who registered (in
aggregate) and take attendance at the door (object: the event); register: take a place;
change_text_reminder: change or stop the text reminder of a registration (object: the
registration, or the person for all their upcoming registrations at once), only their own."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def may(user, permission: str, obj: Any = None) -> bool:
    """Ask the rule set for a declared involved permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared involved permission {permission!r}")
    return rules.has_perm(permission, user, obj)
