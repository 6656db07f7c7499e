"""Officers: set up rounds, move them through their phases, assess, key paper ballots."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commonground import spreadsheets
from commonground.core.pdf import render_pdf

from .. import actions
from ..forms import (
    AccessCodesIssueForm,
    AreaBudgetsForm,
    AssessmentForm,
    MergeForm,
    OverrideForm,
    PaperDecisionForm,
    PaperRefForm,
    ReasonForm,
    RoundForm,
    ShortlistForm,
    TimetableForm,
    VoterUploadForm,
    ballot_choices_from_post,
)
from ..models import Assessment, Decision, PaperBallotEntry, Proposal, ProposalStatus
from ..phases import FEATURES
from .common import get_round, permission_required, require

officer_only = permission_required("fund.round.manage")
"""A view of one round's management pages: for those who may manage rounds."""


def round_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    round_ = get_round(request, slug) if slug else None
    require(request, "fund.round.manage" if round_ else "fund.round.create", round_)
    if request.method == "POST":
        form = RoundForm(request.POST, instance=round_)
        timetable = TimetableForm(request.POST, round_=round_)
        pots = AreaBudgetsForm(request.POST)
        if form.is_valid() and timetable.is_valid() and pots.is_valid():
            data = dict(form.cleaned_data)
            pillars, objectives = data.pop("pillars"), data.pop("objectives")
            try:
                if round_ is None:
                    slug_ = data.pop("slug")
                    title = data.pop("title")
                    round_ = actions.create_round(
                        actor=request.user,
                        title=title,
                        slug=slug_,
                        pillars=pillars,
                        objectives=objectives,
                        area_budgets=pots.cleaned_data["lines"],
                        timetable=timetable.timetable(),
                        **data,
                    )
                else:
                    changed = {k: v for k, v in data.items() if k in form.changed_data}
                    actions.update_round(
                        actor=request.user,
                        round_=round_,
                        changes=changed,
                        pillars=pillars if "pillars" in form.changed_data else None,
                        objectives=objectives if "objectives" in form.changed_data else None,
                        area_budgets=pots.cleaned_data["lines"] if pots.has_changed() else None,
                        timetable=timetable.timetable(),
                    )
                messages.success(request, _("The round has been saved."))
                return redirect("fund:manage", round_.slug)
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
    else:
        form = RoundForm(instance=round_, initial={} if round_ else {"rule": "mes-add1u"})
        timetable = TimetableForm(round_=round_)
        initial = ""
        if round_ is not None:
            initial = "\n".join(
                f"{ab.area.code} = {ab.budget}" for ab in round_.area_budgets.select_related("area")
            )
        pots = AreaBudgetsForm(initial={"lines": initial})
    return render(
        request,
        "fund/round_form.html",
        {"round": round_, "form": form, "timetable": timetable, "pots": pots, "section": "fund"},
    )


@officer_only
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """An officer's view of a round: its phase, what comes next, counts."""
    round_ = get_round(request, slug)
    counts = round_.proposals.aggregate(
        total=Count("pk", filter=~Q(status=ProposalStatus.DRAFT)),
        to_assess=Count("pk", filter=Q(status=ProposalStatus.SUBMITTED)),
        shortlisted=Count("pk", filter=Q(status=ProposalStatus.SHORTLISTED)),
    )
    features = sorted(
        (FEATURES[name] for name in FEATURES if round_.allows(name)), key=lambda f: f.name
    )
    return render(
        request,
        "fund/manage.html",
        {
            "round": round_,
            "counts": counts,
            "ballots": round_.ballots.count(),
            "features": features,
            "phases": round_.phases.order_by("pk"),
            "section": "fund",
        },
    )


PHASE_ACTIONS = {
    "open_round": actions.open_round,
    "open_assessment": actions.open_assessment,
    "open_voting": actions.open_voting,
    "close_vote": actions.close_vote,
    "award_grants": actions.award_grants,
}


