"""Public pages: schools and their make-up, a map coloured by a chosen group, segregation
between schools.  Shares are shown rounded to whole percentages (small groups in a named school
can be disclosive; see docs/schools.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from . import planning, queries
from .forms import LinkingForm
from .models import GROUP_LABELS, Phase, School

SECTION = "schools"


def _year(request: HttpRequest) -> str | None:
    years = queries.years()
    wanted = request.GET.get("year", "")
    return wanted if wanted in years else (years[0] if years else None)


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    """District schools with the chosen group's share, mapped, with the table beside the map."""
    year = _year(request)
    group = request.GET.get("group", "white_british")
    if group not in GROUP_LABELS and group != "fsm":
        group = "white_british"
    phase = request.GET.get("phase", "")
    if phase not in (Phase.PRIMARY, Phase.SECONDARY):
        phase = ""
    rows = queries.censuses(year, phase or None) if year else []
    flags = queries.neighbour_flags(rows)
    district = [c for c in rows if c.school.in_district]
    table = [
        {
            "census": c,
            "share": c.fsm_share if group == "fsm" else c.share(group),
            "flag": flags[c.school_id].flag if c.school_id in flags else None,
        }
        for c in district
    ]
    group_label = _("Free school meals") if group == "fsm" else GROUP_LABELS[group]
    return render(
        request,
        "schools/index.html",
        {
            "section": SECTION,
            "year": year,
            "years": queries.years(),
            "group": group,
            "group_label": group_label,
            "groups": queries.group_choices(),
            "phase": phase,
            "rows": table,
            "map": queries.dot_map(district, group),
        },
    )


@login_not_required
def school(request: HttpRequest, urn: str) -> HttpResponse:
    """One school: its make-up by year and how it compares with its neighbours."""
    item = get_object_or_404(School, urn=urn)
    history = list(item.censuses.order_by("-year"))
    if not history:
        raise Http404
    latest = history[0]
    flag = queries.neighbour_flags(queries.censuses(latest.year, item.phase)).get(item.pk)
    return render(
        request,
        "schools/school.html",
        {"section": SECTION, "school": item, "latest": latest, "history": history, "flag": flag},
    )


@login_not_required
def segregation(request: HttpRequest) -> HttpResponse:
    """District indices across schools, ethnic and free-school-meal, by phase."""
    year = _year(request)
    return render(
        request,
        "schools/segregation.html",
        {
            "section": SECTION,
            "year": year,
            "years": queries.years(),
            "phases": queries.district_indices(year) if year else [],
        },
    )


@permission_required("schools.plan_links", raise_exception=True)
def linking(request: HttpRequest) -> HttpResponse:
    """An officer asks for linking pairs; changing nothing, so a GET form (shareable link)."""
    year = _year(request)
    form = LinkingForm(request.GET or None)
    plan = None
    if year and form.is_valid():
        data = form.cleaned_data
        plan = planning.propose(
            year,
            data["phase"],
            float(data["max_km"]),
            leave_out=data["leave_out"],
            avoid=data["avoid"],
            fix=data["fix"],
        )
        for urn in plan.unknown:
            form.add_error(
                "fix", _("%(urn)s is not a District school of this phase.") % {"urn": urn}
            )
    return render(
        request,
        "schools/linking.html",
        {"section": SECTION, "year": year, "form": form, "plan": plan},
    )
