"""The evidence base (search, filters, export), coding comments, and the codebook.

Coding reacts in place with htmx: adding or removing a theme on a comment swaps that
comment's theme list; without JavaScript the same forms post and redirect back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.consult import actions, analysis, exports
from commonground.consult.forms import EvidenceFilterForm, MergeForm, ThemeForm
from commonground.consult.models import (
    AnalysisKind,
    Coding,
    CodingStatus,
    Comment,
    ProposalDecision,
    Theme,
    ThemeProposal,
)
from commonground.consult.views.common import (
    SECTION,
    consultation_for_officer,
    permission_required,
)
from commonground.textanalysis import confidence

PAGE_SIZE = 25


def _codings_prefetch() -> Prefetch:
    return Prefetch(
        "codings",
        queryset=Coding.objects.exclude(status=CodingStatus.REJECTED).select_related("theme"),
        to_attr="live_codings",
    )


@permission_required("consult.view_evidence")
def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    """Every comment, quote and note, searchable and filterable, paginated, with counts."""
    consultation = consultation_for_officer(slug)
    form = EvidenceFilterForm(request.GET or None, consultation=consultation)
    filters = form.filters() if request.GET else {}
    found = Comment.objects.filter(consultation=consultation).filtered(**filters)
    by_method = dict(
        found.order_by().values_list("method").annotate(n=Count("pk")).values_list("method", "n")
    )
    page = Paginator(
        found.with_related().prefetch_related(_codings_prefetch()).order_by("-said_on", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "consultation": consultation,
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "by_method": sorted(
            ((Comment(method=m).get_method_display(), n) for m, n in by_method.items()),
            key=lambda x: -x[1],
        ),
        "themes": list(consultation.themes.active()),
        "query": query.urlencode(),
        "section": SECTION,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "evidence-results":
        return render(request, "consult/includes/evidence_results.html", context)
    return render(request, "consult/evidence.html", context)


@permission_required("consult.view_evidence")
def evidence_item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    comment = get_object_or_404(
        Comment.objects.with_related().prefetch_related(_codings_prefetch()),
        pk=pk,
        consultation=consultation,
    )
    return render(
        request,
        "consult/evidence_item.html",
        {
            "consultation": consultation,
            "comment": comment,
            "themes": list(consultation.themes.active()),
            "section": SECTION,
        },
    )


@require_POST
@permission_required("consult.code_themes")
def code(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add (or remove) a theme on a comment; answers htmx with the comment's new theme list."""
    consultation = consultation_for_officer(slug)
    comment = get_object_or_404(Comment, pk=pk, consultation=consultation)
    theme = get_object_or_404(Theme, pk=request.POST.get("theme") or 0, consultation=consultation)
    error = ""
    try:
        if request.POST.get("remove"):
            actions.uncode_comment(actor=request.user, comment=comment, theme=theme)
        else:
            actions.code_comment(actor=request.user, comment=comment, theme=theme)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        comment = Comment.objects.prefetch_related(_codings_prefetch()).get(pk=comment.pk)
        return render(
            request,
            "consult/includes/comment_themes.html",
            {
                "consultation": consultation,
                "comment": comment,
                "themes": list(consultation.themes.active()),
                "error": error,
                "announce": True,
            },
        )
    if error:
        messages.error(request, error)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "consult:evidence_item", *([] if back else [slug, pk]))


# ================================================================ codebook


@permission_required("consult.code_themes")
def codebook(request: HttpRequest, slug: str) -> HttpResponse:
    """The themes: create, rename, merge; counts; proposals and suggestions to review."""
    consultation = consultation_for_officer(slug)
    form = ThemeForm(prefix="new")
    merge = MergeForm(consultation=consultation, prefix="merge")
    if request.method == "POST":
        intent = request.POST.get("intent")
        try:
            if intent == "create":
                form = ThemeForm(request.POST, prefix="new")
                if form.is_valid():
                    actions.create_theme(
                        actor=request.user, consultation=consultation, **form.cleaned_data
                    )
                    messages.success(request, _("Theme added to the codebook."))
                    return redirect("consult:codebook", slug)
            elif intent == "rename":
                theme = get_object_or_404(
                    Theme, pk=request.POST.get("theme"), consultation=consultation
                )
                rename = ThemeForm(request.POST, prefix=f"theme-{theme.pk}")
                if rename.is_valid():
                    actions.rename_theme(actor=request.user, theme=theme, **rename.cleaned_data)
                    messages.success(request, _("Theme renamed."))
                    return redirect("consult:codebook", slug)
                messages.error(request, _("Give the theme a name."))
            elif intent == "merge":
                merge = MergeForm(request.POST, consultation=consultation, prefix="merge")
                if merge.is_valid():
                    actions.merge_themes(
                        actor=request.user,
                        source=merge.cleaned_data["source"],
                        target=merge.cleaned_data["target"],
                    )
                    messages.success(request, _("Themes merged: the codes moved with them."))
                    return redirect("consult:codebook", slug)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    themes = (
        consultation.themes.active()
        .annotate(
            accepted=Count(
                "codings",
                filter=Q(codings__status=CodingStatus.ACCEPTED, codings__comment__withdrawn=False),
            ),
            suggested=Count(
                "codings",
                filter=Q(codings__status=CodingStatus.SUGGESTED, codings__comment__withdrawn=False),
            ),
        )
        .order_by("label")
    )
    proposals = ThemeProposal.objects.filter(
        consultation=consultation, decision=ProposalDecision.PENDING
    ).order_by("-pk")[:30]
    comment_text = dict(
        Comment.objects.filter(
            pk__in=[pk for p in proposals for pk in p.representative_ids[:2]]
        ).values_list("pk", "text_masked")
    )
    return render(
        request,
        "consult/codebook.html",
        {
            "consultation": consultation,
            "themes": themes,
            "form": form,
            "merge": merge,
            "proposals": [
                (p, [comment_text.get(pk, "") for pk in p.representative_ids[:2]])
                for p in proposals
            ],
            "merged": consultation.themes.filter(merged_into__isnull=False).select_related(
                "merged_into"
            ),
            "propose_running": analysis.running(consultation, AnalysisKind.PROPOSE),
            "suggest_running": analysis.running(consultation, AnalysisKind.SUGGEST),
            "uncoded": Comment.objects.filter(consultation=consultation).uncoded().count(),
            "section": SECTION,
        },
    )


