"""Community Readiness pages: thin views over forms, actions and the scoring package.

Every view asks its permission by name (``readiness/rules.py``). Interview notes are shown
only to the assessment's team; a scorer sees the other scorer's scores only once both have
finished that interview.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from commonground.core.models import Area
from commonground.core.service_workers import page_assets, shell_version, worker_response
from commonground.readinessmodel.catalogue import guide_text

from . import actions, catalogue
from .charts import profile_chart, ward_map
from .forms import (
    AnchorsForm,
    AssessmentForm,
    ConsensusForm,
    InterviewForm,
    SheetForm,
    StrategyForm,
)
from .models import STAGE_LABELS, Assessment, Dimension, Interview

STATIC = Path(__file__).parent / "static" / "readiness"
# the id of the device's copy of notes (offline-interview.js) the server just saved
SAVED_DRAFT = "readiness_saved_draft"
DRAFT_ID = re.compile(r"^[0-9a-f]{8,64}$")


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
    standard = {f"guide_{code}": guide_text(code) for code in catalogue.LANGUAGES}
    form = AssessmentForm(request.POST or None, initial=standard)
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
            "cited_by": _cited_by(item, request.user),
        },
    )


def _cited_by(item: Assessment, user) -> dict:
    """Interventions and submitted Fund proposals that respond to this assessment, each with a
    link where the person may open it.  A draft proposal is its proposer's alone, and a draft
    intervention is shown only to those who may read drafts."""
    interventions = [
        {
            "title": i.title,
            "url": i.get_absolute_url(),
            "published": i.is_published,
        }
        for i in item.citing_interventions.order_by("-start_date", "title")
        if i.is_published or user.has_perm("evaluation.view_drafts")
    ]
    proposals = [
        {
            "title": p.title,
            "round": p.round.title,
            "status": p.get_status_display(),
            "url": p.get_absolute_url() if user.has_perm("fund.proposal.view", p) else "",
        }
        for p in item.citing_proposals.exclude(status="draft")
        .select_related("round")
        .order_by("-round__pk", "title")
    ]
    return {"interventions": interventions, "proposals": proposals}


def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = _assessment(request, pk)
    _require(request, "readiness.record_interview", item)
    form = InterviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = request.POST.get("offline_draft", "")
            interview = actions.record_interview(
                actor=request.user,
                assessment=item,
                draft_id=draft if DRAFT_ID.match(draft) else "",
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interview recorded."))
            _confirm_draft(request, item, interview)
            return redirect(interview)
    language = catalogue.scale_language(request.GET.get("guide"), request.LANGUAGE_CODE)
    if not getattr(item, f"guide_{language}", ""):
        language = "en"  # the guide was not translated into this language
    return render(
        request,
        "readiness/interview_form.html",
        {
            "form": form,
            "assessment": item,
            "errors": [],
            "guide": item.guide(language),
            "guide_language": language,
            "guide_languages": _language_links(language),
        },
    )


def offline_key(assessment: Assessment, user) -> str:
    """The name of the device's copy of notes for this form and person (offline-interview.js
    prefixes it): one per assessment and signed-in person."""
    return f"readiness-interview-{assessment.pk}-{user.pk}"


def _confirm_draft(request: HttpRequest, assessment: Assessment, interview: Interview) -> None:
    """Remember, for the next page only, which device copy of notes was just saved, so that
    page can tell the device to delete that copy. The device deletes it only on this proof
    that the server has the interview, never when it merely tried to send it."""
    draft = request.POST.get("offline_draft", "")
    if DRAFT_ID.match(draft):
        request.session[SAVED_DRAFT] = {
            "interview": interview.pk,
            "key": offline_key(assessment, request.user),
            "draft": draft,
        }


def interview(request: HttpRequest, pk: int) -> HttpResponse:
    item = _interview(request, pk)
    saved = request.session.get(SAVED_DRAFT)
    if saved and saved.get("interview") == item.pk:
        del request.session[SAVED_DRAFT]  # said once, on the page the save redirected to
    else:
        saved = None
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
            "saved_draft": saved,
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
    language = catalogue.scale_language(request.GET.get("scales"), request.LANGUAGE_CODE)
    form = SheetForm(
        request.POST or None,
        anchors=catalogue.anchors(language),
        questions=catalogue.questions(language),
        names=catalogue.names(language),
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
        {
            "interview": item,
            "assessment": item.assessment,
            "form": form,
            "errors": [],
            "scale_language": language,
            "scale_languages": _language_links(language),
        },
    )


def _language_links(current: str) -> list[dict]:
    """The three languages the scales and guide come in, each named in itself."""
    return [
        {"code": code, "name": name, "current": code == current}
        for code, name in (("en", "English"), ("ur", "اردو"), ("pl", "Polski"))
    ]


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
    advice = catalogue.strategies(request.LANGUAGE_CODE)
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
        "Overall score %(overall)s, stage %(stage)s (%(name)s). Lowest: %(lowest)s. "
        "The table gives every figure."
    ) % {
        "overall": number_format(float(result.overall), 2),
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
    """What fits each stage, in the page's language (or another: ``?strategies=pl``); the
    council edits its own wording in each language."""
    _require(request, "readiness.view_strategies")
    language = catalogue.scale_language(request.GET.get("strategies"), request.LANGUAGE_CODE)
    stages = [
        {"stage": n, "label": STAGE_LABELS[n], "advice": a}
        for n, a in catalogue.strategies(language).items()
    ]
    return render(
        request,
        "readiness/strategies.html",
        {
            "stages": stages,
            "strategy_language": language,
            "strategy_languages": _language_links(language),
            "may_edit": request.user.has_perm("readiness.edit_strategies"),
        },
    )


def strategy_edit(request: HttpRequest, stage: int, language: str) -> HttpResponse:
    """Reword a stage's goal and strategies in one language (one audited edit)."""
    _require(request, "readiness.edit_strategies")
    if not 1 <= stage <= 9 or language not in catalogue.LANGUAGES:
        raise Http404
    current = catalogue.strategies(language)[stage]
    form = StrategyForm(
        request.POST or None,
        initial={"goal": current.goal, "strategies": "\n".join(current.strategies)},
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        actions.edit_strategy(
            actor=request.user, stage=stage, language=language, **form.cleaned_data
        )
        messages.success(request, _("Strategies saved."))
        return redirect(f"{reverse('readiness:strategies')}?strategies={language}")
    return render(
        request,
        "readiness/strategy_form.html",
        {
            "form": form,
            "stage": stage,
            "label": STAGE_LABELS[stage],
            "language": language,
            "language_name": {i["code"]: i["name"] for i in _language_links(language)}[language],
            "errors": [],
        },
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


def anchors(request: HttpRequest) -> HttpResponse:
    """The anchored rating scales in one language, with the council's rewordings marked."""
    _require(request, "readiness.view_strategies")
    language = catalogue.scale_language(request.GET.get("scales"), request.LANGUAGE_CODE)
    words = catalogue.anchors(language)
    names = catalogue.names(language)
    questions = catalogue.questions(language)
    edited = catalogue.edited_anchors(language)
    scales = [
        {
            "letter": d.value,
            "name": names[d.value],
            "question": questions[d.value],
            "anchors": [(n, words[d.value][n], (d.value, n) in edited) for n in range(1, 10)],
        }
        for d in Dimension
    ]
    return render(
        request,
        "readiness/anchors.html",
        {
            "scales": scales,
            "scale_language": language,
            "scale_languages": _language_links(language),
            "may_edit": request.user.has_perm("readiness.edit_strategies"),
        },
    )


def anchor_edit(request: HttpRequest, dimension: str, language: str) -> HttpResponse:
    """Reword a dimension's nine anchors in one language; only the changed ones are saved,
    each as one audited edit."""
    _require(request, "readiness.edit_strategies")
    if dimension not in Dimension.values or language not in catalogue.LANGUAGES:
        raise Http404
    current = catalogue.anchors(language)[dimension]
    form = AnchorsForm(
        request.POST or None,
        initial={f"a{n}": current[n] for n in range(1, 10)},
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        changed = 0
        for n, text in form.anchors().items():
            if text != current[n].strip():
                actions.edit_anchor(
                    actor=request.user,
                    dimension=dimension,
                    score=n,
                    text=text,
                    language=language,
                )
                changed += 1
        messages.success(
            request,
            _("Anchors saved (%(n)s changed).") % {"n": changed},
        )
        return redirect(f"{reverse('readiness:anchors')}?scales={language}")
    return render(
        request,
        "readiness/anchor_form.html",
        {
            "form": form,
            "dimension": dimension,
            "name": catalogue.names(language)[dimension],
            "language": language,
            "language_name": dict(
                (item["code"], item["name"]) for item in _language_links(language)
            )[language],
            "errors": [],
        },
    )


def _offline_assets() -> list[str]:
    """The styles and scripts the interview form and the scales need, kept at install."""
    return page_assets(
        "commonground/favicon.svg", "readiness/offline-interview.js", "readiness/offline-pages.js"
    )


def offline_pages(scope: str) -> list[str]:
    """The only pages the service worker answers and keeps, as regular expressions over the
    path: an assessment's interview form (with its guide) and the anchored rating scales.
    Notes, transcripts and scores are never kept on the device by it."""
    base = "^" + re.escape(scope)
    return [base + r"\d+/interviews/new/$", base + "anchors/$"]


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that opens the interview form and the scales offline, served under
    /readiness/ in each language (its scope: /readiness/ or /ur/readiness/). Its code is the
    static file sw.js; the first line tells it which pages it may keep and the assets. Any
    signed-in person may fetch it: it carries addresses, no data."""
    scope = reverse("readiness:index")
    shell = {"scope": scope, "pages": offline_pages(scope), "assets": _offline_assets()}
    scripts = ("sw.js", "offline-interview.js", "offline-pages.js")
    shell["version"] = shell_version(shell, (STATIC / name for name in scripts))
    return worker_response(STATIC / "sw.js", shell)
