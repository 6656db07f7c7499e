"""Counting a closed vote, re-checking the count, and public overrides."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import engine
from ..events import FundEvent
from ..models import (
    Decision,
    DecisionKind,
    Proposal,
    ProposalStatus,
    ResultOverride,
    ResultSnapshot,
    Round,
)
from ..rules import ensure
from ._common import account, lock_proposal, lock_round, record


class ResultMismatch(RuntimeError):
    """A re-run did not reproduce a stored result: the ballots or projects changed."""


class _RollBack(Exception):
    """Undo everything a count wrote, so that only its mismatch event is kept."""


def compute_results(*, actor, round_: Round | int) -> list[ResultSnapshot]:
    """Compute every pot's result with the round's rule (and greedy beside it) and store an
    immutable snapshot.  Re-running recomputes and checks the stored snapshot is reproduced
    exactly (same input digest, same selection); a difference is audited and raised.

    ``actor`` is the officer who asked (the background count carries their id) or
    :data:`commonground.fund.rules.OPERATOR` at the command line.  The mismatch event is
    written after the count's own transaction has been rolled back, so it survives it (it
    used to be written inside it and vanish with it)."""
    mismatch: dict[str, Any] = {}
    try:
        snapshots = _count(actor, round_, mismatch)
    except _RollBack:
        with transaction.atomic():
            record(
                FundEvent.RESULTS_MISMATCH,
                actor=actor,
                obj=Round.objects.get(pk=getattr(round_, "pk", round_)),
                data=mismatch,
            )
        raise ResultMismatch(str(mismatch)) from None
    return snapshots


def _count(actor, round_: Round | int, mismatch: dict[str, Any]) -> list[ResultSnapshot]:
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.results.compute", locked)
        snapshots = []
        existing = {r.pot_key: r for r in locked.results.all()}
        for pot in locked.pots:
            run = engine.run(locked, pot)
            outcome = run["outcome"]
            old = existing.get(pot.key)
            if old is not None:
                if old.input_sha256 != run["digest"] or old.selected != outcome.selected:
                    mismatch.update(pot=pot.key, stored=old.selected, now=outcome.selected)
                    raise _RollBack
                snapshots.append(old)
                continue
            snapshots.append(
                ResultSnapshot.objects.create(
                    round=locked,
                    pot_key=pot.key,
                    pot_label=pot.label,
                    rule=locked.rule,
                    budget=pot.budget,
                    total_cost=Decimal(str(Fraction(outcome.total_cost).numerator))
                    / Decimal(str(Fraction(outcome.total_cost).denominator)),
                    selected=outcome.selected,
                    outcome=_jsonable(outcome.to_dict()),
                    comparison=_jsonable(run["comparison"].to_dict()),
                    projects=run["projects"],
                    engine_analysis=_jsonable(engine.engine_analysis(run["election"], outcome)),
                    num_ballots=run["election"].num_voters,
                    input_sha256=run["digest"],
                )
            )
        if len(snapshots) > len(existing):
            _apply_result(locked, snapshots, actor)
            record(
                FundEvent.RESULTS_COMPUTED,
                actor=actor,
                obj=locked,
                data={s.pot_key: s.selected for s in snapshots},
            )
    return snapshots


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _apply_result(round_: Round, snapshots: Sequence[ResultSnapshot], actor) -> None:
    selected = {code for s in snapshots for code in s.selected}
    overrides = {o.proposal_id: o.funded for o in round_.overrides.all()}
    for proposal in Proposal.objects.select_for_update().filter(round=round_).on_ballot():
        funded = overrides.get(proposal.pk, proposal.code in selected)
        status = ProposalStatus.FUNDED if funded else ProposalStatus.NOT_FUNDED
        if proposal.status != status:
            proposal.status = status
            proposal.save(update_fields=["status"])
            kind = DecisionKind.FUNDED if funded else DecisionKind.NOT_FUNDED
            Decision.objects.create(proposal=proposal, kind=kind, actor=account(actor))


def override_result(*, actor, proposal: Proposal, funded: bool, reason: str) -> ResultOverride:
    """Fund (or not) one project against the computed result: a reason is required and both
    the decision and the reason are shown on the public results page."""
    if not reason.strip():
        raise ValidationError(_("An override needs a reason, which will be published."))
    with transaction.atomic():
        proposal = lock_proposal(proposal)
        ensure(actor, "fund.results.override", proposal)
        if proposal.status not in (ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED):
            raise ValidationError(_("Only projects on the ballot can be overridden."))
        if not proposal.round.results.exists():
            raise ValidationError(_("Compute the result before overriding it."))
        override = ResultOverride.objects.create(
            round=proposal.round, proposal=proposal, funded=funded, reason=reason, actor=actor
        )
        proposal.status = ProposalStatus.FUNDED if funded else ProposalStatus.NOT_FUNDED
        proposal.save(update_fields=["status"])
        Decision.objects.create(
            proposal=proposal, kind=DecisionKind.OVERRIDDEN, reason=reason, actor=actor
        )
        record(
            FundEvent.RESULT_OVERRIDDEN,
            actor=actor,
            obj=proposal,
            reason=reason,
            data={"funded": funded},
        )
    return override
