"""The Innovation Fund's part of "Your tasks" and of the home page's "Open now".

Read by :mod:`commonground.core.waiting`, which finds this module by name. Every check asks a
fund permission by name (:func:`commonground.fund.rules.may`), so what the page offers is what
the round's phase and the person's roles allow.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.core.predicates import is_partner, is_resident
from commonground.core.waiting import Task, Tool

from .models import (
    Grant,
    IdentityReview,
    Milestone,
    PaperBallot,
    PaperEntryStatus,
    Phase,
    Proposal,
    ProposalStatus,
    ReviewStatus,
    Round,
)
from .phases import PhaseKind
from .rules import may

LIVE_PHASES = (PhaseKind.PROPOSALS, PhaseKind.ASSESSMENT, PhaseKind.VOTE, PhaseKind.RESULTS)


def _with_phases(rounds):
    return rounds.prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("pk")))


def closes_on(round_: Round) -> date | None:
    """When the round's current phase is due to end (its planned end date), if it says."""
    return next((p.ends_on for p in round_.phases.all() if p.kind == round_.phase), None)


def tools(user) -> list[Tool]:
    found = []
    if may(user, "fund.round.create"):
        found.append(Tool(_("Fund rounds"), reverse("fund:index")))
    if (is_partner | is_resident)(user):
        found.append(Tool(_("Your fund proposals"), reverse("fund:my_proposals")))
    return found


def tasks(user) -> list[Task]:
    rounds = list(_with_phases(Round.objects.exclude(phase=PhaseKind.DELIVERY)).order_by("pk"))
    found = _officer_tasks(user, rounds)
    if not found:  # officers see each open round through its management page
        found = _proposer_tasks(user) + open_now()
    return found + _results(user, rounds)


def _officer_tasks(user, rounds: list[Round]) -> list[Task]:
    managed = [r for r in rounds if may(user, "fund.round.manage", r)]
    if not managed:
        return []
    ids = [r.pk for r in managed]
    submitted = dict(
        Proposal.objects.filter(round__in=ids, status=ProposalStatus.SUBMITTED)
        .values_list("round")
        .annotate(n=Count("pk"))
    )
    held = dict(
        IdentityReview.objects.filter(round__in=ids, status=ReviewStatus.PENDING)
        .values_list("round")
        .annotate(n=Count("pk"))
    )
    papers = {
        row["round"]: row
        for row in PaperBallot.objects.filter(round__in=ids)
        .values("round")
        .annotate(
            mismatch=Count("pk", filter=Q(status=PaperEntryStatus.MISMATCH)),
            pending=Count("pk", filter=Q(status=PaperEntryStatus.PENDING)),
        )
    }
    today = timezone.localdate()
    found = []
    for round_ in managed:
        slug, title = round_.slug, round_.title
        if submitted.get(round_.pk) and may(user, "fund.proposal.assess", round_):
            found.append(
                Task(
                    _("Proposals to check in %(round)s.") % {"round": title},
                    reverse("fund:queue", args=[slug]),
                    _("Check proposals"),
                    count=submitted[round_.pk],
                )
            )
        if held.get(round_.pk) and may(user, "fund.identity.review", round_):
            found.append(
                Task(
                    _("Held ballots in %(round)s wait for a decision.") % {"round": title},
                    reverse("fund:reviews", args=[slug]),
                    _("Decide on held ballots"),
                    count=held[round_.pk],
                    urgent=True,
                )
            )
        paper = papers.get(round_.pk)
        if paper and (paper["mismatch"] or paper["pending"]):
            found.append(
                Task(
                    _(
                        "Paper ballots in %(round)s: %(mismatch)s do not match, "
                        "%(pending)s wait for a second officer."
                    )
                    % {"round": title, "mismatch": paper["mismatch"], "pending": paper["pending"]},
                    reverse("fund:paper", args=[slug]),
                    _("Key paper ballots"),
                    count=paper["mismatch"] + paper["pending"],
                    urgent=bool(paper["mismatch"]),
                )
            )
        due = closes_on(round_)
        if round_.phase in LIVE_PHASES and due is not None and due < today:
            found.append(
                Task(
                    _("%(phase)s in %(round)s was due to end; move the round on.")
                    % {"phase": round_.phase_label, "round": title},
                    reverse("fund:manage", args=[slug]),
                    _("Manage the round"),
                    due=due,
                    when="due",
                    urgent=True,
                )
            )
        found.append(
            Task(
                _("%(round)s: %(phase)s.") % {"round": title, "phase": round_.phase_label},
                reverse("fund:manage", args=[slug]),
                _("Manage the round"),
                due=due if round_.phase in LIVE_PHASES else None,
            )
        )
    return found


