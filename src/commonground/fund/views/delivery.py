"""Funded projects report their progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import actions
from ..forms import GrantForm, MilestoneFormSet, ProgressForm, milestones_from_formset
from ..models import Grant
from .common import get_round, permission_required, require


def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round_ = get_round(request, slug)
    grant = get_object_or_404(Grant.objects.select_related("proposal"), round=round_, pk=pk)
    require(request, "fund.grant.report", grant)
    form = ProgressForm(request.POST or None, request.FILES or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_progress(
                actor=request.user,
                grant=grant,
                percent_complete=form.cleaned_data["percent_complete"],
                spend_to_date=form.cleaned_data["spend_to_date"],
                story=form.cleaned_data["story"],
                outputs=form.outputs(),
                milestones=form.milestone_progress(),
                photos=form.photos(),
            )
            messages.success(request, _("Thank you: your progress report is published."))
            return redirect(grant.get_absolute_url())
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
    return render(
        request,
        "fund/report_form.html",
        {"round": round_, "grant": grant, "form": form, "section": "fund"},
    )


@permission_required("fund.round.manage")
def grant_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Officers set a grant's conditions and payment milestones; the grant page and the
    tracking page publish them."""
    round_ = get_round(request, slug)
    grant = get_object_or_404(Grant.objects.select_related("proposal"), round=round_, pk=pk)
    milestones = list(grant.milestones.all())
    form = GrantForm(
        request.POST or None,
        initial={
            "conditions": grant.conditions,
            "planned_start": grant.planned_start,
            "planned_end": grant.planned_end,
        },
    )
    schedule = MilestoneFormSet(
        request.POST or None,
        prefix="m",
        initial=[
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "payment": m.payment}
            for m in milestones
        ],
    )
    paid = {m.pk for m in milestones if m.paid_on}
    if request.method == "POST" and form.is_valid() and schedule.is_valid():
        try:
            actions.update_grant(
                actor=request.user,
                grant=grant,
                conditions=form.cleaned_data["conditions"],
                planned_start=form.cleaned_data["planned_start"],
                planned_end=form.cleaned_data["planned_end"],
                milestones=milestones_from_formset(schedule),
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("The grant's conditions and milestones are published."))
            return redirect(grant.get_absolute_url())
    return render(
        request,
        "fund/grant_form.html",
        {
            "round": round_,
            "grant": grant,
            "form": form,
            "schedule": schedule,
            "paid": paid,
            "section": "fund",
        },
    )
