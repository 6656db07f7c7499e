"""Every referrals permission, declared once from the role predicates; asked for by name.

A referral belongs to two organisations: the one that sent it and the one whose directory
service received it. Only confirmed members of those two see the person's record; officers,
board members and partners see the new arrivals report, which is aggregate and suppressed.
Who opened which record is shown to each organisation's admins and to officers.
"""

from __future__ import annotations

import rules

from commonground.core.predicates import (
    acts_for_an_organisation,
    is_admin,
    is_board,
    is_officer,
    is_partner,
    is_signed_in,
)


def _acts_for(user, organisation_id) -> bool:
    may_act_for = getattr(user, "may_act_for", None)
    return bool(organisation_id and may_act_for and may_act_for(organisation_id))


@rules.predicate
def acts_for_sender(user, referral) -> bool:
    """A confirmed member of the organisation that made the referral."""
    return referral is not None and _acts_for(user, referral.from_organisation_id)


@rules.predicate
def acts_for_receiver(user, referral) -> bool:
    """A confirmed member of the organisation whose service received the referral."""
    return referral is not None and _acts_for(user, referral.to_organisation_id)


@rules.predicate
def not_anonymised(user, record) -> bool:
    return record is not None and record.anonymised_at is None


@rules.predicate
def keeps_plan(user, plan) -> bool:
    """A confirmed member of the organisation supporting the person."""
    return plan is not None and _acts_for(user, plan.organisation_id)


@rules.predicate
def administers_an_organisation(user) -> bool:
    memberships = getattr(user, "memberships", None)
    return bool(
        getattr(user, "pk", None)
        and memberships is not None
        and memberships.filter(status="confirmed", is_admin=True).exists()
    )


member = is_signed_in & acts_for_an_organisation

rules.add_perm("referrals.use", member)
rules.add_perm("referrals.refer", member)
rules.add_perm("referrals.view", is_signed_in & (acts_for_sender | acts_for_receiver))
rules.add_perm("referrals.decide", is_signed_in & acts_for_receiver & not_anonymised)
rules.add_perm("referrals.progress", is_signed_in & acts_for_receiver & not_anonymised)
rules.add_perm("referrals.withdraw", is_signed_in & acts_for_sender & not_anonymised)
rules.add_perm("referrals.note_decline", is_signed_in & acts_for_sender)
rules.add_perm("referrals.view_access_log", is_officer | administers_an_organisation)
rules.add_perm("referrals.see_every_access", is_officer)
rules.add_perm("referrals.anonymise", is_officer | is_admin)
rules.add_perm("referrals.plan", member)
rules.add_perm("referrals.view_plan", is_signed_in & keeps_plan)
rules.add_perm("referrals.change_plan", is_signed_in & keeps_plan & not_anonymised)
rules.add_perm("referrals.view_report", is_officer | is_board | is_partner)
