"""The public figures page: reports by strand, ward and month beside police-recorded hate
crime, and hotspots; small counts withheld ([c])."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from .. import actions, figures
from ..models import Strand


@login_not_required
def figures_page(request: HttpRequest) -> HttpResponse:
    days = figures.daily_counts()  # read once for the years and the monthly counts
    years = figures.years(days)
    year = request.GET.get("year", "")
    if year not in years:
        year = years[0] if years else ""
    strands = list(Strand.objects.all())
    police = figures.police_by_year()
    police_rows = [
        {
            "year": y,
            "cells": [values.get(s.police_measure) if s.police_measure else None for s in strands],
            "offences": values.get("Total number of offences"),
        }
        for y, values in police
    ]
    context = {
        "years": years,
        "year": year,
        "table": figures.strand_ward_table(year) if year else None,
        "monthly": figures.monthly(days=days),
        "hotspots": figures.hotspots(year) if year else [],
        "strands": strands,
        "police_rows": police_rows,
        "police_area": figures.POLICE_AREA,
        "section": "safety",
    }
    return render(request, "safety/figures.html", context)


@require_POST
@permission_required("safety.publish_figures", raise_exception=True)
def publish_to_measures(request: HttpRequest) -> HttpResponse:
    """Officers: send the monthly counts by ward to Measures (small counts withheld there)."""
    result = actions.publish_figures(actor=request.user)
    if result.get("note"):
        messages.error(request, _("No District is loaded yet, so there is nowhere to publish."))
    else:
        messages.success(
            request,
            _(
                "Sent to Measures: %(months)s months, %(created)s new figures, %(corrected)s "
                "corrected, %(unchanged)s unchanged."
            )
            % result,
        )
    return redirect("safety:figures")
