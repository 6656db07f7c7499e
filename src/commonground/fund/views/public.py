"""Public pages: rounds, the shortlist, results, the tracking page and open-data exports.

All `@login_not_required`: how public money is allocated is public information.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from commonground.pb import write_pb_string

from .. import giving360
from ..exports import pabulib_export
from ..models import Grant, Proposal, Round
from ..models.proposal import ON_BALLOT
from ..phases import PHASE_ORDER
from ..rules import may
from .common import get_round, require


@login_not_required
def round_index(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.public().select_related("area").order_by("-created_at")
    return render(request, "fund/round_index.html", {"rounds": rounds, "section": "fund"})


@login_not_required
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    phases = sorted(round_.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind))
    context = {
        "round": round_,
        "phases": phases,
        "pillars": round_.pillars.all(),
        "section": "fund",
        "shortlist_count": round_.proposals.filter(status__in=ON_BALLOT).count(),
    }
    return render(request, "fund/round_detail.html", context)


def _ballot_projects(round_: Round):
    return (
        Proposal.objects.filter(round=round_, status__in=ON_BALLOT)
        .select_related("organisation", "pot_area")
        .prefetch_related("pillars", "wards", "images")
        .order_by("pot_area__name", "pk")
    )


@login_not_required
def shortlist(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    require(request, "fund.shortlist.view", round_)
    return render(
        request,
        "fund/shortlist.html",
        {"round": round_, "projects": _ballot_projects(round_), "section": "fund"},
    )


@login_not_required
def project_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    round_ = get_round(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("organisation")
        .with_organisation_check()
        .prefetch_related(
            "partners", "pillars", "wards", "communities", "budget_lines", "images", "promised"
        ),
        round=round_,
        code=code,
        status__in=ON_BALLOT,
    )
    return render(
        request,
        "fund/project_detail.html",
        {"round": round_, "proposal": proposal, "section": "fund"},
    )


@login_not_required
def results(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = get_round(request, slug)
    require(request, "fund.results.view", round_)
    snapshots = list(round_.results.order_by("pot_key"))
    overrides = round_.overrides.select_related("proposal").order_by("created_at")
    for snapshot in snapshots:
        snapshot.chart = _chart(snapshot)
    override_ids = {}
    if may(request.user, "fund.results.override", round_):
        override_ids = dict(round_.proposals.on_ballot().values_list("code", "pk"))
    return render(
        request,
        "fund/results.html",
        {
            "round": round_,
            "snapshots": snapshots,
            "overrides": overrides,
            "override_ids": override_ids,
            "section": "fund",
        },
    )


def _chart(snapshot) -> dict:
    """Geometry of the inline SVG bar chart: supporters per project, funded in colour."""
    rows = snapshot.projects
    most = max((r["supporters"] for r in rows), default=0) or 1
    bar_height, gap, label_width, width = 22, 8, 0, 600
    bars = []
    for i, r in enumerate(rows):
        bars.append(
            {
                "y": i * (bar_height + gap),
                "width": round(width * r["supporters"] / most, 1),
                "row": r,
                "text_y": i * (bar_height + gap) + bar_height * 0.7,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows) * (bar_height + gap), bar_height),
        "width": width + label_width + 120,
        "bar_height": bar_height,
        "spent_pct": round(100 * float(snapshot.total_cost) / float(snapshot.budget), 1)
        if snapshot.budget
        else 0,
    }


@login_not_required
def tracking(request: HttpRequest) -> HttpResponse:
    """Every funded project's progress, rolled up by round, pillar and ward."""
    grants = list(
        Grant.objects.select_related("round", "proposal")
        .prefetch_related(
            "proposal__pillars",
            "proposal__wards",
            "milestones",
            Prefetch("reports", to_attr="report_list"),
        )
        .order_by("round__title", "proposal__code")
    )
    rollups = {
        "round": defaultdict(_bucket),
        "pillar": defaultdict(_bucket),
        "ward": defaultdict(_bucket),
    }
    for grant in grants:
        latest = grant.report_list[0] if grant.report_list else None
        grant.progress = latest.percent_complete if latest else 0
        grant.figures = grant.money(list(grant.milestones.all()), latest)
        grant.next_milestone = next((m for m in grant.milestones.all() if not m.paid_on), None)
        _add(rollups["round"][grant.round.title], grant)
        for pillar in grant.proposal.pillars.all():
            # the strategy's translation of the name where it gives one (core Translatable)
            _add(rollups["pillar"][pillar.translation("name") or pillar.name], grant)
        for ward in grant.proposal.wards.all():
            _add(rollups["ward"][ward.name], grant)
    tables = {
        key: sorted(
            ({"name": name, **_finish(b)} for name, b in buckets.items()), key=lambda r: r["name"]
        )
        for key, buckets in rollups.items()
    }
    return render(
        request,
        "fund/tracking.html",
        {"grants": grants, "tables": tables, "section": "fund"},
    )


def _bucket() -> dict:
    return {
        "count": 0,
        "amount": Decimal(0),
        "paid": Decimal(0),
        "spent": Decimal(0),
        "progress": 0,
    }


def _add(bucket: dict, grant: Grant) -> None:
    bucket["count"] += 1
    bucket["amount"] += grant.figures.awarded
    bucket["paid"] += grant.figures.paid
    bucket["spent"] += grant.figures.spent or Decimal(0)
    bucket["progress"] += grant.progress


def _finish(bucket: dict) -> dict:
    count = bucket["count"] or 1
    return {**bucket, "progress": round(bucket["progress"] / count)}


@login_not_required
def grant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    round_ = get_round(request, slug)
    grant = get_object_or_404(
        Grant.objects.select_related("proposal", "proposal__organisation").prefetch_related(
            "milestones", "reports__outputs__promised", "reports__photos", "proposal__promised"
        ),
        round=round_,
        pk=pk,
    )
    reports = list(grant.reports.all())  # newest first
    figures = grant.money(list(grant.milestones.all()), reports[0] if reports else None)
    can_report = may(request.user, "fund.grant.report", grant)
    can_edit = may(request.user, "fund.grant.update", grant)
    return render(
        request,
        "fund/grant_detail.html",
        {
            "round": round_,
            "grant": grant,
            "figures": figures,
            "can_report": can_report,
            "can_edit": can_edit,
            "section": "fund",
        },
    )


@login_not_required
def grants_360(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every grant as 360Giving data: JSON (schema-valid), CSV or, where available, xlsx."""
    grants = giving360.grant_queryset()
    if fmt == "json":
        package = giving360.package(grants, request.build_absolute_uri("/"))
        response = JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})
    elif fmt == "csv":
        response = HttpResponse(giving360.csv_text(grants), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx" and giving360.HAVE_OPENPYXL:
        response = HttpResponse(
            giving360.xlsx_bytes(grants),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="grants-360giving.{fmt}"'
    return response


@login_not_required
def export_pb(request: HttpRequest, slug: str, pot: str = "district") -> HttpResponse:
    """The round's anonymised ballots as a Pabulib file (after the vote closes)."""
    round_ = get_round(request, slug)
    require(request, "fund.results.view", round_)
    try:
        text = write_pb_string(pabulib_export(round_, pot))
    except KeyError:
        raise Http404 from None
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}-{pot}.pb"'
    return response
