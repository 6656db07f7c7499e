"""Every Open Book permission, declared once (django-rules) and asked for by name:
``may(user, "openbook.coordinate")`` in actions, views and templates."""

from __future__ import annotations

from typing import Any

import rules

from commonground.core.predicates import is_officer, is_signed_in


@rules.predicate
def is_the_volunteer(user, obj) -> bool:
    """The volunteer who offers the talk (obj: an offer, or a request matched to one)."""
    offer = getattr(obj, "talk", obj)
    return offer is not None and getattr(offer, "volunteer_id", None) == user.pk


@rules.predicate
def is_the_requester(user, request) -> bool:
    """The person who asked for the talk, or a confirmed member of the partner organisation
    it was asked for."""
    if request is None or not hasattr(request, "requester_id"):
        return False
    if request.requester_id == user.pk:
        return True
    may_act_for = getattr(user, "may_act_for", None)
    return request.organisation_id is not None and bool(
        may_act_for and may_act_for(request.organisation)
    )


PERMISSIONS: dict[str, Any] = {
    "openbook.offer_talk": is_signed_in,
    "openbook.withdraw_offer": is_signed_in & (is_officer | is_the_volunteer),
    "openbook.request_talk": is_signed_in,
    "openbook.coordinate": is_officer,
    "openbook.see_request": is_signed_in & (is_officer | is_the_requester | is_the_volunteer),
    "openbook.act_as_requester": is_signed_in & is_the_requester,
    "openbook.act_as_volunteer": is_signed_in & is_the_volunteer,
    "openbook.cancel": is_signed_in & (is_officer | is_the_requester | is_the_volunteer),
    "openbook.record_delivery": is_signed_in & (is_officer | is_the_volunteer),
    "openbook.see_figures": is_officer,
}
"""offer_talk: offer a talk; withdraw_offer: take an offer down (object: the offer);
request_talk: ask for a talk; coordinate: approve offers, match requests, read and tick
safeguarding, read volunteers' feedback; see_request: see a request's page (object: the
request); act_as_requester: confirm the date, give the group's feedback; act_as_volunteer:
accept or decline, give the volunteer's feedback; cancel: cancel with a reason;
record_delivery: say the talk happened and how many came; see_figures: talks and audiences by
ward and quarter, and send them to Measures."""

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def may(user, permission: str, obj: Any = None) -> bool:
    """Ask the rule set for a declared Open Book permission."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared openbook permission {permission!r}")
    return rules.has_perm(permission, user, obj)
