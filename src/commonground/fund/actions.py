"""Every state change of a round, one function each (Zulip-style "actions").

Each action validates, locks what it changes (``select_for_update``), writes, and records an
audit event through :func:`commonground.core.audit.record` in the same transaction.  Views,
commands, the demo and the tests all call these; nothing else writes fund models.

Errors a person can fix are :class:`django.core.exceptions.ValidationError`; a change the
phase or role does not allow is :class:`django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from commonground.core import audit
from commonground.pb import PABULIB_RULES, Election

from . import eligibility_actions, engine, keystore
from .models import (
    AccessCode,
    AreaBudget,
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    Ballot,
    BallotActivity,
    BallotReceipt,
    BallotType,
    BudgetLine,
    Channel,
    Decision,
    DecisionKind,
    EligibleVoter,
    FailedCheck,
    Grant,
    Milestone,
    OutputResult,
    PaperBallot,
    PaperBallotEntry,
    PaperEntryStatus,
    Phase,
    ProgressReport,
    PromisedOutput,
    Proposal,
    ProposalImage,
    ProposalStatus,
    ProposalVersion,
    ReportPhoto,
    ResultOverride,
    ResultSnapshot,
    Round,
    RoundLocked,
    VoterLink,
)
from .models.proposal import EDITABLE
from .phases import DRAFT, PHASE_ORDER, PhaseKind, can
from .voters import (
    Voter,
    new_access_code,
    normalise_code,
    normalise_identifier,
    voter_token,
)

GRANT_PREFIX = "360G-commonground"
"""Prefix of 360Giving grant identifiers (a council registers its own with 360Giving)."""


def _require(user, feature: str, round_: Round, *, is_proposer: bool = False) -> None:
    if not can(user, feature, round_, is_proposer=is_proposer):
        raise PermissionDenied(
            _("That is not possible in this phase of the round, or not for your role.")
        )


def _lock_round(round_or_id: Round | int) -> Round:
    pk = round_or_id.pk if isinstance(round_or_id, Round) else round_or_id
    return Round.objects.select_for_update().get(pk=pk)


def _lock_proposal(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)


# ====================================================================== rounds


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
    if not actor.has_role("officer"):
        raise PermissionDenied
    with transaction.atomic():
        round_ = Round(title=title, slug=slug, created_by=actor, **fields)
        round_.full_clean()
        round_.save()
        round_.pillars.set(pillars)
        round_.objectives.set(objectives)
        for area, amount in (area_budgets or {}).items():
            AreaBudget.objects.create(round=round_, area=area, budget=amount)
        _set_timetable(round_, timetable or {})
        audit.record("fund.round_created", actor=actor, obj=round_, data=_round_rules(round_))
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
        locked = _lock_round(round_)
        if not locked.allows("round.configure") or not actor.has_role("officer"):
            locked_change = [k for k in changes if k in Round.LOCKED_FIELDS]
            if locked.is_locked and (locked_change or area_budgets is not None):
                refused = {"fields": locked_change, "area_budgets": area_budgets is not None}
                audit.record(
                    "fund.round_change_refused",
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
            audit.record(
                "fund.round_updated",
                actor=actor,
                obj=locked,
                data={"before": before, "after": _round_rules(locked)},
            )
    if refused is not None:
        raise RoundLocked(_("The rules, ballot and budget of this round are locked."))
    return locked


def _move_to(round_: Round, kind: str) -> None:
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


def open_round(*, actor, round_: Round) -> Round:
    """Open a drafted round for proposals."""
    with transaction.atomic():
        locked = _lock_round(round_)
        if locked.phase != DRAFT or not actor.has_role("officer"):
            raise PermissionDenied(_("Only a draft round can be opened."))
        locked.full_clean()
        if not locked.pots or locked.total_budget <= 0:
            raise ValidationError(_("Give the round a budget before opening it."))
        _move_to(locked, PhaseKind.PROPOSALS)
        audit.record("fund.round_opened", actor=actor, obj=locked, data=_round_rules(locked))
    return locked


def open_assessment(*, actor, round_: Round) -> Round:
    """Close the call for proposals and start assessing them."""
    with transaction.atomic():
        locked = _lock_round(round_)
        if locked.phase != PhaseKind.PROPOSALS or not actor.has_role("officer"):
            raise PermissionDenied(_("Assessment follows the call for proposals."))
        _move_to(locked, PhaseKind.ASSESSMENT)
        audit.record("fund.assessment_opened", actor=actor, obj=locked)
    return locked


def open_voting(*, actor, round_: Round) -> Round:
    """Publish the shortlist and open the vote; the rules, ballot and budget lock here."""
    with transaction.atomic():
        locked = _lock_round(round_)
        _require(actor, "vote.open", locked)
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
        _move_to(locked, PhaseKind.VOTE)
        audit.record(
            "fund.voting_opened",
            actor=actor,
            obj=locked,
            data={
                "rules": _round_rules(locked),
                "shortlist": {p.code: str(p.cost) for p in shortlisted},
            },
        )
    return locked


# ====================================================================== proposals

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
            _require(actor, "proposal.submit", round_)
            proposal = Proposal(round=round_, submitted_by=actor, title=data.get("title") or "")
            if "organisation" not in data and actor.may_act_for(actor.organisation_id):
                proposal.organisation_id = actor.organisation_id
            created = True
        else:
            proposal = _lock_proposal(proposal)
            if not proposal.is_proposer(actor) and not actor.has_role("officer"):
                raise PermissionDenied
            if proposal.status not in EDITABLE:
                raise ValidationError(_("This proposal can no longer be changed."))
            feature = (
                "proposal.revise"
                if proposal.status == ProposalStatus.REVISION_REQUESTED
                else "proposal.submit"
            )
            _require(actor, feature, proposal.round, is_proposer=proposal.is_proposer(actor))
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
            audit.record("fund.proposal_started", actor=actor, obj=proposal)
    return proposal


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
        problems.append(_("The cost is below this round's smallest grant."))
    if round_.max_cost is not None and cost > round_.max_cost:
        problems.append(_("The cost is above this round's largest grant."))
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


def submit_proposal(*, actor, proposal: Proposal) -> Proposal:
    """Submit (or resubmit after a revision) a proposal; each submission is a kept version."""
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        is_proposer = proposal.is_proposer(actor)
        if not is_proposer:
            raise PermissionDenied
        revising = proposal.status == ProposalStatus.REVISION_REQUESTED
        if proposal.status not in EDITABLE:
            raise ValidationError(_("This proposal has already been submitted."))
        _require(
            actor,
            "proposal.revise" if revising else "proposal.submit",
            proposal.round,
            is_proposer=is_proposer,
        )
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
        audit.record(
            "fund.proposal_submitted",
            actor=actor,
            obj=proposal,
            data={"version": proposal.version, "cost": str(proposal.cost)},
        )
    return proposal


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
        proposal = _lock_proposal(proposal)
        _require(actor, "proposal.assess", proposal.round)
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
        audit.record(
            "fund.proposal_assessed",
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
        proposal = _lock_proposal(proposal)
        _require(actor, "proposal.assess", proposal.round)
        if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE):
            raise ValidationError(_("Only submitted proposals can be sent back for revision."))
        proposal.status = ProposalStatus.REVISION_REQUESTED
        proposal.save(update_fields=["status"])
        Decision.objects.create(
            proposal=proposal, kind=DecisionKind.REVISION_REQUESTED, reason=reason, actor=actor
        )
        audit.record("fund.revision_requested", actor=actor, obj=proposal, reason=reason)
    return proposal


def merge_proposals(
    *, actor, target: Proposal, others: Sequence[Proposal], reason: str
) -> Proposal:
    """Merge similar proposals into ``target``: their partners join it; they leave the list."""
    if not reason.strip():
        raise ValidationError(_("Say why these proposals are merged."))
    with transaction.atomic():
        target = _lock_proposal(target)
        _require(actor, "proposal.assess", target.round)
        mergeable = {ProposalStatus.SUBMITTED, ProposalStatus.ELIGIBLE}
        if target.status not in mergeable:
            raise ValidationError(_("Merge into a submitted or eligible proposal."))
        for other in others:
            other = _lock_proposal(other)
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
        audit.record(
            "fund.proposals_merged",
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
        proposal = _lock_proposal(proposal)
        _require(actor, "proposal.shortlist", proposal.round)
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
        audit.record(
            "fund.proposal_shortlisted" if include else "fund.proposal_not_shortlisted",
            actor=actor,
            obj=proposal,
            reason=reason,
        )
    return proposal


# ====================================================================== voting


def upload_voter_list(*, actor, round_: Round, identifiers: Iterable[str]) -> int:
    """Store an eligible-voter list as HMAC tokens only; returns how many new voters."""
    with transaction.atomic():
        locked = _lock_round(round_)
        if not actor.has_role("officer") or locked.phase not in (
            DRAFT,
            PhaseKind.PROPOSALS,
            PhaseKind.ASSESSMENT,
            PhaseKind.VOTE,
        ):
            raise PermissionDenied
        locked.ensure_key()
        tokens = {
            voter_token(locked, "list", normalise_identifier(i)) for i in identifiers if i.strip()
        }
        before = EligibleVoter.objects.filter(round=locked).count()
        EligibleVoter.objects.bulk_create(
            (EligibleVoter(round=locked, token=t) for t in tokens),
            ignore_conflicts=True,
            batch_size=5000,
        )
        added = EligibleVoter.objects.filter(round=locked).count() - before
        audit.record("fund.voter_list_uploaded", actor=actor, obj=locked, data={"added": added})
    return added


def issue_access_codes(
    *, actor, round_: Round, count: int, batch: str = "", output: str = "csv"
) -> list[str]:
    """Make ``count`` single-use access codes to print; only their hashes are kept.

    The readable codes exist only in the return value, so the caller prints them (cards, PDF
    or CSV, named by ``output`` in the audit event) in the same request; nobody can print a
    batch twice, and a lost sheet is replaced by a new batch, not a reprint.
    """
    if not 0 < count <= 100_000:
        raise ValidationError(_("Ask for between 1 and 100,000 codes."))
    with transaction.atomic():
        locked = _lock_round(round_)
        if not actor.has_role("officer") or locked.phase in (
            PhaseKind.RESULTS,
            PhaseKind.DELIVERY,
        ):
            raise PermissionDenied
        locked.ensure_key()
        codes = []
        seen: set[str] = set()
        while len(codes) < count:
            code = new_access_code()
            token = voter_token(locked, "code", normalise_code(code))
            if token in seen:
                continue
            seen.add(token)
            codes.append(code)
        AccessCode.objects.bulk_create(
            (AccessCode(round=locked, token=t, batch=batch) for t in seen), batch_size=5000
        )
        audit.record(
            "fund.access_codes_issued",
            actor=actor,
            obj=locked,
            data={"count": count, "batch": batch, "output": output},
        )
    return codes


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


def _share_lock(round_: Round) -> Round:
    """Read the round with a shared row lock on PostgreSQL: many ballots at once, but
    ``close_vote`` (which takes an exclusive lock) waits for them and they for it."""
    if connection.vendor == "postgresql":
        table = Round._meta.db_table
        return Round.objects.raw(f'SELECT * FROM "{table}" WHERE id = %s FOR SHARE', [round_.pk])[0]
    return Round.objects.get(pk=round_.pk)


def cast_ballot(
    *,
    round_: Round,
    voter: Voter,
    choices: Any,
    channel: str = Channel.ONLINE,
    projects: Mapping[str, Proposal] | None = None,
):
    """File a voter's ballot, or replace it: one ballot per voter token, race-safe.

    Two requests from one voter at once: the unique (round, token) index lets one insert the
    link; the other waits on the index, gets IntegrityError, then locks the link row and
    replaces the ballot's choices.  Last write wins; there is never a second ballot.  A voter
    who said "I have finished" (:func:`finish_ballot`) can change nothing more.
    No audit event is written here: its exact time and shared transaction would tie the
    ballot to an access-log line.  A :class:`BallotReceipt` records the day and whether it was
    cast or changed; the close audits the counts per day.  ``projects`` (from
    :func:`ballot_projects`) saves re-reading the ballot when the caller has it: the projects on
    a ballot cannot change once voting is open (shortlisting belongs to the assessment phase).
    """
    with transaction.atomic():
        current = _share_lock(round_)
        if not current.allows("ballot.cast"):
            raise PermissionDenied(_("Voting is not open."))
        cleaned = clean_choices(current, choices, projects)
        held = eligibility_actions.hold_ballot(
            round_=current, voter=voter, choices=cleaned, channel=channel
        )
        if held is not None:  # near an earlier postcode voter: kept aside for an officer
            return held
        link = VoterLink.objects.select_for_update().filter(round=current, token=voter.token)
        link = link.first()
        changed = link is not None
        if link is None:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(round=current, choices=cleaned, channel=channel)
                    VoterLink.objects.create(round=current, token=voter.token, ballot=ballot)
            except IntegrityError:
                link = VoterLink.objects.select_for_update().get(round=current, token=voter.token)
                changed = True
        if link is not None:
            if link.final:
                raise ValidationError(FINISHED_MESSAGE)
            Ballot.objects.filter(pk=link.ballot_id).update(choices=cleaned)
        if voter.method == "access_code":
            AccessCode.objects.filter(round=current, token=voter.token, used=False).update(
                used=True
            )
        _receipt(current, BallotActivity.CHANGED if changed else BallotActivity.CAST)
    return changed


FINISHED_MESSAGE = _lazy(
    "You said you had finished, so your vote is recorded and cannot be changed."
)


def _receipt(round_: Round, kind: str) -> None:
    BallotReceipt.objects.create(round_id=round_.pk, day=timezone.localdate(), kind=kind)


def finish_ballot(*, round_: Round, voter: Voter) -> bool:
    """Say "I have finished": the voter's ballot can no longer be changed, from this device or
    any other (the link is marked final on the server, so a copied cookie changes nothing).
    Returns whether there was a ballot to finish."""
    with transaction.atomic():
        current = _share_lock(round_)
        if not current.allows("ballot.cast"):
            return False
        held = eligibility_actions.finish_held(current, voter)
        if held is not None:
            if held:
                _receipt(current, BallotActivity.FINISHED)
            return held
        updated = VoterLink.objects.filter(round=current, token=voter.token, final=False).update(
            final=True
        )
        if updated:
            _receipt(current, BallotActivity.FINISHED)
    return bool(updated)


def ballot_is_final(round_: Round, voter: Voter) -> bool:
    """Whether this voter said they had finished (their ballot cannot change)."""
    if eligibility_actions.held_is_final(round_, voter):
        return True
    return VoterLink.objects.filter(round=round_, token=voter.token, final=True).exists()


def current_choices(round_: Round, voter: Voter) -> Any:
    """The voter's ballot as it stands (to change it), or ``None``."""
    held = eligibility_actions.held_choices(round_, voter)
    if held is not eligibility_actions.NOT_HELD:
        return held
    link = VoterLink.objects.filter(round=round_, token=voter.token).select_related("ballot")
    link = link.first()
    return link.ballot.choices if link else None


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def normalise_paper_ref(paper_ref: str) -> str:
    return paper_ref.strip().upper()


