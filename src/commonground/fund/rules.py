"""Every fund permission, declared once (django-rules, as adhocracy4/meinBerlin do).

Each row of the phase table (:data:`commonground.fund.phases.FEATURES`) becomes one
permission ``fund.<feature>``: *a role the row names* **and** *a phase the row names*.  The
object asked about is a round, or something in one (a proposal, a grant, a milestone, a held
ballot); the phase is that round's.

Everything asks by name, through one of two doors:

* :func:`may` (``may(user, "fund.vote.close", round_)``) and :func:`ensure` (the same, raising)
  in actions and views; ``{% fund_may "fund.ballot.cast" round as can_vote %}`` in templates.
  Both go straight to the rule set, so a superuser gets no phase the round is not in (Django's
  ``user.has_perm`` would let a superuser past every phase).
* ``user.has_perm("fund.…", obj)`` works too (``rules.permissions.ObjectPermissionBackend``).

:func:`ensure` tells a refusal of *role* (:class:`~django.core.exceptions.PermissionDenied`)
from a refusal of *time* (:class:`RoundClosed`, a subclass): a resident who reaches a closed
vote is told when it closed, not that their account lacks a role.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from commonground.core import predicates
from commonground.core.roles import Role

from .phases import ANYONE, FEATURES, NO_ROUND, PROPOSER, Feature

PERMISSIONS: dict[str, str] = {f"fund.{name}": name for name in FEATURES}
"""Permission name → feature name, for every fund permission."""


class Operator:
    """Whoever runs a ``commonground fund`` command on the server (trusted like an officer
    for the features the command line offers: importing a round, counting one).  Audited as
    ``command line``."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = False

    def get_username(self) -> str:
        return "command line"

    def has_role(self, *roles) -> bool:
        return False

    def has_perm(self, perm: str, obj=None) -> bool:
        return may(self, perm, obj)

    def __str__(self) -> str:
        return self.get_username()


OPERATOR = Operator()

_OPERATOR_FEATURES = {"round.import", "results.compute"}


class RoundClosed(PermissionDenied):
    """The role is right but the round is not in a phase that allows the feature."""

    def __init__(self, round_, feature: str):
        super().__init__(
            _("That is not possible in this phase of the round (%(phase)s).")
            % {"phase": round_.phase_label}
        )
        self.round = round_
        self.feature = feature


# ------------------------------------------------------------------ what the object is


def round_of(obj):
    """The round an object belongs to: a round itself, a proposal's, a grant's, ...."""
    from .models import Round

    if obj is None or isinstance(obj, Round):
        return obj
    if hasattr(obj, "round"):
        return obj.round
    if hasattr(obj, "grant"):
        return obj.grant.round
    return None


def _proposal_of(obj):
    from .models import Grant, Milestone, Proposal

    if isinstance(obj, Proposal):
        return obj
    if isinstance(obj, Grant):
        return obj.proposal
    if isinstance(obj, Milestone):
        return obj.grant.proposal
    return None


# ------------------------------------------------------------------ predicates


@rules.predicate
def is_proposer(user, obj) -> bool:
    """The person who submitted the proposal (or its organisation's confirmed members)."""
    proposal = _proposal_of(obj)
    return bool(
        proposal is not None and getattr(user, "is_authenticated", False)
    ) and proposal.is_proposer(user)


@rules.predicate
def is_operator(user) -> bool:
    return isinstance(user, Operator)


_ROLE_PREDICATES = {
    Role.RESIDENT.value: predicates.is_resident,
    Role.PARTNER.value: predicates.is_partner,
    Role.OFFICER.value: predicates.is_officer,
    Role.BOARD.value: predicates.is_board,
    Role.ADMIN.value: predicates.is_admin,
    PROPOSER: is_proposer,
}


def role_predicate(feature: Feature) -> rules.Predicate:
    """Who may use ``feature``, whatever the phase: any role its row names."""
    if ANYONE in feature.roles:
        return rules.always_allow
    combined = rules.always_deny
    for role in feature.roles:
        combined = combined | _ROLE_PREDICATES[role]
    if feature.name in _OPERATOR_FEATURES:
        combined = combined | is_operator
    return combined


def phase_predicate(feature: Feature) -> rules.Predicate:
    """Whether the object's round is in a phase that switches ``feature`` on."""
    if feature.phases == NO_ROUND:
        return rules.always_allow

    @rules.predicate(name=f"phase_allows:{feature.name}")
    def allowed(user, obj) -> bool:
        round_ = round_of(obj)
        return round_ is not None and round_.allows(feature.name)

    return allowed


for _name, _feature in FEATURES.items():
    rules.set_perm(f"fund.{_name}", role_predicate(_feature) & phase_predicate(_feature))


# ------------------------------------------------------------------ asking


def may(user, perm: str, obj=None) -> bool:
    """Whether ``user`` holds the fund permission ``perm`` on ``obj`` now."""
    if perm not in PERMISSIONS:
        raise KeyError(f"{perm!r} is not a fund permission: ask for one of {sorted(PERMISSIONS)}")
    return rules.has_perm(perm, user, obj)


def ensure(user, perm: str, obj=None) -> None:
    """Refuse unless ``user`` holds ``perm`` on ``obj``: :class:`RoundClosed` when only the
    phase is wrong, :class:`~django.core.exceptions.PermissionDenied` when the role is."""
    if may(user, perm, obj):
        return
    feature = FEATURES[PERMISSIONS[perm]]
    round_ = round_of(obj)
    if round_ is not None and role_predicate(feature).test(user, obj):
        raise RoundClosed(round_, feature.name)
    raise PermissionDenied(_("Your role does not allow that."))
