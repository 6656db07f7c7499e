"""Proposers: drafts, submissions and revisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import FundEvent
from ..models import (
    BudgetLine,
    Decision,
    DecisionKind,
    PromisedOutput,
    Proposal,
    ProposalImage,
    ProposalStatus,
    ProposalVersion,
    Round,
)
from ..models.proposal import EDITABLE
from ..queries import (
    eligibility_problems,
)
from ..rules import ensure
from ._common import lock_proposal, record

PROPOSAL_FIELDS = (
    "title",
    "summary",
    "description",
    "language",
    "applicant_kind",
    "other_partners",
    "timeline",
    "outputs",
    "outcomes",
    "organisation",
    "pot_area",
)


PROPOSAL_RELATIONS = ("pillars", "objectives", "communities", "wards", "partners", "measures")


def save_draft(
    *,
    actor,
    round_: Round,
    data: Mapping[str, Any],
    budget_lines: Sequence[tuple[str, Decimal]] | None = None,
    promised: Sequence[tuple[str, int, Any]] | None = None,
    images: Sequence[tuple[Any, str]] = (),
    proposal: Proposal | None = None,
) -> Proposal:
    """Create or update a proposal while it is a draft (or being revised): drafts save anytime.

    ``data`` holds fields of :data:`PROPOSAL_FIELDS` and relations of
    :data:`PROPOSAL_RELATIONS`; ``budget_lines`` replaces the itemised budget.
    """
    with transaction.atomic():
        if proposal is None:
            round_ = Round.objects.get(pk=round_.pk)  # the phase as it is now
            ensure(actor, "fund.proposal.start", round_)
            proposal = Proposal(round=round_, submitted_by=actor, title=data.get("title") or "")
            if "organisation" not in data and actor.may_act_for(actor.organisation_id):
                proposal.organisation_id = actor.organisation_id
            created = True
        else:
            proposal = lock_proposal(proposal)
            revising = proposal.status == ProposalStatus.REVISION_REQUESTED
            ensure(actor, "fund.proposal.revise" if revising else "fund.proposal.edit", proposal)
            if proposal.status not in EDITABLE:
                raise ValidationError(_("This proposal can no longer be changed."))
            created = False
        if "organisation" in data:
            proposal.check_organisation(actor, data["organisation"])
        for name in PROPOSAL_FIELDS:
            if name not in data:
                continue
            value = data[name]
            if value is None and name not in ("organisation", "pot_area"):
                value = ""
            setattr(proposal, name, value)
        proposal.full_clean(exclude=["round", "submitted_by"])
        proposal.save()
        for name in PROPOSAL_RELATIONS:
            if name in data:
                getattr(proposal, name).set(data[name])
        if budget_lines is not None:
            proposal.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(proposal=proposal, order=i, item=item, amount=amount)
                for i, (item, amount) in enumerate(budget_lines)
            )
        if promised is not None:
            proposal.promised.all().delete()
            PromisedOutput.objects.bulk_create(
                PromisedOutput(proposal=proposal, description=d, target=t, measure=m)
                for d, t, m in promised
            )
        for image, alt_text in images:
            ProposalImage.objects.create(proposal=proposal, image=image, alt_text=alt_text[:250])
        proposal.cost = proposal.budget_total()
        proposal.save(update_fields=["cost"])
        if created:
            record(FundEvent.PROPOSAL_STARTED, actor=actor, obj=proposal)
    return proposal


def submit_proposal(*, actor, proposal: Proposal) -> Proposal:
    """Submit (or resubmit after a revision) a proposal; each submission is a kept version."""
    with transaction.atomic():
        proposal = lock_proposal(proposal)
        revising = proposal.status == ProposalStatus.REVISION_REQUESTED
        ensure(actor, "fund.proposal.resubmit" if revising else "fund.proposal.submit", proposal)
        if proposal.status not in EDITABLE:
            raise ValidationError(_("This proposal has already been submitted."))
        problems = eligibility_problems(proposal)
        if problems:
            raise ValidationError(problems)
        proposal.version += 1
        proposal.status = ProposalStatus.SUBMITTED
        proposal.submitted_at = timezone.now()
        proposal.cost = proposal.budget_total()
        proposal.save(update_fields=["version", "status", "submitted_at", "cost"])
        ProposalVersion.objects.create(
            proposal=proposal, number=proposal.version, data=proposal.snapshot(), created_by=actor
        )
        kind = DecisionKind.RESUBMITTED if revising else DecisionKind.SUBMITTED
        Decision.objects.create(proposal=proposal, kind=kind, actor=actor)
        record(
            FundEvent.PROPOSAL_SUBMITTED,
            actor=actor,
            obj=proposal,
            data={"version": proposal.version, "cost": str(proposal.cost)},
        )
    return proposal
