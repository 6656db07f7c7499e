"""The conversations part of the JSON API, mounted at /api/consult/ by commonground/api.py.

Read-only and public, with the same rules as the pages (consult/rules.py): consultations
once they leave draft (``Consultation.objects.visible_to``), "you said, we did" for those, and
the analysis (priorities, themes with counts) only once an officer has published the report
(``consult.view_report``). Themes the platform proposed are served once an officer has named
them. Nothing personal is served: counts and labels only.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status

from commonground.consult import analysis
from commonground.consult.models import AnalysisKind, Consultation
from commonground.consult.queries import published_changes, published_themes
from commonground.consult.rules import allowed

router = Router(tags=["consult"])


class ConsultMessage(Schema):
    detail: str


class ConsultOptionOut(Schema):
    id: int
    label: str
    translations: dict[str, str]


class ConsultationOut(Schema):
    slug: str
    title: str
    purpose: str
    status: str
    opens_at: datetime
    closes_at: datetime
    languages: list[str]
    url: str
    report_published_at: datetime | None
    options: list[ConsultOptionOut]


class ConsultMethodRankOut(Schema):
    method: str
    rank: int | None
    score: float | None
    people: int


class ConsultPriorityOut(Schema):
    option_id: int
    label: str
    rank: int
    score: float
    low: float
    high: float
    people: int
    by_method: list[ConsultMethodRankOut]


class ConsultPrioritiesOut(Schema):
    consultation: str
    computed_at: datetime | None
    confidence: float
    weighting: str
    priorities: list[ConsultPriorityOut]


class ConsultThemeOut(Schema):
    label: str
    description: str
    count: int
    by_method: dict[str, int]


class ConsultThemesOut(Schema):
    consultation: str
    computed_at: datetime | None
    themes: list[ConsultThemeOut]


class ConsultYouSaidWeDidOut(Schema):
    theme: str
    you_said: str
    we_did: str
    link: str
    updated_at: datetime


NOT_FOUND = {"detail": "No public consultation has this slug."}
NOT_PUBLISHED = {"detail": "The report on this consultation has not been published yet."}


def _out(request, consultation: Consultation) -> dict:
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "purpose": consultation.purpose,
        "status": consultation.status,
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        "languages": consultation.languages,
        "url": request.build_absolute_uri(consultation.get_absolute_url()),
        "report_published_at": consultation.report_published_at,
        "options": [
            {"id": o.pk, "label": o.label, "translations": o.label_translations}
            for o in consultation.options.all()
        ],
    }


def _public(request, slug: str) -> Consultation | None:
    """The consultation if the caller may see it (``consult.view_consultation``)."""
    return (
        Consultation.objects.visible_to(request.user)
        .prefetch_related("options")
        .filter(slug=slug)
        .first()
    )


def _report_visible(request, consultation: Consultation) -> bool:
    """Priorities and themes are served once the report is (``consult.view_report``)."""
    return allowed(request.user, "consult.view_report", consultation)


@router.get("/consultations", response=list[ConsultationOut], summary="Public consultations")
def list_consultations(request):
    consultations = (
        Consultation.objects.visible_to(request.user)
        .prefetch_related("options")
        .order_by("-opens_at")
    )
    return [_out(request, c) for c in consultations]


@router.get(
    "/consultations/{slug}",
    response={200: ConsultationOut, 404: ConsultMessage},
    summary="One consultation and its options",
)
def get_consultation(request, slug: str):
    consultation = _public(request, slug)
    if consultation is None:
        return Status(404, NOT_FOUND)
    return Status(200, _out(request, consultation))


@router.get(
    "/consultations/{slug}/priorities",
    response={200: ConsultPrioritiesOut, 404: ConsultMessage},
    summary="Priorities combined across methods, each method's rank beside (once published)",
)
def get_priorities(request, slug: str):
    consultation = _public(request, slug)
    if consultation is None:
        return Status(404, NOT_FOUND)
    if not _report_visible(request, consultation):
        return Status(404, NOT_PUBLISHED)
    run = analysis.latest(consultation, AnalysisKind.PRIORITIES)
    result = run.result if run and not run.result.get("empty") else {}
    labels = {str(o.pk): o.label for o in consultation.options.all()}
    return Status(
        200,
        {
            "consultation": consultation.slug,
            "computed_at": run.finished_at if run else None,
            "confidence": result.get("confidence", 0.95),
            "weighting": result.get("weighting", "people"),
            "priorities": [
                {
                    "option_id": int(o["option"]),
                    "label": labels.get(o["option"], o["option"]),
                    "rank": o["rank"],
                    "score": o["score"],
                    "low": o["low"],
                    "high": o["high"],
                    "people": o["people"],
                    "by_method": [
                        {"method": name, **{k: m[k] for k in ("rank", "score", "people")}}
                        for name, m in o["by_method"].items()
                    ],
                }
                for o in result.get("options", [])
            ],
        },
    )


@router.get(
    "/consultations/{slug}/themes",
    response={200: ConsultThemesOut, 404: ConsultMessage},
    summary="Themes people raised, with counts by method (once published)",
)
def get_themes(request, slug: str):
    consultation = _public(request, slug)
    if consultation is None:
        return Status(404, NOT_FOUND)
    if not _report_visible(request, consultation):
        return Status(404, NOT_PUBLISHED)
    run = analysis.latest(consultation, AnalysisKind.THEMES)
    themes, _unnamed = published_themes(consultation)
    return Status(
        200,
        {
            "consultation": consultation.slug,
            "computed_at": run.finished_at if run else None,
            "themes": [
                {
                    "label": t["label"],
                    "description": t["description"],
                    "count": t["count"],
                    "by_method": t["by_method"],
                }
                for t in themes
            ],
        },
    )


@router.get(
    "/consultations/{slug}/you-said-we-did",
    response={200: list[ConsultYouSaidWeDidOut], 404: ConsultMessage},
    summary="What changed in response to each theme",
)
def get_you_said_we_did(request, slug: str):
    consultation = _public(request, slug)
    if consultation is None:
        return Status(404, NOT_FOUND)
    items = published_changes(consultation)
    return Status(
        200,
        [
            {
                "theme": item.theme.label,
                "you_said": item.you_said,
                "we_did": item.we_did,
                "link": item.link,
                "updated_at": item.updated_at,
            }
            for item in items
        ],
    )
