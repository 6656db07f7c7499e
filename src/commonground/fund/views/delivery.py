"""Funded projects report their progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import actions
from ..forms import ProgressForm
from ..models import Grant
from ..phases import can
from .common import get_round


def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round_ = get_round(request, slug)
    grant = get_object_or_404(Grant.objects.select_related("proposal"), round=round_, pk=pk)
    if not can(
        request.user, "grant.report", round_, is_proposer=grant.proposal.is_proposer(request.user)
    ):
        raise PermissionDenied
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
