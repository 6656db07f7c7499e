"""Officers assessing proposals: eligibility, revisions, merges, the shortlist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..events import FundEvent
from ..models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    Decision,
    DecisionKind,
    Proposal,
    ProposalStatus,
)
from ..rules import ensure
from ._common import lock_proposal, record


def record_assessment(
    *,
    actor,
    proposal: Proposal,
    kind: str,
    outcome: str,
    comment: str,
    checklist: Mapping[str, bool] | None = None,
    internal_note: str = "",
) -> Assessment:
    """An officer's eligibility, feasibility or cost assessment, with a comment the proposer
    sees.  An eligibility screening decides eligible / not eligible."""
    with transaction.atomic():
        proposal = lock_proposal(proposal)
        ensure(actor, "fund.proposal.assess", proposal)
        if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE):
            raise ValidationError(_("Only submitted proposals can be assessed."))
        if kind not in AssessmentKind.values or outcome not in AssessmentOutcome.values:
            raise ValidationError(_("Choose the kind of assessment and its outcome."))
        if outcome != AssessmentOutcome.PASS and not comment.strip():
            raise ValidationError(_("Explain the outcome to the proposer."))
        checklist = dict(checklist or {})
        if kind == AssessmentKind.ELIGIBILITY:
            missing = [q for q in proposal.round.eligibility_checklist if q not in checklist]
            if missing:
                raise ValidationError(_("Answer every question on the checklist."))
        assessment = Assessment.objects.create(
            proposal=proposal,
            version=proposal.version,
            kind=kind,
            outcome=outcome,
            checklist=checklist,
            comment_to_proposer=comment,
            internal_note=internal_note,
            assessor=actor,
        )
        if kind == AssessmentKind.ELIGIBILITY:
            eligible = outcome != AssessmentOutcome.FAIL
            proposal.status = ProposalStatus.ELIGIBLE if eligible else ProposalStatus.INELIGIBLE
            proposal.save(update_fields=["status"])
            decision = DecisionKind.ELIGIBLE if eligible else DecisionKind.INELIGIBLE
        else:
            decision = DecisionKind.ASSESSED
        Decision.objects.create(proposal=proposal, kind=decision, reason=comment, actor=actor)
        record(
            FundEvent.PROPOSAL_ASSESSED,
            actor=actor,
            obj=proposal,
            reason=comment,
            data={"kind": kind, "outcome": outcome, "version": proposal.version},
        )
    return assessment


def request_revision(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Ask the proposer to revise; the submitted version stays in the history."""
    if not reason.strip():
        raise ValidationError(_("Say what needs to change."))
    with transaction.atomic():
        proposal = lock_proposal(proposal)
        ensure(actor, "fund.proposal.assess", proposal)
        if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE):
            raise ValidationError(_("Only submitted proposals can be sent back for revision."))
        proposal.status = ProposalStatus.REVISION_REQUESTED
        proposal.save(update_fields=["status"])
        Decision.objects.create(
            proposal=proposal, kind=DecisionKind.REVISION_REQUESTED, reason=reason, actor=actor
        )
        record(FundEvent.REVISION_REQUESTED, actor=actor, obj=proposal, reason=reason)
    return proposal


def merge_proposals(
    *, actor, target: Proposal, others: Sequence[Proposal], reason: str
) -> Proposal:
    """Merge similar proposals into ``target``: their partners join it; they leave the list."""
    if not reason.strip():
        raise ValidationError(_("Say why these proposals are merged."))
    with transaction.atomic():
        target = lock_proposal(target)
        ensure(actor, "fund.proposal.assess", target)
        mergeable = {ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE}
        if target.status not in mergeable:
            raise ValidationError(_("Merge into a submitted or eligible proposal."))
        for other in others:
            other = lock_proposal(other)
            if other.pk == target.pk or other.round_id != target.round_id:
                raise ValidationError(_("Choose other proposals of the same round."))
            if other.status not in mergeable:
                raise ValidationError(_("Only submitted or eligible proposals can be merged."))
            other.status = ProposalStatus.MERGED
            other.merged_into = target
            other.save(update_fields=["status", "merged_into"])
            target.partners.add(*other.partners.all())
            if other.organisation_verified:  # an unconfirmed claim is not passed on
                target.partners.add(other.organisation_id)
            target.wards.add(*other.wards.all())
            target.pillars.add(*other.pillars.all())
            Decision.objects.create(
                proposal=other, kind=DecisionKind.MERGED, reason=reason, actor=actor
            )
        Decision.objects.create(
            proposal=target, kind=DecisionKind.MERGED, reason=reason, actor=actor
        )
        record(
            FundEvent.PROPOSALS_MERGED,
            actor=actor,
            obj=target,
            reason=reason,
            data={"merged": [o.pk for o in others]},
        )
    return target


def shortlist(*, actor, proposal: Proposal, include: bool, reason: str = "") -> Proposal:
    """Put an eligible proposal on the ballot, or decide not to (with a reason)."""
    if not include and not reason.strip():
        raise ValidationError(_("Say why the proposal is not shortlisted."))
    with transaction.atomic():
        proposal = lock_proposal(proposal)
        ensure(actor, "fund.proposal.shortlist", proposal)
        allowed = {ProposalStatus.ELIGIBLE, ProposalStatus.SHORTLISTED}
        allowed |= {ProposalStatus.NOT_SHORTLISTED}
        if proposal.status not in allowed:
            raise ValidationError(_("Only eligible proposals can be shortlisted."))
        round_ = proposal.round
        pot_area = proposal.pot_area_id
        if include and pot_area and not round_.area_budgets.filter(area_id=pot_area).exists():
            raise ValidationError(_("That area has no budget in this round."))
        proposal.status = ProposalStatus.SHORTLISTED if include else ProposalStatus.NOT_SHORTLISTED
        proposal.save(update_fields=["status"])
        kind = DecisionKind.SHORTLISTED if include else DecisionKind.NOT_SHORTLISTED
        Decision.objects.create(proposal=proposal, kind=kind, reason=reason, actor=actor)
        record(
            FundEvent.PROPOSAL_SHORTLISTED if include else FundEvent.PROPOSAL_NOT_SHORTLISTED,
            actor=actor,
            obj=proposal,
            reason=reason,
        )
    return proposal
