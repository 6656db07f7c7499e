"""Grants for the winners: awards, schedules, payments and progress reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import FundEvent
from ..models import (
    Grant,
    Milestone,
    OutputResult,
    ProgressReport,
    Proposal,
    ProposalStatus,
    ReportPhoto,
    Round,
)
from ..phases import PhaseKind
from ..rules import ensure
from ._common import lock_round, move_to, record

GRANT_PREFIX = "360G-commonground"
"""Prefix of 360Giving grant identifiers (a council registers its own with 360Giving)."""


DEFAULT_MILESTONES = (
    ("Start-up and recruitment", 40),
    ("Mid-point review", 40),
    ("Final report", 20),
)


def award_grants(*, actor, round_: Round, conditions: str = "", start: date | None = None):
    """Turn every funded project into a grant with payment milestones; the round moves to
    delivery."""
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.grants.award", locked)
        if not locked.results.exists():
            raise ValidationError(_("Compute the result before awarding grants."))
        today = timezone.localdate()
        start = start or today
        grants = []
        funded = Proposal.objects.filter(round=locked, status=ProposalStatus.FUNDED)
        for proposal in funded.filter(grant__isnull=True).order_by("pk"):
            grant = Grant.objects.create(
                round=locked,
                proposal=proposal,
                identifier=f"{GRANT_PREFIX}-{locked.slug}-{proposal.code or proposal.pk}",
                amount=proposal.cost,
                conditions=conditions,
                awarded_on=today,
                planned_start=start,
                planned_end=start + timedelta(days=365),
            )
            for order, (title, pct) in enumerate(DEFAULT_MILESTONES):
                Milestone.objects.create(
                    grant=grant,
                    order=order,
                    title=title,
                    due_on=start + timedelta(days=120 * (order + 1)),
                    payment=(proposal.cost * pct / 100).quantize(Decimal("0.01")),
                )
            grants.append(grant)
        if locked.phase != PhaseKind.DELIVERY:
            move_to(locked, PhaseKind.DELIVERY)
        record(
            FundEvent.GRANTS_AWARDED,
            actor=actor,
            obj=locked,
            data={"grants": [g.identifier for g in grants]},
        )
    return grants


def report_progress(
    *,
    actor,
    grant: Grant,
    percent_complete: int,
    spend_to_date: Decimal,
    story: str = "",
    outputs: Mapping[int, int] | None = None,
    milestones: Mapping[int, int] | None = None,
    photos: Sequence[tuple[Any, str]] = (),
) -> ProgressReport:
    """A funded project reports progress: overall %, spend, outputs against its promises and
    milestone percentages."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("proposal__round").get(pk=grant.pk)
        proposal = grant.proposal
        ensure(actor, "fund.grant.report", grant)
        if not 0 <= percent_complete <= 100:
            raise ValidationError(_("Progress is a percentage from 0 to 100."))
        if spend_to_date < 0:
            raise ValidationError(_("Spend cannot be negative."))
        report = ProgressReport.objects.create(
            grant=grant,
            percent_complete=percent_complete,
            spend_to_date=spend_to_date,
            story=story,
            reported_by=actor,
        )
        promised = {p.pk: p for p in proposal.promised.all()}
        for promised_id, achieved in (outputs or {}).items():
            if promised_id in promised:
                OutputResult.objects.create(
                    report=report, promised=promised[promised_id], achieved=achieved
                )
        for milestone_id, pct in (milestones or {}).items():
            if not 0 <= pct <= 100:
                raise ValidationError(_("Progress is a percentage from 0 to 100."))
            grant.milestones.filter(pk=milestone_id).update(percent_complete=pct)
        for image, alt_text in photos:
            ReportPhoto.objects.create(report=report, image=image, alt_text=alt_text[:250])
        record(
            FundEvent.PROGRESS_REPORTED,
            actor=actor,
            obj=grant,
            data={"percent": percent_complete, "spend": str(spend_to_date)},
        )
    return report


def update_grant(
    *,
    actor,
    grant: Grant,
    conditions: str,
    planned_start: date | None,
    planned_end: date | None,
    milestones: Sequence[Mapping[str, Any]],
) -> Grant:
    """An officer sets a grant's conditions and its payment milestones.

    ``milestones`` is the whole schedule in order: dicts with ``title``, ``due_on``,
    ``payment`` and, for existing ones, ``id``; an existing milestone left out is removed.  A
    milestone already paid keeps its payment and cannot be removed (the money has gone).  The
    schedule is checked as a whole (:meth:`Grant.schedule_problems`) and the audit event keeps
    the schedule before and after, since the tracking page publishes it.
    """
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("round").get(pk=grant.pk)
        ensure(actor, "fund.grant.update", grant)
        existing = {m.pk: m for m in grant.milestones.select_for_update()}
        before = _schedule(grant, existing.values())
        keep = {m["id"] for m in milestones if m.get("id")}
        if keep - set(existing):
            raise ValidationError(_("That milestone belongs to another grant."))
        for m in existing.values():
            if m.paid_on and m.pk not in keep:
                raise ValidationError(
                    _("“%(title)s” has been paid, so it cannot be removed.") % {"title": m.title}
                )
            new_payment = next((x["payment"] for x in milestones if x.get("id") == m.pk), None)
            if m.paid_on and new_payment is not None and new_payment != m.payment:
                raise ValidationError(
                    _("“%(title)s” has been paid, so its payment cannot change.")
                    % {"title": m.title}
                )
        problems = grant.schedule_problems(planned_start, planned_end, milestones)
        if problems:
            raise ValidationError(problems)
        grant.conditions = conditions.strip()
        grant.planned_start = planned_start
        grant.planned_end = planned_end
        grant.save(update_fields=["conditions", "planned_start", "planned_end", "updated_at"])
        Milestone.objects.filter(grant=grant).exclude(pk__in=keep).delete()
        saved = []
        for order, data in enumerate(milestones):
            m = existing.get(data.get("id")) or Milestone(grant=grant)
            m.order, m.title, m.due_on = order, data["title"], data["due_on"]
            m.payment = data["payment"] or Decimal(0)
            m.save()
            saved.append(m)
        record(
            FundEvent.GRANT_UPDATED,
            actor=actor,
            obj=grant,
            data={"before": before, "after": _schedule(grant, saved)},
        )
    return grant


def _schedule(grant: Grant, milestones: Iterable[Milestone]) -> dict[str, Any]:
    """A grant's conditions and schedule as JSON, for the audit trail."""
    return {
        "conditions": grant.conditions,
        "planned_start": grant.planned_start.isoformat() if grant.planned_start else None,
        "planned_end": grant.planned_end.isoformat() if grant.planned_end else None,
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on.isoformat() if m.due_on else None,
                "payment": str(m.payment),
            }
            for m in milestones
        ],
    }


def pay_milestone(*, actor, milestone: Milestone, paid_on: date | None = None) -> Milestone:
    """Record a milestone payment (officers)."""
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update()
            .select_related("grant__round")
            .get(pk=milestone.pk)
        )
        ensure(actor, "fund.milestone.pay", milestone)
        milestone.paid_on = paid_on or timezone.localdate()
        milestone.save(update_fields=["paid_on"])
        record(
            FundEvent.MILESTONE_PAID,
            actor=actor,
            obj=milestone.grant,
            data={"milestone": milestone.title, "payment": str(milestone.payment)},
        )
    return milestone