def _lock_paper(round_: Round, paper_ref: str, *, create: bool = True) -> PaperBallot:
    """The paper's row, created if need be, then locked: two officers keying the same paper at
    once take turns here, so the second always sees the first's entry.  (Locking the entries
    alone locked nothing while there were none yet.)"""
    digest = voter_token(round_, "paper", paper_ref)
    if create:
        PaperBallot.objects.get_or_create(
            round=round_,
            ref_hash=digest,
            defaults={"ref_sealed": keystore.seal(round_.round_secrets, paper_ref)},
        )
    paper = PaperBallot.objects.select_for_update().filter(round=round_, ref_hash=digest).first()
    if paper is None:
        raise ValidationError(
            _("No ballot paper numbered %(paper)s has been keyed.") % {"paper": paper_ref}
        )
    paper.round = round_
    return paper


def key_paper_ballot(*, actor, round_: Round, paper_ref: str, choices: Any) -> PaperBallotEntry:
    """Key in a paper ballot.  It counts only when two different officers have keyed the same
    paper with the same choices; a mismatch is flagged and the paper must be keyed again (or
    decided by an officer, :func:`decide_paper`).

    The audit event names the officer and the outcome, not the paper: the paper's number
    beside the ballot this transaction writes would outlive the close in the audit trail."""
    paper_ref = normalise_paper_ref(paper_ref)
    if not paper_ref:
        raise ValidationError(_("Enter the number printed on the ballot paper."))
    with transaction.atomic():
        current = _share_lock(round_)
        _require(actor, "ballot.key_paper", current)
        cleaned = clean_choices(current, choices)
        paper = _lock_paper(current, paper_ref)
        entries = list(paper.entries.order_by("created_at", "pk"))
        if paper.status in (PaperEntryStatus.MATCHED, PaperEntryStatus.COUNTED_BY_DECISION):
            raise ValidationError(_("This ballot paper has already been counted."))
        if paper.status == PaperEntryStatus.SET_ASIDE:
            raise ValidationError(_("An officer set this ballot paper aside: it is not counted."))
        if any(e.entered_by_id == actor.pk for e in entries):
            raise ValidationError(
                _("You have keyed this paper already: a different officer must key it again.")
            )
        match = next((e for e in entries if _same(e.choices, cleaned)), None)
        if match is not None:
            status = PaperEntryStatus.MATCHED
            Ballot.objects.create(round=current, choices=cleaned, channel=Channel.PAPER)
            PaperBallotEntry.objects.filter(pk=match.pk).update(status=status)
        else:
            status = PaperEntryStatus.MISMATCH if entries else PaperEntryStatus.PENDING
        entry = PaperBallotEntry.objects.create(
            round=current, paper=paper, choices=cleaned, entered_by=actor, status=status
        )
        paper.status = status
        paper.save(update_fields=["status"])
        audit.record("fund.paper_ballot_keyed", actor=actor, obj=current, data={"status": status})
    return entry


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