@require_POST
@permission_required("consult.code_themes")
def decide_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = consultation_for_officer(slug)
    proposal = get_object_or_404(ThemeProposal, pk=pk, consultation=consultation)
    accept = request.POST.get("accept") == "1"
    try:
        theme = actions.decide_proposal(
            actor=request.user,
            proposal=proposal,
            accept=accept,
            label=request.POST.get("label", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if theme:
            messages.success(
                request,
                _("“%(label)s” is in the codebook; its comments are suggestions to review.")
                % {"label": theme.label},
            )
        else:
            messages.success(request, _("Proposal rejected."))
    return redirect("consult:codebook", slug)


@permission_required("consult.code_themes")
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    """Platform suggestions, doubtful first: accept or reject one, or all those ticked."""
    consultation = consultation_for_officer(slug)
    pending = Coding.objects.filter(
        comment__consultation=consultation,
        comment__withdrawn=False,
        status=CodingStatus.SUGGESTED,
    ).select_related("comment", "theme")
    theme_id = request.GET.get("theme") or request.POST.get("theme_filter")
    if theme_id and theme_id.isdigit():
        pending = pending.filter(theme_id=int(theme_id))
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("coding") if x.isdigit()]
        accept = request.POST.get("decision") == "accept"
        if not ids:
            messages.error(request, _("Tick at least one suggestion first."))
        else:
            changed = actions.decide_suggestions(
                actor=request.user, codings=pending.filter(pk__in=ids), accept=accept
            )
            messages.success(
                request,
                (_("%(n)s suggestions accepted.") if accept else _("%(n)s suggestions rejected."))
                % {"n": changed},
            )
        # Back to the same view: the theme and the confidence cut-off the officer chose.
        kept = {"theme": theme_id or "", "least": request.POST.get("least_filter", "")}
        query = urlencode({k: v for k, v in kept.items() if v.isdigit()})
        return redirect(request.path + (f"?{query}" if query else ""))
    # Doubtful first (``score`` holds the calibrated confidence); an officer may look only at
    # those above a cut-off, and sees how often suggestions above it were right on ArgKP.
    cut_offs = confidence.EXPECTED_PRECISION
    least = request.GET.get("least", "")
    cut_off = next((c for c in cut_offs if f"{round(c * 100)}" == least), 0.0)
    if cut_off:
        pending = pending.filter(score__gte=cut_off)
    ordered = pending.order_by(F("score").asc(nulls_first=True), "pk")
    page = Paginator(ordered, 50).get_page(request.GET.get("page"))
    precision, share = cut_offs.get(cut_off, (None, None))
    return render(
        request,
        "consult/suggestions.html",
        {
            "consultation": consultation,
            "page": page,
            "themes": consultation.themes.active(),
            "theme_id": int(theme_id) if theme_id and theme_id.isdigit() else None,
            "section": SECTION,
            "cut_offs": [round(c * 100) for c in cut_offs if c],
            "cut_off": round(cut_off * 100),
            "expected_precision": round(precision * 100) if precision else None,
            "expected_share": round(share * 100) if share else None,
        },
    )


# ================================================================ exports


@permission_required("consult.view_evidence")
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Anonymised responses as CSV or JSON: masked text, categories only, no tokens."""
    consultation = consultation_for_officer(slug)
    if fmt == "json":
        return exports.json_response(consultation)
    return exports.csv_response(consultation)
