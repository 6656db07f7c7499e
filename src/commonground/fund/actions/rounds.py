"""Setting up a round and moving it through its phases."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import FundEvent
from ..models import (
    AreaBudget,
    Phase,
    Proposal,
    ProposalStatus,
    Round,
    RoundLocked,
)
from ..phases import PHASE_ORDER, PhaseKind
from ..rules import ensure, may
from ._common import lock_round, move_to, record


def create_round(
    *,
    actor,
    title: str,
    slug: str,
    pillars: Iterable = (),
    objectives: Iterable = (),
    area_budgets: Mapping[Any, Decimal] | None = None,
    timetable: Mapping[str, tuple[date | None, date | None]] | None = None,
    **fields: Any,
) -> Round:
    """Create a round in draft: officers set it up before opening it for proposals."""
    ensure(actor, "fund.round.create")
    with transaction.atomic():
        round_ = Round(title=title, slug=slug, created_by=actor, **fields)
        round_.full_clean()
        round_.save()
        round_.pillars.set(pillars)
        round_.objectives.set(objectives)
        for area, amount in (area_budgets or {}).items():
            AreaBudget.objects.create(round=round_, area=area, budget=amount)
        _set_timetable(round_, timetable or {})
        record(FundEvent.ROUND_CREATED, actor=actor, obj=round_, data=_round_rules(round_))
    return round_


def _set_timetable(round_: Round, timetable: Mapping[str, tuple[date | None, date | None]]):
    for kind in PHASE_ORDER:
        starts, ends = timetable.get(kind, (None, None))
        Phase.objects.update_or_create(
            round=round_, kind=kind, defaults={"starts_on": starts, "ends_on": ends}
        )


def _round_rules(round_: Round) -> dict[str, Any]:
    data = {name: getattr(round_, name) for name in Round.LOCKED_FIELDS if name != "area"}
    data["area"] = round_.area.code if round_.area_id else None
    data["area_budgets"] = {
        ab.area.code: str(ab.budget) for ab in round_.area_budgets.select_related("area")
    }
    return json.loads(json.dumps(data, default=str))


def update_round(
    *,
    actor,
    round_: Round,
    changes: Mapping[str, Any],
    pillars: Iterable | None = None,
    objectives: Iterable | None = None,
    area_budgets: Mapping[Any, Decimal] | None = None,
    timetable: Mapping[str, tuple[date | None, date | None]] | None = None,
) -> Round:
    """Change a round's settings.  Once voting has opened, rules, ballot and budget are locked:
    an attempt to change them is refused and the refusal is audited (it is committed even
    though :class:`RoundLocked` is raised)."""
    refused: dict[str, Any] | None = None
    with transaction.atomic():
        locked = lock_round(round_)
        if not may(actor, "fund.round.configure", locked):
            if not may(actor, "fund.round.manage", locked):
                raise PermissionDenied
            locked_change = [k for k in changes if k in Round.LOCKED_FIELDS]
            if locked.is_locked and (locked_change or area_budgets is not None):
                refused = {"fields": locked_change, "area_budgets": area_budgets is not None}
                record(
                    FundEvent.ROUND_CHANGE_REFUSED,
                    actor=actor,
                    obj=locked,
                    reason=_("Rules, ballot and budget are locked once voting opens."),
                    data=json.loads(json.dumps({**refused, "changes": changes}, default=str)),
                )
            else:
                raise PermissionDenied
        else:
            before = _round_rules(locked)
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.full_clean()
            locked.save()
            if pillars is not None:
                locked.pillars.set(pillars)
            if objectives is not None:
                locked.objectives.set(objectives)
            if area_budgets is not None:
                locked.area_budgets.all().delete()
                for area, amount in area_budgets.items():
                    AreaBudget.objects.create(round=locked, area=area, budget=amount)
            if timetable is not None:
                _set_timetable(locked, timetable)
            record(
                FundEvent.ROUND_UPDATED,
                actor=actor,
                obj=locked,
                data={"before": before, "after": _round_rules(locked)},
            )
    if refused is not None:
        raise RoundLocked(_("The rules, ballot and budget of this round are locked."))
    return locked


def open_round(*, actor, round_: Round) -> Round:
    """Open a drafted round for proposals."""
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.round.open", locked)
        locked.full_clean()
        if not locked.pots or locked.total_budget <= 0:
            raise ValidationError(_("Give the round a budget before opening it."))
        move_to(locked, PhaseKind.PROPOSALS)
        record(FundEvent.ROUND_OPENED, actor=actor, obj=locked, data=_round_rules(locked))
    return locked


def open_assessment(*, actor, round_: Round) -> Round:
    """Close the call for proposals and start assessing them."""
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.assessment.open", locked)
        move_to(locked, PhaseKind.ASSESSMENT)
        record(FundEvent.ASSESSMENT_OPENED, actor=actor, obj=locked)
    return locked


def open_voting(*, actor, round_: Round) -> Round:
    """Publish the shortlist and open the vote; the rules, ballot and budget lock here."""
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.vote.open", locked)
        shortlisted = list(
            Proposal.objects.select_for_update()
            .filter(round=locked, status=ProposalStatus.SHORTLISTED)
            .order_by("pk")
        )
        if not shortlisted:
            raise ValidationError(_("Shortlist at least one proposal before opening the vote."))
        used = {p.code for p in shortlisted if p.code}
        number = 1
        for proposal in shortlisted:
            if not proposal.code:
                while str(number) in used:
                    number += 1
                proposal.code = str(number)
                used.add(proposal.code)
                proposal.save(update_fields=["code"])
        locked.locked_at = timezone.now()
        locked.save(update_fields=["locked_at"])
        locked.ensure_key()
        move_to(locked, PhaseKind.VOTE)
        record(
            FundEvent.VOTING_OPENED,
            actor=actor,
            obj=locked,
            data={
                "rules": _round_rules(locked),
                "shortlist": {p.code: str(p.cost) for p in shortlisted},
            },
        )
    return locked
