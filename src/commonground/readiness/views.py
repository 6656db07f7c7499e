"""Community Readiness pages: thin views over forms, actions and the scoring package.

Every view asks its permission by name (``readiness/rules.py``). Interview notes are shown
only to the assessment's team; a scorer sees the other scorer's scores only once both have
finished that interview.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.core.models import Area

from . import actions, catalogue
from .charts import profile_chart, ward_map
from .forms import AssessmentForm, ConsensusForm, InterviewForm, SheetForm, StrategyForm
from .models import STAGE_LABELS, Assessment, Dimension, Interview


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("ward", "community", "scorer_a", "scorer_b"), pk=pk
    )
    _require(request, "readiness.view", assessment)
    return assessment


def _interview(request: HttpRequest, pk: int) -> Interview:
    interview = get_object_or_404(
        Interview.objects.select_related(
            "assessment", "assessment__ward", "assessment__community"
        ).prefetch_related("sheets", "scores", "consensus"),
        pk=pk,
    )
    _require(request, "readiness.view_interviews", interview.assessment)
    return interview


def index(request: HttpRequest) -> HttpResponse:
    """Assessments the person may see, newest first."""
    if not (
        request.user.has_perm("readiness.create")
        or request.user.readiness_teams.exists()
        or request.user.has_perm("readiness.view_maps")
    ):
        raise PermissionDenied
    assessments = Assessment.objects.visible_to(request.user).select_related("ward", "community")
    issues = sorted({a.issue for a in assessments})
    return render(
        request,
        "readiness/index.html",
        {"assessments": assessments, "issues": issues},
    )


def assessment_new(request: HttpRequest) -> HttpResponse:
    _require(request, "readiness.create")
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            assessment = actions.create_assessment(actor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessment set up."))
            return redirect(assessment)
    return render(request, "readiness/assessment_form.html", {"form": form, "errors": []})


def _interview_rows(assessment: Assessment, user) -> list[dict]:
    slot = assessment.slot_of(user)
    rows = []
    for interview in assessment.interviews.prefetch_related("sheets", "consensus"):
        finished = interview.finished_slots()
        rows.append(
            {
                "interview": interview,
                "finished": len(finished),
                "to_score": slot is not None and slot not in finished,
                "to_agree": len(finished) == 2 and slot is not None,
                "agreed": interview.has_consensus(),
            }
        )
    return rows


def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _assessment(request, pk)
    in_team = request.user.has_perm("readiness.view_interviews", item)
    profile = item.profile()
    return render(
        request,
        "readiness/assessment.html",
        {
            "assessment": item,
            "in_team": in_team,
            "rows": _interview_rows(item, request.user) if in_team else [],
            "interview_count": item.interviews.count(),
            "profile": profile,
            "stage_label": STAGE_LABELS[profile.stage] if profile else "",
            "may_complete": profile is not None
            and item.completed_at is None
            and request.user.has_perm("readiness.complete", item),
            "team": item.team.order_by("username"),
        },
    )


def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = _assessment(request, pk)
    _require(request, "readiness.record_interview", item)
    form = InterviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview = actions.record_interview(
                actor=request.user, assessment=item, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interview recorded."))
            return redirect(interview)
    return render(
        request,
        "readiness/interview_form.html",
        {"form": form, "assessment": item, "errors": []},
    )


def interview(request: HttpRequest, pk: int) -> HttpResponse:
    item = _interview(request, pk)
    return render(
        request,
        "readiness/interview.html",
        {
            "interview": item,
            "assessment": item.assessment,
            "guide": item.assessment.guide(item.language),
            "may_score": request.user.has_perm("readiness.score", item),
            "may_agree": request.user.has_perm("readiness.agree_consensus", item),
            "finished": len(item.finished_slots()),
        },
    )


def interview_audio(request: HttpRequest, pk: int) -> FileResponse:
    """The recording, to the team only (never a public media address)."""
    item = _interview(request, pk)
    if not item.audio:
        raise Http404
    response = FileResponse(item.audio.open("rb"), as_attachment=False)
    response["Cache-Control"] = "private, no-store"
    return response


def score(request: HttpRequest, pk: int) -> HttpResponse:
    """Score an interview blind: the transcript beside the anchored rating scales."""
    item = _interview(request, pk)
    _require(request, "readiness.score", item)
    form = SheetForm(
        request.POST or None, anchors=catalogue.anchors(), questions=catalogue.questions()
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.finish_sheet(actor=request.user, interview=item, scores=form.scores())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your scores are in. You will see the other scorer's "
                    "when they have finished too."
                ),
            )
            return redirect(item.assessment)
    return render(
        request,
        "readiness/score.html",
        {"interview": item, "assessment": item.assessment, "form": form, "errors": []},
    )


def consensus(request: HttpRequest, pk: int) -> HttpResponse:
    """Both scorers' scores side by side, disagreements first, and the agreed scores."""
    item = _interview(request, pk)
    _require(request, "readiness.see_both_scores", item)
    may_agree = request.user.has_perm("readiness.agree_consensus", item)
    given = {(s.dimension, s.slot): s.score for s in item.scores.all()}
    agreed = {c.dimension: c.score for c in item.consensus.all()}
    initial = {}
    rows = []
    for d in Dimension:
        a, b = given[(d.value, "a")], given[(d.value, "b")]
        initial[d.value] = agreed.get(d.value, (a + b) / 2 if abs(a - b) <= 1 else None)
        rows.append(
            {
                "letter": d.value,
                "name": d.label,
                "a": a,
                "b": b,
                "gap": abs(a - b),
                "agreed": agreed.get(d.value),
            }
        )
    rows.sort(key=lambda r: (-r["gap"], r["letter"]))  # disagreements first
    form = ConsensusForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_agree:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.agree_consensus(actor=request.user, interview=item, scores=form.scores())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Consensus scores saved."))
                return redirect(item.assessment)
    for row in rows:
        row["field"] = form[row["letter"]]
    return render(
        request,
        "readiness/consensus.html",
        {
            "interview": item,
            "assessment": item.assessment,
            "rows": rows,
            "form": form,
            "may_agree": may_agree,
            "errors": [],
        },
    )


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _assessment(request, pk)
    try:
        actions.complete_assessment(actor=request.user, assessment=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessment complete; its scores are in Measures."))
    return redirect(item)


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """The readiness profile: chart and table, the lowest dimensions, what fits each stage."""
    item = _assessment(request, pk)
    result = item.profile()
    if result is None:
        raise Http404(_("This assessment has no profile until every interview has consensus."))
    advice = catalogue.strategies()
    lowest = set(result.lowest)
    previous = item.previous()
    before = previous.profile() if previous else None
    rows = []
    for d in Dimension:
        r = result.dimensions[d.value]
        rows.append(
            {
                "letter": d.value,
                "name": d.label,
                "score": float(r.score),
                "stage": r.stage,
                "stage_label": STAGE_LABELS[r.stage],
                "agreement": None if r.agreement is None else float(r.agreement),
                "compared": r.compared,
                "lowest": d.value in lowest,
                "advice": advice[r.stage],
                "before": float(before.dimensions[d.value].score) if before else None,
            }
        )
    caption = _(
        "Overall score %(overall).2f, stage %(stage)s (%(name)s). Lowest: %(lowest)s. "
        "The table gives every figure."
    ) % {
        "overall": float(result.overall),
        "stage": result.stage,
        "name": STAGE_LABELS[result.stage],
        "lowest": ", ".join(f"{r['letter']} {r['name']}" for r in rows if r["lowest"]),
    }
    return render(
        request,
        "readiness/profile.html",
        {
            "assessment": item,
            "profile": result,
            "overall": float(result.overall),
            "stage_label": STAGE_LABELS[result.stage],
            "rows": rows,
            "lowest_rows": [r for r in rows if r["lowest"]],
            "chart": profile_chart(rows, caption),
            "previous": previous if before else None,
            "overall_before": float(before.overall) if before else None,
        },
    )


def strategies(request: HttpRequest) -> HttpResponse:
    """What fits each stage; the council edits its own wording."""
    _require(request, "readiness.view_strategies")
    stages = [
        {"stage": n, "label": STAGE_LABELS[n], "advice": a}
        for n, a in catalogue.strategies().items()
    ]
    return render(
        request,
        "readiness/strategies.html",
        {"stages": stages, "may_edit": request.user.has_perm("readiness.edit_strategies")},
    )


def strategy_edit(request: HttpRequest, stage: int) -> HttpResponse:
    _require(request, "readiness.edit_strategies")
    if not 1 <= stage <= 9:
        raise Http404
    current = catalogue.strategies()[stage]
    form = StrategyForm(
        request.POST or None,
        initial={"goal": current.goal, "strategies": "\n".join(current.strategies)},
    )
    if request.method == "POST" and form.is_valid():
        actions.edit_strategy(actor=request.user, stage=stage, **form.cleaned_data)
        messages.success(request, _("Strategies saved."))
        return redirect("readiness:strategies")
    return render(
        request,
        "readiness/strategy_form.html",
        {"form": form, "stage": stage, "label": STAGE_LABELS[stage], "errors": []},
    )


def ward_map_view(request: HttpRequest) -> HttpResponse:
    """Readiness by ward for one issue (the latest completed assessment of each ward), and
    communities of interest side by side."""
    _require(request, "readiness.view_maps")
    done = Assessment.objects.filter(completed_at__isnull=False).select_related("ward", "community")
    issues = sorted({a.issue for a in done})
    issue = request.GET.get("issue", "")
    if issue not in issues:
        issue = issues[0] if issues else ""
    latest: dict[str, Assessment] = {}
    for a in done.filter(issue=issue).order_by("ends_on", "pk"):
        latest[f"w{a.ward_id}" if a.ward_id else f"c{a.community_id}"] = a
    rows = []
    for a in latest.values():
        p = a.profile()
        if p is not None:
            rows.append(
                {
                    "assessment": a,
                    "overall": float(p.overall),
                    "stage": p.stage,
                    "stage_label": STAGE_LABELS[p.stage],
                    "is_ward": bool(a.ward_id),
                }
            )
    rows.sort(key=lambda r: (not r["is_ward"], r["assessment"].community_name))
    stages = {r["assessment"].ward_id: r["stage"] for r in rows if r["is_ward"]}
    wards = list(Area.objects.wards().order_by("name")) if stages else []
    caption = _("%(n)s wards assessed on this issue; the table gives every figure.") % {
        "n": len(stages)
    }
    return render(
        request,
        "readiness/map.html",
        {
            "issues": issues,
            "issue": issue,
            "ward_rows": [r for r in rows if r["is_ward"]],
            "community_rows": [r for r in rows if not r["is_ward"]],
            "map": ward_map(wards, stages, caption) if stages else "",
        },
    )
