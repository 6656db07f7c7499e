"""Reads of the fund: what pages, checks and actions ask, never changing anything.

Kept apart from :mod:`commonground.fund.actions` (which only write) so that a read can be
called from a template or a page without a lock, a permission or an audit event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import (
    BallotType,
    IdentityReview,
    PaperBallot,
    PaperEntryStatus,
    Proposal,
    ReviewStatus,
    Round,
    Verification,
    VoterLink,
)
from .templatetags.fund import money
from .voters import Voter


def pending_for(round_: Round, voter: Voter) -> IdentityReview | None:
    """The postcode voter's held ballot (pending or decided), if any."""
    if voter.method != Verification.POSTCODE:
        return None
    return (
        IdentityReview.objects.filter(round=round_, identity__token=voter.token)
        .exclude(status=ReviewStatus.COUNTED)
        .first()
    )


NOT_HELD = object()
"""What :func:`held_choices` returns for a voter who is not held."""


def held_choices(round_: Round, voter: Voter) -> Any:
    """A held voter's ballot as it stands, ``None`` if they have not cast it yet, or the
    sentinel ``NOT_HELD`` when the voter is not held (read their ballot as usual)."""
    review = pending_for(round_, voter)
    if review is None or review.status != ReviewStatus.PENDING:
        return NOT_HELD
    return review.choices


def held_is_final(round_: Round, voter: Voter) -> bool:
    """Whether a held voter said they had finished."""
    review = pending_for(round_, voter)
    return review is not None and review.status == ReviewStatus.PENDING and review.final


def is_held(round_: Round, voter: Voter) -> bool:
    """Whether this voter's ballot waits for an officer (for the ballot page's notice)."""
    review = pending_for(round_, voter)
    return review is not None and review.status == ReviewStatus.PENDING


def pending_reviews(round_: Round) -> QuerySet[IdentityReview]:
    """Held ballots still waiting for a decision, oldest first."""
    return IdentityReview.objects.filter(round=round_, status=ReviewStatus.PENDING).order_by(
        "created_at", "pk"
    )


def eligibility_problems(proposal: Proposal) -> list[str]:
    """What stops a proposal being submitted under its round's rules (empty when none)."""
    round_ = proposal.round
    problems = []
    if not proposal.title.strip():
        problems.append(_("Give the proposal a title."))
    if not proposal.summary.strip():
        problems.append(_("Write a short summary."))
    if not proposal.description.strip():
        problems.append(_("Describe the project in full."))
    if not proposal.pillars.exists():
        problems.append(_("Choose at least one pillar of the strategy."))
    if not proposal.budget_lines.exists():
        problems.append(_("Add at least one line to the budget."))
    cost = proposal.budget_total()
    if cost < round_.min_cost:
        problems.append(
            _("The budget adds up to %(total)s: this round's smallest grant is %(limit)s.")
            % {
                "total": money(cost, round_.currency),
                "limit": money(round_.min_cost, round_.currency),
            }
        )
    if round_.max_cost is not None and cost > round_.max_cost:
        problems.append(
            _("The budget adds up to %(total)s: this round's largest grant is %(limit)s.")
            % {
                "total": money(cost, round_.currency),
                "limit": money(round_.max_cost, round_.currency),
            }
        )
    if round_.eligible_applicants and proposal.applicant_kind not in round_.eligible_applicants:
        problems.append(_("Say which kind of applicant you are (one this round accepts)."))
    if organisation_problem := proposal.organisation_problem():
        problems.append(organisation_problem)
    organisations = proposal.partners.count() + (1 if proposal.organisation_id else 0)
    organisations += len([line for line in proposal.other_partners.splitlines() if line.strip()])
    if organisations < round_.min_partners:
        problems.append(
            _("This round funds collaborations of at least %(n)s organisations.")
            % {"n": round_.min_partners}
        )
    if proposal.pot_area_id and not round_.area_budgets.filter(area=proposal.pot_area).exists():
        problems.append(_("That area has no budget in this round."))
    return problems