def decide_paper(
    *, actor, round_: Round, paper_ref: str, reason: str, entry_id: int | None = None
) -> PaperBallot:
    """An officer's decision on a paper that is waiting or in conflict: count it as one
    officer keyed it (``entry_id``), or set it aside (``None``).  A reason is required and
    audited; the paper's number is not (see :func:`key_paper_ballot`)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the decision on this paper."))
    paper_ref = normalise_paper_ref(paper_ref)
    with transaction.atomic():
        current = _share_lock(round_)
        _require(actor, "ballot.key_paper", current)
        paper = _lock_paper(current, paper_ref, create=False)
        if not paper.needs_decision:
            raise ValidationError(_("This ballot paper needs no decision."))
        if entry_id is not None:
            entry = paper.entries.filter(pk=entry_id).first()
            if entry is None:
                raise ValidationError(_("Choose one of the entries keyed for this paper."))
            Ballot.objects.create(round=current, choices=entry.choices, channel=Channel.PAPER)
            paper.status = PaperEntryStatus.COUNTED_BY_DECISION
        else:
            paper.status = PaperEntryStatus.SET_ASIDE
        paper.save(update_fields=["status"])
        audit.record(
            "fund.paper_ballot_decided",
            actor=actor,
            obj=current,
            reason=reason,
            data={"decision": paper.status},
        )
    return paper


def _rewrite_ballots(round_: Round) -> int:
    """Write the round's ballots again, shuffled, with new ids, and delete the old rows.

    Old rows carry the order they were cast in (their place in the table, their transaction
    ids) and the ids voter links pointed at; the new rows, all written by the close in an
    order nobody can reconstruct, carry neither."""
    rows = list(Ballot.objects.filter(round=round_).values_list("channel", "choices", "position"))
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(round=round_).delete()
    Ballot.objects.bulk_create(
        (
            Ballot(round=round_, channel=channel, choices=choices, position=position)
            for channel, choices, position in rows
        ),
        batch_size=5000,
    )
    return len(rows)


def _destroy_key(key_id) -> None:
    """Destroy the closed round's key file, and any left behind by a close that died."""
    keystore.destroy(key_id)
    held = Round.objects.exclude(key_id=None).values_list("key_id", flat=True)
    keystore.prune({str(k) for k in held})


