"""Groups proposing projects: the proposal form with drafts, and each proposal's status page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from commonground.readiness.actions import cite_in_proposal

from .. import actions
from ..forms import BudgetLineFormSet, PromisedOutputFormSet, ProposalForm
from ..models import Assessment, Decision, Proposal, ProposalStatus
from .common import get_round, require


def my_proposals(request: HttpRequest) -> HttpResponse:
    proposals = (
        Proposal.objects.for_proposer(request.user).select_related("round").order_by("-updated_at")
    )
    return render(request, "fund/my_proposals.html", {"proposals": proposals, "section": "fund"})


def proposal_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Start or edit a proposal.  "Save draft" keeps gaps; "Submit" checks everything."""
    round_ = get_round(request, slug)
    proposal = None
    if pk is None:
        require(request, "fund.proposal.start", round_)
    else:
        proposal = get_object_or_404(Proposal.objects.select_related("round"), round=round_, pk=pk)
        if not proposal.is_editable:
            return redirect(proposal.get_absolute_url())
        revising = proposal.status == ProposalStatus.REVISION_REQUESTED
        require(request, "fund.proposal.resubmit" if revising else "fund.proposal.submit", proposal)
    lines_initial = [
        {"item": line.item, "amount": line.amount}
        for line in (proposal.budget_lines.all() if proposal else [])
    ]
    promised_initial = [
        {"description": p.description, "target": p.target, "measure": p.measure_id}
        for p in (proposal.promised.all() if proposal else [])
    ]
    form_action = ""
    if request.method == "POST":
        form = ProposalForm(
            request.POST, request.FILES, instance=proposal, round_=round_, user=request.user
        )
        lines = BudgetLineFormSet(request.POST, prefix="budget")
        promised = PromisedOutputFormSet(request.POST, prefix="outputs")
        if form.is_valid() and lines.is_valid() and promised.is_valid():
            data = {
                name: form.cleaned_data[name]
                for name in form.cleaned_data
                if name not in ("image", "image_alt")
            }
            if "organisation" not in request.POST:  # not answered: leave it as it is
                data.pop("organisation", None)
            budget = [
                (f.cleaned_data["item"], f.cleaned_data["amount"])
                for f in lines
                if f.cleaned_data.get("item")
            ]
            outputs = [
                (
                    f.cleaned_data["description"],
                    f.cleaned_data.get("target") or 0,
                    f.cleaned_data.get("measure"),
                )
                for f in promised
                if f.cleaned_data.get("description")
            ]
            try:
                proposal = actions.save_draft(
                    actor=request.user,
                    round_=round_,
                    proposal=proposal,
                    data=data,
                    budget_lines=budget,
                    promised=outputs,
                    images=form.images(),
                )
                if "readiness_assessment" in form.cleaned_data:
                    cite_in_proposal(
                        actor=request.user,
                        proposal=proposal,
                        assessment=form.cleaned_data["readiness_assessment"],
                    )
                if "submit" in request.POST:
                    actions.submit_proposal(actor=request.user, proposal=proposal)
                    messages.success(request, _("Your proposal has been submitted."))
                    return redirect(proposal.get_absolute_url())
                messages.success(request, _("Your draft has been saved."))
                return redirect("fund:proposal_edit", round_.slug, proposal.pk)
            except ValidationError as error:
                for text in error.messages:
                    form.add_error(None, text)
                if proposal is not None and proposal.pk and pk is None:
                    # The draft was saved before the submission was refused: the corrected
                    # form must update it, not start a second proposal.
                    form_action = reverse("fund:proposal_edit", args=[round_.slug, proposal.pk])
                    messages.info(
                        request,
                        _("Your draft has been saved. Put right what is listed, then submit."),
                    )
    else:
        initial = {}
        if proposal is None:
            initial = {"language": request.LANGUAGE_CODE}
            if request.user.may_act_for(request.user.organisation_id):
                initial["organisation"] = request.user.organisation_id
        form = ProposalForm(instance=proposal, round_=round_, initial=initial, user=request.user)
        lines = BudgetLineFormSet(prefix="budget", initial=lines_initial)
        promised = PromisedOutputFormSet(prefix="outputs", initial=promised_initial)
    return render(
        request,
        "fund/proposal_form.html",
        {
            "round": round_,
            "proposal": proposal,
            "form": form,
            "lines": lines,
            "promised": promised,
            "form_action": form_action,
            "section": "fund",
        },
    )


def proposal_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Where a proposal stands, and every decision about it with the reason."""
    round_ = get_round(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("organisation", "merged_into", "submitted_by")
        .with_organisation_check()
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
            Prefetch("assessments", queryset=Assessment.objects.order_by("created_at", "pk")),
            "versions",
            "budget_lines",
            "pillars",
            "wards",
            "partners",
        ),
        round=round_,
        pk=pk,
    )
    require(request, "fund.proposal.view", proposal)
    return render(
        request,
        "fund/proposal_status.html",
        {
            "round": round_,
            "proposal": proposal,
            "problems": actions.eligibility_problems(proposal) if proposal.is_editable else [],
            "section": "fund",
        },
    )
