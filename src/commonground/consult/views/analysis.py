"""Analysis pages: each reads the latest stored snapshot (one row) and answers at once; a
button queues a fresh computation, whose progress page polls with htmx until it is done."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.consult import actions, analysis
from commonground.consult.models import AnalysisKind, AnalysisRun
from commonground.consult.views import charts
from commonground.consult.views.common import (
    SECTION,
    analysis_status,
    consultation_for_officer,
    may,
    option_labels,
    permission_required,
    priority_table,
    reach_groups,
)

KIND_SLUGS = {
    "priorities": AnalysisKind.PRIORITIES,
    "reach": AnalysisKind.REACH,
    "themes": AnalysisKind.THEMES,
    "propose": AnalysisKind.PROPOSE,
    "suggest": AnalysisKind.SUGGEST,
}
# Where a finished run's result is shown.
RESULT_PAGE = {
    AnalysisKind.PRIORITIES: "consult:priorities",
    AnalysisKind.REACH: "consult:reach",
    AnalysisKind.THEMES: "consult:themes",
    AnalysisKind.PROPOSE: "consult:codebook",
    AnalysisKind.SUGGEST: "consult:suggestions",
}


@require_POST
@permission_required("consult.run_analysis")
def request_run(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    if kind not in KIND_SLUGS:
        raise Http404
    already = analysis.running(consultation, KIND_SLUGS[kind])
    if already:
        return redirect(already)
    try:
        run = actions.request_analysis(
            actor=request.user, consultation=consultation, kind=KIND_SLUGS[kind]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("consult:dashboard", slug)
    return redirect(run)


def _run(slug: str, pk: int) -> AnalysisRun:
    return get_object_or_404(
        AnalysisRun.objects.select_related("consultation"), pk=pk, consultation__slug=slug
    )


@permission_required("consult.run_analysis")
def run_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A run's progress bar while it works; a link to its result when done."""
    run = _run(slug, pk)
    return render(
        request,
        "consult/run.html",
        {
            "consultation": run.consultation,
            "run": run,
            "result_url": RESULT_PAGE[run.kind],
            "section": SECTION,
        },
    )


@permission_required("consult.run_analysis")
def run_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The progress box alone, for htmx to swap every second; stops polling when done."""
    run = _run(slug, pk)
    return render(
        request,
        "consult/includes/run_progress.html",
        {"consultation": run.consultation, "run": run, "result_url": RESULT_PAGE[run.kind]},
    )


def _snapshot_context(request: HttpRequest, consultation, kind: str) -> dict:
    return {
        **analysis_status(consultation, kind),
        "can_run": may(request, "consult.run_analysis"),
        "kind_slug": next(k for k, v in KIND_SLUGS.items() if v == kind),
    }


@permission_required("consult.view_analysis")
def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    """Priorities combined across methods, each method's rank beside, with intervals."""
    consultation = consultation_for_officer(slug)
    context = _snapshot_context(request, consultation, AnalysisKind.PRIORITIES)
    snapshot = context["snapshot"]
    labels = option_labels(consultation)
    table = priority_table(snapshot.result if snapshot else None, labels)
    return render(
        request,
        "consult/priorities.html",
        {
            **context,
            "consultation": consultation,
            "table": table,
            "chart": charts.priorities_chart(
                snapshot.result, labels, _("Priorities, all methods combined")
            )
            if table
            else "",
            "section": SECTION,
        },
    )


@permission_required("consult.view_analysis")
def reach(request: HttpRequest, slug: str) -> HttpResponse:
    """Who took part against the census; under-represented groups; weighted priorities."""
    consultation = consultation_for_officer(slug)
    context = _snapshot_context(request, consultation, AnalysisKind.REACH)
    snapshot = context["snapshot"]
    groups = reach_groups(snapshot.result if snapshot else None)
    for group in groups:
        group["chart"] = charts.reach_chart(
            group["rows"], _("%(what)s: who we heard and who lives here") % {"what": group["label"]}
        )
    labels = option_labels(consultation)
    weighted = priority_table(
        (snapshot.result.get("weighted_priorities") if snapshot else None), labels
    )
    unweighted_run = analysis.latest(consultation, AnalysisKind.PRIORITIES)
    unweighted = priority_table(unweighted_run.result if unweighted_run else None, labels)
    comparison = []
    if weighted and unweighted:
        weighted_by_label = {r["label"]: r for r in weighted["rows"]}
        comparison = [
            {"label": r["label"], "unweighted": r, "weighted": weighted_by_label.get(r["label"])}
            for r in unweighted["rows"]
        ]
    return render(
        request,
        "consult/reach.html",
        {
            **context,
            "consultation": consultation,
            "groups": groups,
            "comparison": comparison,
            "section": SECTION,
        },
    )


@permission_required("consult.view_analysis")
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    """Theme counts by method, ward and community, and representative quotes."""
    consultation = consultation_for_officer(slug)
    context = _snapshot_context(request, consultation, AnalysisKind.THEMES)
    snapshot = context["snapshot"]
    current = {t.pk: t for t in consultation.themes.active()}
    rows = [
        # The current name, and whether an officer has named it (unnamed: not published).
        {
            **t,
            "label": current[t["id"]].label if t.get("id") in current else t["label"],
            "named": current[t["id"]].is_named if t.get("id") in current else True,
        }
        for t in (snapshot.result.get("themes", []) if snapshot else [])
    ]
    methods = sorted({m for t in rows for m in t["by_method"]})
    from commonground.consult.views.common import method_label

    return render(
        request,
        "consult/themes.html",
        {
            **context,
            "consultation": consultation,
            "rows": rows,
            "methods": [(m, method_label(m)) for m in methods],
            "chart": charts.counts_chart(
                [(t["label"], t["count"]) for t in rows if t["count"]][:15],
                _("Comments per theme"),
            ),
            "section": SECTION,
        },
    )
