"""What every fund action shares: locking the rows it changes, and recording its event."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from commonground.core import audit

from ..events import FundEvent
from ..models import Phase, Proposal, Round
from ..rules import Operator


def lock_round(round_or_id: Round | int) -> Round:
    """The round's row, locked for the rest of the transaction."""
    pk = round_or_id.pk if isinstance(round_or_id, Round) else round_or_id
    return Round.objects.select_for_update().get(pk=pk)


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal's row (with its round), locked for the rest of the transaction."""
    return Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)


def share_lock(round_: Round) -> Round:
    """Read the round with a shared row lock on PostgreSQL: many ballots at once, but
    ``close_vote`` (which takes an exclusive lock) waits for them and they for it."""
    if connection.vendor == "postgresql":
        table = Round._meta.db_table
        return Round.objects.raw(f'SELECT * FROM "{table}" WHERE id = %s FOR SHARE', [round_.pk])[0]
    return Round.objects.get(pk=round_.pk)


def account(actor):
    """The user to store as who did something: ``None`` for the command line."""
    return None if isinstance(actor, Operator) else actor


def record(
    event: FundEvent,
    *,
    actor=None,
    obj: Model | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
):
    """Record a fund audit event; the command line is named as such, not left blank."""
    if isinstance(actor, Operator):
        actor_label = actor_label or actor.get_username()
        actor = None
    return audit.record(
        FundEvent(event), actor=actor, obj=obj, reason=reason, data=data, actor_label=actor_label
    )


def move_to(round_: Round, kind: str) -> None:
    """Close the round's current phase and open ``kind`` (the caller holds the lock)."""
    now = timezone.now()
    Phase.objects.filter(round=round_, kind=round_.phase, closed_at__isnull=True).update(
        closed_at=now
    )
    phase, _created = Phase.objects.get_or_create(round=round_, kind=kind)
    phase.opened_at = now
    phase.closed_at = None
    phase.save(update_fields=["opened_at", "closed_at"])
    round_.phase = kind
    round_.save(update_fields=["phase"])
