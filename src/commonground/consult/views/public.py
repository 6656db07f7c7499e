"""Public pages: consultations, the "What people said" report (HTML and PDF), and
"You said, we did". Everything shown here is aggregate or masked text that people agreed
may be quoted; the report is public only once an officer publishes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground.consult import actions, analysis
from commonground.consult.forms import YouSaidWeDidForm
from commonground.consult.models import AnalysisKind, Consultation, Theme
from commonground.consult.queries import published_changes, published_themes
from commonground.consult.rules import visible_consultation
from commonground.consult.views import charts
from commonground.consult.views.common import (
    SECTION,
    consultation_for_officer,
    option_labels,
    permission_required,
    priority_table,
    public_consultation,
    reach_groups,
)
from commonground.core.pdf import render_cached_pdf


@login_not_required
def index(request: HttpRequest) -> HttpResponse:
    """Consultations open now, and earlier ones with what people said."""
    consultations = list(
        Consultation.objects.visible_to(None).prefetch_related("options").order_by("-opens_at")
    )
    return render(
        request,
        "consult/index.html",
        {
            "open": [c for c in consultations if c.is_open()],
            "earlier": [c for c in consultations if not c.is_open()],
            "section": SECTION,
        },
    )


@login_not_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A consultation's purpose, dates and options; the survey while open; the report after."""
    consultation = public_consultation(request, slug)
    return render(
        request,
        "consult/detail.html",
        {
            "consultation": consultation,
            "options": consultation.options.all(),
            "pillars": consultation.pillars.all(),
            "areas": consultation.areas.all(),
            "survey_url": reverse("consult:survey_start", args=[consultation.slug])
            if consultation.is_open()
            else "",
            "has_changes": consultation.you_said_we_did.exists(),
            "section": SECTION,
        },
    )


STATISTICS_RULES = [
    # Plain words for the method notes; the formulas are in consultstats' docstrings.
    gettext_lazy(
        "Every person heard carries one unit of support, spread over the options they chose. "
        "Someone who ranks options gives more to their first choice than to their last; someone "
        "who ticks options shares their unit equally between them."
    ),
    gettext_lazy(
        "At a board table or group session we do not know who placed which dot, so the session's "
        "dots are shared out as a group, and the session counts as many people as took part."
    ),
    gettext_lazy(
        "The combined ranking weights each method by the number of people it heard. Each method's "
        "own ranking is shown beside it, so a method that heard few people is still visible."
    ),
    gettext_lazy(
        "The range beside each share comes from re-running the count a thousand times on "
        "resampled responses and sessions: if the ranges of two options overlap, we cannot be sure "
        "which people put first."
    ),
    gettext_lazy(
        "A group is called under-represented when we heard from fewer than 80 in every 100 of the "
        "people we would expect from the 2021 census, and the shortfall is larger than chance."
    ),
    gettext_lazy(
        "Weighted results give each survey respondent a weight so that, together, respondents "
        "match the census by ward, age and ethnic group. No one's weight is more than five times "
        "the average."
    ),
    gettext_lazy(
        "Quotes have names, addresses, phone numbers and e-mail addresses removed, and come only "
        "from people who agreed to be quoted."
    ),
]


def report_context(consultation: Consultation) -> dict:
    """Everything the report shows, from the stored snapshots (so HTML and PDF agree)."""
    labels = option_labels(consultation)
    priorities_run = analysis.latest(consultation, AnalysisKind.PRIORITIES)
    table = priority_table(priorities_run.result if priorities_run else None, labels)
    themes, unnamed = published_themes(consultation)
    reach_run = analysis.latest(consultation, AnalysisKind.REACH)
    groups = reach_groups(reach_run.result if reach_run else None)
    for group in groups:
        group["chart"] = charts.reach_chart(
            group["rows"], _("%(what)s: who we heard and who lives here") % {"what": group["label"]}
        )
    return {
        "consultation": consultation,
        "table": table,
        "priorities_run": priorities_run,
        "chart": charts.priorities_chart(
            priorities_run.result, labels, _("What people put first, all methods combined")
        )
        if table
        else "",
        "themes": themes,
        "unnamed_themes": unnamed,
        "themes_chart": charts.counts_chart(
            [(t["label"], t["count"]) for t in themes][:12], _("Comments per theme")
        ),
        "reach_run": reach_run,
        "reach_groups": groups,
        "methods": analysis.method_summary(consultation),
        "rules": [str(rule) for rule in STATISTICS_RULES],
        "changes": published_changes(consultation),
        "section": SECTION,
    }


def _report_consultation(request: HttpRequest, slug: str) -> Consultation:
    """The consultation whose report `request.user` may read (``consult.view_report``)."""
    return visible_consultation(request.user, slug, "consult.view_report")


@login_not_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """ "What people said": public once published; officers see the draft to check it."""
    consultation = _report_consultation(request, slug)
    return render(request, "consult/report.html", report_context(consultation))


@login_not_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The report as a PDF, rendered once per version of its content (``core.pdf``)."""
    consultation = _report_consultation(request, slug)
    return render_cached_pdf(
        request,
        "consult/report.html",
        report_context(consultation),
        f"{consultation.slug}-what-people-said.pdf",
    )


@login_not_required
def you_said_we_did(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed in response to each theme people raised."""
    consultation = public_consultation(request, slug)
    items = published_changes(consultation)
    return render(
        request,
        "consult/you_said_we_did.html",
        {"consultation": consultation, "items": items, "section": SECTION},
    )


@permission_required("consult.record_you_said_we_did")
def manage_you_said_we_did(request: HttpRequest, slug: str) -> HttpResponse:
    """Officers record, theme by theme, what changed; the public page lists it."""
    consultation = consultation_for_officer(slug)
    themes = list(consultation.themes.active().select_related("we_did"))
    forms = {}
    for theme in themes:
        existing = getattr(theme, "we_did", None)
        initial = (
            {"you_said": existing.you_said, "we_did": existing.we_did, "link": existing.link}
            if existing
            else {"you_said": theme.description}
        )
        forms[theme.pk] = YouSaidWeDidForm(prefix=f"t{theme.pk}", initial=initial)
    if request.method == "POST":
        theme = get_object_or_404(Theme, pk=request.POST.get("theme"), consultation=consultation)
        form = YouSaidWeDidForm(request.POST, prefix=f"t{theme.pk}")
        forms[theme.pk] = form
        if form.is_valid():
            try:
                actions.record_you_said_we_did(actor=request.user, theme=theme, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Saved what changed for “%(theme)s”.") % {"theme": theme.label}
                )
                return redirect("consult:manage_you_said_we_did", slug)
    return render(
        request,
        "consult/you_said_we_did_manage.html",
        {
            "consultation": consultation,
            "rows": [(theme, forms[theme.pk]) for theme in themes],
            "section": SECTION,
        },
    )
