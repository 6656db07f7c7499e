"""Every change to a referral or a support plan goes through one of these functions, each
checking the permission and writing an audit event in the same transaction
(``f(*, actor, …)``, as in the rest of the platform). Audit events carry the reference, never
the person's details, so anonymising a record leaves nothing personal behind in the trail.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core import audit

from . import events, messages
from .models import (
    CLOSED_STATES,
    TRANSITIONS,
    PlanStep,
    RecordView,
    Referral,
    ReferralEvent,
    State,
    StepKind,
    StepOutcome,
    SupportPlan,
)

DEFAULT_RETENTION_DAYS = 365
COMMAND_LINE = "command line"

PERMISSION_FOR = {
    State.ACCEPTED: "referrals.decide",
    State.DECLINED: "referrals.decide",
    State.STARTED: "referrals.progress",
    State.COMPLETED: "referrals.progress",
    State.WITHDRAWN: "referrals.withdraw",
}


def retention_days() -> int:
    """Days a closed referral keeps the person's details (``REFERRALS_RETENTION_DAYS``)."""
    return int(getattr(settings, "REFERRALS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def receiving_organisation(service):
    """The partner organisation that keeps `service` (None: nobody could receive a referral)."""
    organization = getattr(service, "organization", None)
    return getattr(organization, "partner", None) if organization is not None else None


def _event(referral, *, actor, organisation, state="", note="", told_by="") -> ReferralEvent:
    return ReferralEvent.objects.create(
        referral=referral,
        actor=actor,
        organisation=organisation,
        state=state,
        note=note,
        told_by=told_by,
    )


def _may_refer_again(step: PlanStep) -> bool:
    """A step whose referral was declined or withdrawn (or lost) can be tried again."""
    return step.referral is None or step.referral.state in (State.DECLINED, State.WITHDRAWN)


@transaction.atomic
def refer(
    *,
    actor,
    organisation,
    service,
    first_name: str,
    language: str,
    need: str,
    consent_given_by: str,
    consent_on: date,
    consent_purpose: str,
    channel: str = "",
    contact: str = "",
    step: PlanStep | None = None,
) -> Referral:
    """Send a referral from `organisation` (which `actor` acts for) to a directory service."""
    if not actor.has_perm("referrals.refer") or not actor.may_act_for(organisation):
        raise PermissionDenied
    receiver = receiving_organisation(service)
    if receiver is None:
        raise ValidationError(
            {"service": _("Nobody keeps this service up to date, so it cannot take referrals.")}
        )
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("Consent cannot be given in the future.")})
    if step is not None:
        step = (
            PlanStep.objects.select_for_update(of=("self",))
            .select_related("plan", "referral")
            .get(pk=step.pk)
        )
        if not actor.has_perm("referrals.change_plan", step.plan):
            raise PermissionDenied
        if step.outcome == StepOutcome.REFERRED and not _may_refer_again(step):
            raise ValidationError(_("This step has already been referred."))
    referral = Referral.objects.create(
        service=service,
        service_name=service.name[:300],
        to_organisation=receiver,
        from_organisation=organisation,
        referrer=actor,
        first_name=first_name.strip(),
        channel=channel if contact.strip() else "",
        contact=contact.strip() if channel else "",
        language=language,
        need=need.strip(),
        consent_given_by=consent_given_by,
        consent_on=consent_on,
        consent_purpose=consent_purpose.strip(),
    )
    told = messages.tell(referral, State.SENT)
    _event(referral, actor=actor, organisation=organisation, state=State.SENT, told_by=told)
    if step is not None:
        step.referral = referral
        step.outcome = StepOutcome.REFERRED
        step.recorded_at = timezone.now()
        step.save(update_fields=["referral", "outcome", "recorded_at"])
    audit.record(
        events.REFERRAL_SENT,
        actor=actor,
        obj=referral,
        data={
            "service": str(service.pk),
            "to": receiver.pk,
            "from": organisation.pk,
            "told_by": told,
        },
    )
    return referral


