"""Creating a closed round from a Pabulib election."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from commonground.pb import Election, rule_from_pabulib

from ..events import FundEvent
from ..models import (
    Ballot,
    BallotType,
    Channel,
    Phase,
    Proposal,
    ProposalStatus,
    Round,
)
from ..phases import PHASE_ORDER, PhaseKind
from ..rules import ensure
from ._common import record


def import_election(*, actor, election: Election, title: str, slug: str, source: str = "") -> Round:
    """Create a closed round from a Pabulib election: its projects (on the ballot) and its
    ballots (anonymous).  The file's META is kept so the count reproduces the file's; its
    ``rule`` is read through pb's one rule table (an unknown rule counts as ``mes-add1u``).
    ``actor``: an officer, or :data:`commonground.fund.rules.OPERATOR` at the command line."""
    ensure(actor, "fund.round.import")
    meta = dict(election.meta)
    rule = rule_from_pabulib(meta.get("rule", ""), "mes-add1u")
    vote_type = election.vote_type
    ballot_type = {
        "approval": BallotType.APPROVAL_BUDGET,
        "choose-1": BallotType.APPROVAL_K,
        "ordinal": BallotType.RANKING_K,
        "cumulative": BallotType.POINTS,
        "scoring": BallotType.POINTS,
    }[vote_type]
    with transaction.atomic():
        round_ = Round.objects.create(
            title=title[:200],
            slug=slug,
            summary=meta.get("description", "")[:2000],
            currency=(meta.get("currency") or "")[:3] or "EUR",
            budget=Decimal(str(float(election.budget)))
            if election.budget.denominator != 1
            else Decimal(election.budget.numerator),
            ballot_type=ballot_type,
            max_choices=int(meta["max_length"]) if meta.get("max_length", "").isdigit() else None,
            rule=rule,
            pb_meta=meta,
            imported_from=source[:300],
            phase=PhaseKind.RESULTS,
            locked_at=timezone.now(),
            voter_salt="",
            created_by=actor if actor is not None and actor.pk else None,
        )
        proposals = Proposal.objects.bulk_create(
            Proposal(
                round=round_,
                code=p.id,
                title=(p.name or p.id)[:200],
                cost=Decimal(p.cost.numerator) / Decimal(p.cost.denominator),
                status=ProposalStatus.SHORTLISTED,
                extra={k: v for k, v in p.extra.items()},
                version=1,
            )
            for p in election.projects
        )
        del proposals
        rows = []
        for v in range(election.num_voters):
            ballot = election.ballot(v)
            if isinstance(ballot, dict):
                choices: Any = {k: _points_json(x) for k, x in ballot.items()}
            else:
                choices = ballot
            rows.append(Ballot(round=round_, choices=choices, channel=Channel.IMPORTED, position=v))
        Ballot.objects.bulk_create(rows, batch_size=5000)
        for kind in PHASE_ORDER[:3]:
            Phase.objects.create(round=round_, kind=kind, closed_at=timezone.now())
        Phase.objects.create(round=round_, kind=PhaseKind.RESULTS, opened_at=timezone.now())
        for kind in PHASE_ORDER[4:]:
            Phase.objects.create(round=round_, kind=kind)
        record(
            FundEvent.ROUND_IMPORTED,
            actor=actor,
            obj=round_,
            data={
                "source": source,
                "projects": election.num_projects,
                "ballots": election.num_voters,
            },
        )
    return round_


def _points_json(value: Fraction) -> int | str:
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else str(value)