def close_vote(*, actor, round_: Round) -> Round:
    """Close the vote and sever every link between voters and ballots.

    Refuses while a paper ballot waits for a second officer or its entries disagree, unless an
    officer has decided it (:func:`decide_paper`).  Then, in one transaction: deletes the voter
    links, the hashed voter list, the access codes, the counts of failed checks and the paper
    entries (kept as anonymous tallies in the audit event), turns the day-by-day ballot
    receipts into counts, rewrites the ballots (:func:`_rewrite_ballots`) and forgets the
    round's key; after it commits, destroys the key file (so no token can be recomputed from
    a code, a voter number or a paper number) and queues the count.
    """
    from .tasks import compute_results_task

    with transaction.atomic():
        locked = _lock_round(round_)
        _require(actor, "vote.close", locked)
        eligibility_actions.ensure_ready_to_close(locked)
        waiting = papers_needing_a_decision(locked)
        if waiting:
            raise ValidationError(
                _(
                    "These ballot papers are waiting for a second officer or their entries do "
                    "not match: %(papers)s. Key each again, or record a decision with a reason "
                    "on the paper ballots page, then close the vote."
                )
                % {"papers": ", ".join(p.ref for p in waiting)}
            )
        links = VoterLink.objects.filter(round=locked).delete()[0]
        held = eligibility_actions.forget_identities(locked)
        EligibleVoter.objects.filter(round=locked).delete()
        AccessCode.objects.filter(round=locked).delete()
        FailedCheck.objects.filter(round=locked).delete()
        by_status = dict(
            PaperBallot.objects.filter(round=locked)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        papers = {
            "counted": by_status.get(PaperEntryStatus.MATCHED, 0),
            "counted_by_decision": by_status.get(PaperEntryStatus.COUNTED_BY_DECISION, 0),
            "set_aside": by_status.get(PaperEntryStatus.SET_ASIDE, 0),
        }
        PaperBallotEntry.objects.filter(round=locked).delete()
        PaperBallot.objects.filter(round=locked).delete()
        by_day: dict[str, dict[str, int]] = {}
        receipts = BallotReceipt.objects.filter(round=locked)
        for day, kind, n in (
            receipts.values_list("day", "kind").annotate(n=Count("pk")).order_by("day", "kind")
        ):
            by_day.setdefault(day.isoformat(), {})[kind] = n
        receipts.delete()
        ballots = _rewrite_ballots(locked)
        key_id = locked.key_id
        locked.key_id = None
        locked.save(update_fields=["key_id"])
        _move_to(locked, PhaseKind.RESULTS)
        audit.record(
            "fund.vote_closed",
            actor=actor,
            obj=locked,
            data={
                "ballots": ballots,
                "links_severed": links,
                "papers": papers,
                "held_ballots": held,
                "ballots_by_day": by_day,
            },
        )
        pk = locked.pk
        transaction.on_commit(lambda: _destroy_key(key_id))
        transaction.on_commit(lambda: compute_results_task.enqueue(pk))
    return locked


# ====================================================================== results


class ResultMismatch(RuntimeError):
    """A re-run did not reproduce a stored result: the ballots or projects changed."""


def compute_results(round_id: int, *, actor=None) -> list[ResultSnapshot]:
    """Compute every pot's result with the round's rule (and greedy beside it) and store an
    immutable snapshot.  Re-running recomputes and checks the stored snapshot is reproduced
    exactly (same input digest, same selection); a difference is audited and raised."""
    with transaction.atomic():
        locked = _lock_round(round_id)
        if locked.phase not in (PhaseKind.RESULTS, PhaseKind.DELIVERY):
            raise PermissionDenied(_("Results are computed after the vote closes."))
        if actor is not None:
            _require(actor, "results.compute", locked)
        snapshots = []
        existing = {r.pot_key: r for r in locked.results.all()}
        for pot in locked.pots:
            run = engine.run(locked, pot)
            outcome = run["outcome"]
            old = existing.get(pot.key)
            if old is not None:
                if old.input_sha256 != run["digest"] or old.selected != outcome.selected:
                    mismatch = {"pot": pot.key, "stored": old.selected, "now": outcome.selected}
                    transaction.on_commit(lambda: None)
                    audit.record("fund.results_mismatch", actor=actor, obj=locked, data=mismatch)
                    raise ResultMismatch(str(mismatch))
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
            audit.record(
                "fund.results_computed",
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
            Decision.objects.create(proposal=proposal, kind=kind, actor=actor)


def override_result(*, actor, proposal: Proposal, funded: bool, reason: str) -> ResultOverride:
    """Fund (or not) one project against the computed result: a reason is required and both
    the decision and the reason are shown on the public results page."""
    if not reason.strip():
        raise ValidationError(_("An override needs a reason, which will be published."))
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        _require(actor, "results.override", proposal.round)
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
        audit.record(
            "fund.result_overridden",
            actor=actor,
            obj=proposal,
            reason=reason,
            data={"funded": funded},
        )
    return override


# ====================================================================== grants


DEFAULT_MILESTONES = (
    ("Start-up and recruitment", 40),
    ("Mid-point review", 40),
    ("Final report", 20),
)


def award_grants(*, actor, round_: Round, conditions: str = "", start: date | None = None):
    """Turn every funded project into a grant with payment milestones; the round moves to
    delivery."""
    with transaction.atomic():
        locked = _lock_round(round_)
        _require(actor, "grants.award", locked)
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
            _move_to(locked, PhaseKind.DELIVERY)
        audit.record(
            "fund.grants_awarded",
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
        _require(actor, "grant.report", grant.round, is_proposer=proposal.is_proposer(actor))
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
        audit.record(
            "fund.progress_reported",
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
        if not actor.has_role("officer"):
            raise PermissionDenied
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
        audit.record(
            "fund.grant_updated",
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
        if not actor.has_role("officer"):
            raise PermissionDenied
        milestone.paid_on = paid_on or timezone.localdate()
        milestone.save(update_fields=["paid_on"])
        audit.record(
            "fund.milestone_paid",
            actor=actor,
            obj=milestone.grant,
            data={"milestone": milestone.title, "payment": str(milestone.payment)},
        )
    return milestone


# ====================================================================== Pabulib import


def import_election(
    election: Election, *, title: str, slug: str, source: str = "", actor=None
) -> Round:
    """Create a closed round from a Pabulib election: its projects (on the ballot) and its
    ballots (anonymous).  The file's META is kept so the count reproduces the file's."""
    meta = dict(election.meta)
    rule = PABULIB_RULES.get(meta.get("rule", ""), "mes-add1u")
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
        audit.record(
            "fund.round_imported",
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