@transaction.atomic
def move(*, actor, referral: Referral, state: str, reason: str = "") -> Referral:
    """Accept, decline (with a reason), start, complete or withdraw a referral."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if state not in PERMISSION_FOR:
        raise ValidationError({"state": _("That is not a status a referral can move to.")})
    if not actor.has_perm(PERMISSION_FOR[state], referral):
        raise PermissionDenied
    if state not in TRANSITIONS[referral.state]:
        raise ValidationError(
            {
                "state": _("A referral that is “%(now)s” cannot become “%(next)s”.")
                % {"now": referral.get_state_display(), "next": State(state).label}
            }
        )
    reason = reason.strip()
    if state == State.DECLINED and not reason:
        raise ValidationError({"reason": _("Say why the service cannot take this referral.")})
    now = timezone.now()
    referral.state = state
    if state == State.ACCEPTED:
        referral.accepted_at = now
    if state == State.STARTED:
        referral.started_at = now
    if state in CLOSED_STATES:
        referral.closed_at = now
    if reason:
        referral.reason = reason[:500]
    referral.save()
    organisation = (
        referral.from_organisation if state == State.WITHDRAWN else referral.to_organisation
    )
    told = messages.tell(referral, state)
    _event(
        referral,
        actor=actor,
        organisation=organisation,
        state=state,
        note=reason[:500],
        told_by=told,
    )
    audit.record(
        events.REFERRAL_MOVED,
        actor=actor,
        obj=referral,
        reason=reason[:500],
        data={"state": state, "told_by": told},
    )
    return referral


@transaction.atomic
def note_decline(*, actor, referral: Referral) -> Referral:
    """The referrer has seen that the service declined (it leaves their tasks)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not actor.has_perm("referrals.note_decline", referral):
        raise PermissionDenied
    if referral.state != State.DECLINED:
        raise ValidationError(_("Only a declined referral can be marked as seen."))
    referral.decline_noted_at = timezone.now()
    referral.save(update_fields=["decline_noted_at"])
    audit.record(events.REFERRAL_DECLINE_NOTED, actor=actor, obj=referral)
    return referral


def _viewing_organisation(viewer, *organisations):
    for organisation in organisations:
        if organisation is not None and viewer.may_act_for(organisation):
            return organisation
    return None


def record_view(*, viewer, referral: Referral | None = None, plan: SupportPlan | None = None):
    """Log that `viewer` opened a person's record (a referral or a plan): who, when, for whom.

    Called by the views before the record is shown; the log is never edited or deleted
    except with the record itself.
    """
    if referral is not None:
        organisation = _viewing_organisation(
            viewer, referral.to_organisation, referral.from_organisation
        )
    else:
        organisation = _viewing_organisation(viewer, plan.organisation if plan else None)
    return RecordView.objects.create(
        referral=referral,
        plan=plan,
        viewer=viewer,
        viewer_label=viewer.get_username(),
        organisation=organisation,
    )


def _cutoff(now: datetime | None, days: int | None) -> datetime:
    days = retention_days() if days is None else days
    return (now or timezone.now()) - timedelta(days=days)