def ballot_projects(round_: Round, *, to_check: bool = False) -> dict[str, Proposal]:
    """Code → proposal for the projects on the ballot.

    ``to_check`` loads only what checking a ballot needs (code, cost, pot): a proposal row is
    wide (descriptions, outputs, budgets as text), and building a dozen full ones was the
    largest single cost of a cast ballot.  Pages that show the projects load them whole.
    """
    projects = Proposal.objects.filter(round=round_).on_ballot().select_related("pot_area")
    if to_check:
        projects = projects.only("code", "cost", "round_id", "pot_area__code")
    return {p.code: p for p in projects}


def clean_choices(round_: Round, choices: Any, projects: Mapping[str, Proposal] | None = None):
    """Check a ballot against the round's ballot rules; returns it in stored form.

    Approval and ranking ballots are a list of codes (in rank order); points ballots a
    ``{code: points}`` mapping with positive whole points.
    """
    projects = projects if projects is not None else ballot_projects(round_, to_check=True)
    if round_.ballot_type == BallotType.POINTS:
        if not isinstance(choices, Mapping):
            raise ValidationError(_("Give points to the projects you support."))
        cleaned: dict[str, int] = {}
        for code, value in choices.items():
            try:
                points = int(value)
            except (TypeError, ValueError):
                raise ValidationError(_("Points must be whole numbers.")) from None
            if points < 0:
                raise ValidationError(_("Points cannot be negative."))
            if points:
                cleaned[str(code)] = points
        codes = list(cleaned)
        total = sum(cleaned.values())
        if round_.points_total and total > round_.points_total:
            raise ValidationError(
                _("You gave %(given)s points; you have %(total)s to share out.")
                % {"given": total, "total": round_.points_total}
            )
    else:
        if isinstance(choices, (str, bytes)) or not isinstance(choices, Sequence):
            raise ValidationError(_("Choose the projects you support."))
        codes = [str(c) for c in choices]
        cleaned = codes  # type: ignore[assignment]
    if not codes:
        raise ValidationError(_("Choose at least one project."))
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Choose each project only once."))
    unknown = [c for c in codes if c not in projects]
    if unknown:
        raise ValidationError(_("That project is not on the ballot."))
    limited = round_.ballot_type in (BallotType.APPROVAL_K, BallotType.RANKING_K)
    if limited and round_.max_choices and len(codes) > round_.max_choices:
        raise ValidationError(_("Choose at most %(k)s projects.") % {"k": round_.max_choices})
    if round_.ballot_type == BallotType.APPROVAL_BUDGET:
        budgets = {pot.key: pot.budget for pot in round_.pots}
        spent: dict[str, Decimal] = {}
        for code in codes:
            key = projects[code].pot_key
            spent[key] = spent.get(key, Decimal(0)) + projects[code].cost
        for key, amount in spent.items():
            if amount > budgets.get(key, Decimal(0)):
                raise ValidationError(
                    _("Your choices cost more than the budget. Remove a project and try again.")
                )
    return cleaned


def ballot_is_final(round_: Round, voter: Voter) -> bool:
    """Whether this voter said they had finished (their ballot cannot change)."""
    if held_is_final(round_, voter):
        return True
    return VoterLink.objects.filter(round=round_, token=voter.token, final=True).exists()


def current_choices(round_: Round, voter: Voter) -> Any:
    """The voter's ballot as it stands (to change it), or ``None``."""
    held = held_choices(round_, voter)
    if held is not NOT_HELD:
        return held
    link = VoterLink.objects.filter(round=round_, token=voter.token).select_related("ballot")
    link = link.first()
    return link.ballot.choices if link else None


def papers_needing_a_decision(round_: Round) -> list[PaperBallot]:
    """Papers keyed once, or keyed differently, with their entries: the close waits for them.
    Each carries ``ref`` (the paper's number, unsealed with the round's key)."""
    papers = list(
        PaperBallot.objects.filter(
            round=round_, status__in=[PaperEntryStatus.PENDING, PaperEntryStatus.MISMATCH]
        )
        .prefetch_related("entries__entered_by")
        .order_by("pk")
    )
    for paper in papers:
        paper.round = round_
    return sorted(papers, key=lambda p: p.ref)