@officer_only
@require_POST
def phase_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    round_ = get_round(request, slug)
    try:
        if action == "compute_results":
            actions.compute_results(actor=request.user, round_=round_)
        elif action in PHASE_ACTIONS:
            PHASE_ACTIONS[action](actor=request.user, round_=round_)
        else:
            return HttpResponse(status=404)
        messages.success(request, _("Done."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("fund:manage", round_.slug)


@officer_only
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The assessment queue: every submitted proposal, oldest first, with where it stands."""
    round_ = get_round(request, slug)
    proposals = (
        round_.proposals.exclude(status=ProposalStatus.DRAFT)
        .select_related("organisation")
        .with_organisation_check()
        .annotate(assessment_count=Count("assessments"))
        .order_by("status", "submitted_at", "pk")
    )
    return render(
        request, "fund/queue.html", {"round": round_, "proposals": proposals, "section": "fund"}
    )


@officer_only
def assess(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One proposal: its content, versions, assessments, and the decision forms."""
    round_ = get_round(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("organisation", "submitted_by")
        .with_organisation_check()
        .prefetch_related(
            "budget_lines",
            "pillars",
            "wards",
            "partners",
            "communities",
            "versions",
            Prefetch("assessments", queryset=Assessment.objects.select_related("assessor")),
            Prefetch("decisions", queryset=Decision.objects.select_related("actor")),
        ),
        round=round_,
        pk=pk,
    )
    forms = {
        "assessment": AssessmentForm(prefix="a", checklist=round_.eligibility_checklist),
        "revision": ReasonForm(prefix="r"),
        "shortlist": ShortlistForm(prefix="s"),
        "merge": MergeForm(prefix="m", proposal=proposal),
    }
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "assessment":
                form = forms["assessment"] = AssessmentForm(
                    request.POST, prefix="a", checklist=round_.eligibility_checklist
                )
                if form.is_valid():
                    actions.record_assessment(
                        actor=request.user,
                        proposal=proposal,
                        kind=form.cleaned_data["kind"],
                        outcome=form.cleaned_data["outcome"],
                        comment=form.cleaned_data["comment"],
                        checklist=form.checklist(),
                        internal_note=form.cleaned_data["internal_note"],
                    )
                    return _done(request, proposal)
            elif which == "revision":
                form = forms["revision"] = ReasonForm(request.POST, prefix="r")
                if form.is_valid():
                    actions.request_revision(
                        actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
                    )
                    return _done(request, proposal)
            elif which == "shortlist":
                form = forms["shortlist"] = ShortlistForm(request.POST, prefix="s")
                if form.is_valid():
                    actions.shortlist(
                        actor=request.user,
                        proposal=proposal,
                        include=form.cleaned_data["include"],
                        reason=form.cleaned_data["reason"],
                    )
                    return _done(request, proposal)
            elif which == "merge":
                form = forms["merge"] = MergeForm(request.POST, prefix="m", proposal=proposal)
                if form.is_valid():
                    actions.merge_proposals(
                        actor=request.user,
                        target=proposal,
                        others=list(form.cleaned_data["others"]),
                        reason=form.cleaned_data["reason"],
                    )
                    return _done(request, proposal)
            else:
                form = None
        except ValidationError as error:
            if form is not None:
                for text in error.messages:
                    form.add_error(None, text)
    return render(
        request,
        "fund/assess.html",
        {"round": round_, "proposal": proposal, "forms": forms, "section": "fund"},
    )


def _done(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    messages.success(request, _("Your decision has been recorded and the proposer can see it."))
    return redirect("fund:assess", proposal.round.slug, proposal.pk)


@officer_only
def paper_ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """Key a paper ballot; it counts when a second officer keys the same paper the same way.
    Papers keyed once or keyed differently are listed with their entries, for an officer to
    decide (count one entry, or set the paper aside) with a reason: the close waits for them."""
    round_ = get_round(request, slug)
    require(request, "fund.ballot.key_paper", round_)
    projects = actions.ballot_projects(round_)
    deciding = request.method == "POST" and request.POST.get("action") == "decide"
    form = PaperRefForm(request.POST if request.method == "POST" and not deciding else None)
    entry = None
    keyed_ref = ""
    errors: list[str] = []
    if deciding:
        decision = PaperDecisionForm(request.POST)
        if decision.is_valid():
            try:
                actions.decide_paper(
                    actor=request.user,
                    round_=round_,
                    paper_ref=decision.cleaned_data["paper_ref"],
                    entry_id=decision.cleaned_data["entry"],
                    reason=decision.cleaned_data["reason"],
                )
                messages.success(request, _("Your decision on the paper has been recorded."))
                return redirect("fund:paper", round_.slug)
            except ValidationError as error:
                errors = error.messages
        else:
            errors = [e for field in decision.errors.values() for e in field]
    elif request.method == "POST" and form.is_valid():
        try:
            choices = ballot_choices_from_post(round_, request.POST, projects)
            keyed_ref = actions.normalise_paper_ref(form.cleaned_data["paper_ref"])
            entry = actions.key_paper_ballot(
                actor=request.user, round_=round_, paper_ref=keyed_ref, choices=choices
            )
            form = PaperRefForm()
        except ValidationError as error:
            errors = error.messages
    recent = list(
        PaperBallotEntry.objects.filter(round=round_)
        .select_related("entered_by", "paper")
        .order_by("-created_at")[:20]
    )
    for e in recent:
        e.paper.round = round_  # unseal with the round's key, read once
    return render(
        request,
        "fund/paper_ballot.html",
        {
            "round": round_,
            "form": form,
            "entry": entry,
            "keyed_ref": keyed_ref,
            "errors": errors,
            "projects": sorted(projects.values(), key=lambda p: p.pk),
            "recent": recent,
            "waiting": actions.papers_needing_a_decision(round_),
            "section": "fund",
        },
    )


CARDS_PER_SHEET = 10


def _qr_svg(url: str) -> str:
    """The vote's address as a QR code (inline SVG, sized by CSS).

    Only the address: the code stays printed beside it, never in a URL that would end up in
    server and proxy logs.
    """
    svg = segno.make_qr(url, error="m").svg_inline(scale=1, border=0, omitsize=True)
    return mark_safe(svg)  # segno writes the SVG; the only input is our own URL


def _access_code_output(
    request: HttpRequest, round_, issued: list[str], batch: str, output: str
) -> HttpResponse:
    """The one and only readable copy of a batch of codes: an A4 sheet of cards (page or PDF)
    or a CSV.  Never cached, since only hashes are kept after this response."""
    if output == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{round_.slug}-access-codes.csv"'
        writer = spreadsheets.csv_writer(response)  # the batch name is typed text
        writer.writerow(["access_code", "batch"])
        for code in issued:
            writer.writerow([code, batch])
    else:
        cards = [{"code": code, "number": n} for n, code in enumerate(issued, start=1)]
        vote_url = request.build_absolute_uri(reverse("fund:vote_code", args=[round_.slug]))
        context = {
            "round": round_,
            "batch": batch,
            "total": len(cards),
            "sheets": [
                cards[i : i + CARDS_PER_SHEET] for i in range(0, len(cards), CARDS_PER_SHEET)
            ],
            "vote_url": vote_url,
            "vote_qr_svg": _qr_svg(vote_url),
            "card_languages": [code for code, _name in settings.LANGUAGES],
        }
        if output == "pdf":
            response = render_pdf(
                request, "fund/access_code_cards.html", context, f"{round_.slug}-access-codes.pdf"
            )
        else:
            response = render(request, "fund/access_code_cards.html", context)
    add_never_cache_headers(response)
    return response


@officer_only
@never_cache
def voters(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a voter list (stored hashed) or issue access codes, printed as cards or
    downloaded as CSV once, in the response that makes them."""
    round_ = get_round(request, slug)
    upload = VoterUploadForm(prefix="v")
    codes = AccessCodesIssueForm(prefix="c")
    if request.method == "POST":
        try:
            if request.POST.get("form") == "upload":
                upload = VoterUploadForm(request.POST, prefix="v")
                if upload.is_valid():
                    added = actions.upload_voter_list(
                        actor=request.user,
                        round_=round_,
                        identifiers=upload.cleaned_data["identifiers"].splitlines(),
                    )
                    messages.success(request, _("%(n)s voters added.") % {"n": added})
                    return redirect("fund:voters", round_.slug)
            elif request.POST.get("form") == "codes":
                codes = AccessCodesIssueForm(request.POST, prefix="c")
                if codes.is_valid():
                    issued = actions.issue_access_codes(
                        actor=request.user,
                        round_=round_,
                        count=codes.cleaned_data["count"],
                        batch=codes.cleaned_data["batch"],
                        output=codes.cleaned_data["output"],
                    )
                    return _access_code_output(
                        request,
                        round_,
                        issued,
                        codes.cleaned_data["batch"],
                        codes.cleaned_data["output"],
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "fund/voters.html",
        {"round": round_, "upload": upload, "codes": codes, "section": "fund"},
    )


@officer_only
def override(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round_ = get_round(request, slug)
    proposal = get_object_or_404(Proposal, round=round_, pk=pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.override_result(
                actor=request.user,
                proposal=proposal,
                funded=form.cleaned_data["funded"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The override is recorded and published."))
            return redirect("fund:results", round_.slug)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
    return render(
        request,
        "fund/override.html",
        {"round": round_, "proposal": proposal, "form": form, "section": "fund"},
    )