@transaction.atomic
def anonymise_closed(
    *, actor=None, now: datetime | None = None, days: int | None = None
) -> tuple[int, int]:
    """Remove the person's details from referrals closed, and plans closed, over `days` ago.

    Keeps the dates, the service, the organisations and the states (the report and the
    timeline still count them) and the log of who viewed the record; blanks the name, the
    contact, the need, the consent's purpose, the reason and the timeline's notes.
    Returns (referrals, plans) anonymised. Idempotent.
    """
    if actor is not None and not actor.has_perm("referrals.anonymise"):
        raise PermissionDenied
    cutoff = _cutoff(now, days)
    stamp = now or timezone.now()
    referrals = Referral.objects.filter(
        state__in=CLOSED_STATES, closed_at__lt=cutoff, anonymised_at=None
    )
    ids = list(referrals.values_list("pk", flat=True))
    Referral.objects.filter(pk__in=ids).update(
        first_name="",
        contact="",
        channel="",
        need="",
        consent_purpose="",
        reason="",
        anonymised_at=stamp,
    )
    ReferralEvent.objects.filter(referral_id__in=ids).update(note="")
    plans = SupportPlan.objects.filter(closed_at__lt=cutoff, anonymised_at=None)
    plan_ids = list(plans.values_list("pk", flat=True))
    SupportPlan.objects.filter(pk__in=plan_ids).update(first_name="", anonymised_at=stamp)
    PlanStep.objects.filter(plan_id__in=plan_ids).update(gap_note="")
    if ids or plan_ids:
        audit.record(
            events.REFERRALS_ANONYMISED,
            actor=actor,
            actor_label="" if actor is not None else COMMAND_LINE,
            data={"referrals": len(ids), "plans": len(plan_ids), "cutoff": cutoff.isoformat()},
        )
    return len(ids), len(plan_ids)


@transaction.atomic
def start_plan(
    *,
    actor,
    organisation,
    first_name: str,
    language: str,
    status: str,
    consent_given_by: str,
    consent_on: date,
) -> SupportPlan:
    """A new arrival's checklist, one step of each kind, all "to do"."""
    if not actor.has_perm("referrals.plan") or not actor.may_act_for(organisation):
        raise PermissionDenied
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("Consent cannot be given in the future.")})
    plan = SupportPlan.objects.create(
        organisation=organisation,
        created_by=actor,
        first_name=first_name.strip(),
        language=language,
        status=status,
        consent_given_by=consent_given_by,
        consent_on=consent_on,
    )
    PlanStep.objects.bulk_create(PlanStep(plan=plan, kind=kind) for kind in StepKind.values)
    audit.record(events.PLAN_STARTED, actor=actor, obj=plan, data={"status": status})
    return plan


@transaction.atomic
def record_step(*, actor, step: PlanStep, outcome: str, note: str = "") -> PlanStep:
    """Mark a step as "no service found" (a gap, with what was missing), "not needed", or
    back to "to do". A referred step changes only through its referral."""
    step = (
        PlanStep.objects.select_for_update(of=("self",))
        .select_related("plan", "referral")
        .get(pk=step.pk)
    )
    if not actor.has_perm("referrals.change_plan", step.plan):
        raise PermissionDenied
    if outcome not in (StepOutcome.GAP, StepOutcome.NOT_NEEDED, StepOutcome.TO_DO):
        raise ValidationError({"outcome": _("Choose what happened with this step.")})
    if step.outcome == StepOutcome.REFERRED and not _may_refer_again(step):
        raise ValidationError(_("This step has been referred; follow the referral instead."))
    if outcome == StepOutcome.GAP and not note.strip():
        raise ValidationError({"note": _("Say what service was missing.")})
    step.outcome = outcome
    step.gap_note = note.strip()[:300] if outcome == StepOutcome.GAP else ""
    step.recorded_at = timezone.now()
    step.save(update_fields=["outcome", "gap_note", "recorded_at"])
    audit.record(
        events.PLAN_STEP_RECORDED,
        actor=actor,
        obj=step.plan,
        data={"step": step.kind, "outcome": outcome},
    )
    return step


@transaction.atomic
def close_plan(*, actor, plan: SupportPlan) -> SupportPlan:
    """The person no longer needs the plan; its retention period starts now."""
    if not actor.has_perm("referrals.change_plan", plan):
        raise PermissionDenied
    if plan.closed_at is not None:
        raise ValidationError(_("This plan is already closed."))
    plan.closed_at = timezone.now()
    plan.save(update_fields=["closed_at"])
    audit.record(events.PLAN_CLOSED, actor=actor, obj=plan)
    return plan