def _proposer_tasks(user) -> list[Task]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    proposals = (
        Proposal.objects.for_proposer(user)
        .select_related("round")
        .prefetch_related(Prefetch("round__phases", queryset=Phase.objects.order_by("pk")))
        .exclude(round__phase=PhaseKind.DELIVERY, status=ProposalStatus.NOT_FUNDED)
        .order_by("-pk")[:20]
    )
    for proposal in proposals:
        round_ = proposal.round
        if proposal.status == ProposalStatus.REVISION_REQUESTED:
            text = _("%(proposal)s: the officers ask you to revise it.")
            url, link = reverse("fund:proposal_edit", args=[round_.slug, proposal.pk]), _("Revise")
            urgent = True
        elif proposal.status == ProposalStatus.DRAFT:
            text = _("%(proposal)s is a draft: submit it before the call closes.")
            url, link = reverse("fund:proposal_edit", args=[round_.slug, proposal.pk]), _("Finish")
            urgent = False
        else:
            text = _("%(proposal)s: %(status)s.")
            url, link = reverse("fund:proposal", args=[round_.slug, proposal.pk]), _("See")
            urgent = False
        found.append(
            Task(
                text % {"proposal": proposal.title, "status": proposal.get_status_display()},
                url,
                link,
                due=closes_on(round_) if proposal.is_editable else None,
                urgent=urgent,
            )
        )
    grants = (
        Grant.objects.filter(proposal__in=Proposal.objects.for_proposer(user))
        .select_related("round", "proposal")
        .filter(round__phase=PhaseKind.DELIVERY)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on")))
    )
    for grant in grants:
        if may(user, "fund.grant.report", grant):
            found.append(
                Task(
                    _("Report the progress of %(project)s.") % {"project": grant.proposal.title},
                    reverse("fund:report", args=[grant.round.slug, grant.pk]),
                    _("Report progress"),
                    due=next(
                        (
                            m.due_on
                            for m in grant.milestones.all()
                            if m.due_on and m.percent_complete < 100
                        ),
                        None,
                    ),
                    when="due",
                )
            )
    return found


def _results(user, rounds: list[Round]) -> list[Task]:
    """Results out now: for the Board, and for anyone who took part."""
    found = []
    for round_ in rounds:
        if round_.phase == PhaseKind.RESULTS and may(user, "fund.results.view", round_):
            found.append(
                Task(
                    _("The results of %(round)s are out.") % {"round": round_.title},
                    reverse("fund:results", args=[round_.slug]),
                    _("See the results"),
                )
            )
    return found


def open_now() -> list[Task]:
    """Calls for proposals and votes open now, each with the day it closes (public)."""
    current_phase = Phase.objects.filter(round=OuterRef("pk"), kind=OuterRef("phase"))
    rounds = (
        Round.objects.filter(phase__in=[PhaseKind.PROPOSALS, PhaseKind.VOTE])
        .annotate(closes=Subquery(current_phase.values("ends_on")[:1]))
        .order_by("pk")
    )
    found = []
    for round_ in rounds:
        due = round_.closes
        if round_.phase == PhaseKind.VOTE:
            found.append(
                Task(
                    _("Vote on the projects of %(round)s.") % {"round": round_.title},
                    reverse("fund:vote", args=[round_.slug]),
                    _("Vote now"),
                    due=due,
                    when="voting_closes",
                )
            )
        else:
            found.append(
                Task(
                    _("%(round)s is open for proposals.") % {"round": round_.title},
                    reverse("fund:round", args=[round_.slug]),
                    _("Propose a project"),
                    due=due,
                    when="proposals_close",
                )
            )
    return found
