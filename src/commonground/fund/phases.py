"""Phases as data: each phase of a round switches features on, and permissions follow from it.

Like adhocracy4's Project → Phase, a view never asks "is voting open?" itself: it asks
``round.allows("ballot.cast")`` (or :func:`can` with a user), and the answer comes from the
round's active phase and the table below.  Changing what a phase allows is a one-line change
here, covered by the phase × role matrix test.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from commonground.core.roles import Role


class PhaseKind(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals")
    ASSESSMENT = "assessment", _("Assessment")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    DELIVERY = "delivery", _("Delivery")


PHASE_ORDER: list[str] = [k.value for k in PhaseKind]

DRAFT = "draft"
"""The state of a round before its first phase opens (officers set it up)."""

ANYONE = "anyone"
"""A feature open to everybody, signed in or not (eligibility is checked by the feature)."""

PROPOSER = "proposer"
"""A feature for the people who submitted the proposal in question (and officers)."""


@dataclass(frozen=True)
class Feature:
    """Something a person can do in a round: who may, and in which phases."""

    name: str
    roles: tuple[str, ...]
    phases: tuple[str, ...]
    description: str


_ALL_ROLES = (Role.RESIDENT.value, Role.PARTNER.value, Role.OFFICER.value, Role.BOARD.value)

FEATURES: dict[str, Feature] = {
    f.name: f
    for f in [
        Feature(
            "round.configure",
            (Role.OFFICER.value,),
            (DRAFT, PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "change the budget, rules, ballot, themes and timetable (locked once voting opens)",
        ),
        Feature(
            "proposal.submit",
            _ALL_ROLES,
            (PhaseKind.PROPOSALS,),
            "start, save and submit a proposal",
        ),
        Feature(
            "proposal.revise",
            (PROPOSER,),
            (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "revise a proposal an officer has asked to be revised",
        ),
        Feature(
            "proposal.assess",
            (Role.OFFICER.value,),
            (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "screen eligibility, assess, ask for revisions, merge",
        ),
        Feature(
            "proposal.shortlist",
            (Role.OFFICER.value,),
            (PhaseKind.ASSESSMENT,),
            "put a proposal on the ballot",
        ),
        Feature(
            "vote.open",
            (Role.OFFICER.value,),
            (PhaseKind.ASSESSMENT,),
            "open voting (locks the rules, ballot and budget)",
        ),
        Feature("shortlist.view", (ANYONE,), (PhaseKind.VOTE,), "see the projects on the ballot"),
        Feature("ballot.cast", (ANYONE,), (PhaseKind.VOTE,), "vote, and change one's vote"),
        Feature(
            "ballot.key_paper",
            (Role.OFFICER.value,),
            (PhaseKind.VOTE,),
            "key in a paper ballot (two officers must agree)",
        ),
        Feature("vote.close", (Role.OFFICER.value,), (PhaseKind.VOTE,), "close the vote"),
        Feature(
            "results.compute",
            (Role.OFFICER.value,),
            (PhaseKind.RESULTS,),
            "compute (or re-check) the result",
        ),
        Feature(
            "results.view",
            (ANYONE,),
            (PhaseKind.RESULTS, PhaseKind.DELIVERY),
            "see the result and why each project won or lost",
        ),
        Feature(
            "results.override",
            (Role.OFFICER.value,),
            (PhaseKind.RESULTS,),
            "override the result for one project, with a public reason",
        ),
        Feature(
            "grants.award",
            (Role.OFFICER.value,),
            (PhaseKind.RESULTS, PhaseKind.DELIVERY),
            "turn winning projects into grants",
        ),
        Feature(
            "grant.report",
            (PROPOSER,),
            (PhaseKind.DELIVERY,),
            "report a funded project's progress",
        ),
    ]
}


def phase_features(kind: str) -> set[str]:
    """The features a phase (or ``"draft"``) switches on."""
    return {name for name, f in FEATURES.items() if kind in f.phases}


def role_may(user, feature: str, *, is_proposer: bool = False) -> bool:
    """Whether ``user`` holds a role the feature names (ignoring the phase)."""
    spec = FEATURES[feature]
    if ANYONE in spec.roles:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.has_role(Role.OFFICER) and (PROPOSER in spec.roles or Role.OFFICER in spec.roles):
        return True
    if PROPOSER in spec.roles and is_proposer:
        return True
    named = [r for r in spec.roles if r not in (ANYONE, PROPOSER)]
    return bool(named) and user.has_role(*named)


def can(user, feature: str, round_, *, is_proposer: bool = False) -> bool:
    """Whether ``user`` may use ``feature`` in ``round_`` now: its phase allows it, and a role."""
    return round_.allows(feature) and role_may(user, feature, is_proposer=is_proposer)
