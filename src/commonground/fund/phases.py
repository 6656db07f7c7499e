"""Phases as data: each phase of a round switches features on, and permissions follow from it.

Like adhocracy4's Project → Phase, nothing asks "is voting open?" itself.  The table below
says, for each feature, which roles may use it and in which phases; ``fund/rules.py`` turns
each row into one permission (``fund.<feature>``, role predicate & phase predicate), and
actions, views and templates ask for that permission by name.  Changing what a phase allows
is a one-line change here, covered by the phase × role matrix test.
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
_OFFICER = (Role.OFFICER.value,)
_OPEN_FOR_VOTERS = (DRAFT, PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT, PhaseKind.VOTE)

ANY_PHASE: tuple[str, ...] = (DRAFT, *PHASE_ORDER)
"""Every state of a round: the feature depends on the role alone (managing a round)."""

NO_ROUND: tuple[str, ...] = ()
"""A feature asked of no round (creating or importing one): no phase is involved."""

FEATURES: dict[str, Feature] = {
    f.name: f
    for f in [
        Feature("round.create", _OFFICER, NO_ROUND, "set up a new round (in draft)"),
        Feature("round.import", _OFFICER, NO_ROUND, "import a closed round from a Pabulib file"),
        Feature(
            "round.manage",
            _OFFICER,
            ANY_PHASE,
            "see a round's management pages, its drafts and its assessment queue",
        ),
        Feature(
            "round.configure",
            _OFFICER,
            (DRAFT, PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "change the budget, rules, ballot, themes and timetable (locked once voting opens)",
        ),
        Feature("round.open", _OFFICER, (DRAFT,), "open a drafted round for proposals"),
        Feature(
            "assessment.open",
            _OFFICER,
            (PhaseKind.PROPOSALS,),
            "close the call for proposals and start assessing them",
        ),
        Feature(
            "proposal.start",
            _ALL_ROLES,
            (PhaseKind.PROPOSALS,),
            "start a proposal",
        ),
        Feature(
            "proposal.edit",
            (PROPOSER, Role.OFFICER.value),
            (PhaseKind.PROPOSALS,),
            "save changes to a draft proposal",
        ),
        Feature(
            "proposal.submit",
            (PROPOSER,),
            (PhaseKind.PROPOSALS,),
            "submit one's draft proposal",
        ),
        Feature(
            "proposal.revise",
            (PROPOSER, Role.OFFICER.value),
            (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "revise a proposal an officer has asked to be revised",
        ),
        Feature(
            "proposal.resubmit",
            (PROPOSER,),
            (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "submit a revised proposal again",
        ),
        Feature(
            "proposal.view",
            (PROPOSER, Role.OFFICER.value),
            ANY_PHASE,
            "see a proposal's status page: its assessments and decisions",
        ),
        Feature(
            "proposal.assess",
            _OFFICER,
            (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT),
            "screen eligibility, assess, ask for revisions, merge",
        ),
        Feature(
            "proposal.shortlist",
            _OFFICER,
            (PhaseKind.ASSESSMENT,),
            "put a proposal on the ballot",
        ),
        Feature(
            "voters.upload",
            _OFFICER,
            _OPEN_FOR_VOTERS,
            "upload the list of eligible voters (kept as keyed hashes)",
        ),
        Feature(
            "access_codes.issue",
            _OFFICER,
            _OPEN_FOR_VOTERS,
            "print a batch of single-use access codes",
        ),
        Feature(
            "vote.open",
            _OFFICER,
            (PhaseKind.ASSESSMENT,),
            "open voting (locks the rules, ballot and budget)",
        ),
        Feature(
            "shortlist.view",
            (ANYONE,),
            (PhaseKind.VOTE, PhaseKind.RESULTS, PhaseKind.DELIVERY),
            "see the projects on the ballot",
        ),
        Feature("ballot.cast", (ANYONE,), (PhaseKind.VOTE,), "vote, and change one's vote"),
        Feature(
            "ballot.key_paper",
            _OFFICER,
            (PhaseKind.VOTE,),
            "key in a paper ballot (two officers must agree)",
        ),
        Feature(
            "identity.review",
            _OFFICER,
            (PhaseKind.VOTE,),
            "count or reject a ballot held as a possible second vote by one person",
        ),
        Feature("vote.close", _OFFICER, (PhaseKind.VOTE,), "close the vote"),
        Feature(
            "results.compute",
            _OFFICER,
            (PhaseKind.RESULTS, PhaseKind.DELIVERY),
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
            _OFFICER,
            (PhaseKind.RESULTS,),
            "override the result for one project, with a public reason",
        ),
        Feature(
            "grants.award",
            _OFFICER,
            (PhaseKind.RESULTS, PhaseKind.DELIVERY),
            "turn winning projects into grants",
        ),
        Feature(
            "grant.update",
            _OFFICER,
            (PhaseKind.DELIVERY,),
            "set a grant's conditions and payment milestones",
        ),
        Feature(
            "milestone.pay",
            _OFFICER,
            (PhaseKind.DELIVERY,),
            "record a milestone payment",
        ),
        Feature(
            "grant.report",
            (PROPOSER, Role.OFFICER.value),
            (PhaseKind.DELIVERY,),
            "report a funded project's progress",
        ),
    ]
}


def phase_features(kind: str) -> set[str]:
    """The features a phase (or ``"draft"``) switches on."""
    return {name for name, f in FEATURES.items() if kind in f.phases}
