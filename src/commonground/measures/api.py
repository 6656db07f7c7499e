"""The measures part of the JSON API, mounted at /api/measures/ by commonground/api.py.

Reading is open to everyone and applies the same suppression rule as the pages; uploading
needs an organisation's bearer token (issued on the API tokens page, stored hashed) and
goes through the same all-or-nothing checks as a web upload.
"""

from datetime import date, datetime
from typing import Literal

from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from commonground.core.models import Area
from commonground.measures import actions, opendata
from commonground.measures.forms import MAX_UPLOAD_BYTES
from commonground.measures.models import Indicator, OrganisationToken, Upload, UploadVia

router = Router(tags=["measures"])

Level = Literal["district", "ward", "msoa", "lsoa"]


class OrganisationBearer(HttpBearer):
    """`Authorization: Bearer cgm_…`: an active token of the uploading organisation."""

    def authenticate(self, request, token: str) -> OrganisationToken | None:
        return OrganisationToken.authenticate(token)


organisation_token = OrganisationBearer()


class Message(Schema):
    detail: str


class InvalidRequest(Schema):
    """Ninja's answer to parameters that do not fit the schema."""

    detail: list[dict]


class IndicatorOut(Schema):
    code: str
    name: str
    url: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    direction: str
    pillar: str | None
    pillar_name: str | None
    source: str
    source_url: str
    owner: str | None
    frequency: str
    area_levels: list[str]
    breakdowns: dict[str, list[str]]
    baseline: str | None
    baseline_text: str
    baseline_date: date | None
    baseline_period: str
    target: str | None
    target_date: date | None


class FigureOut(Schema):
    indicator: str
    area_code: str
    area_name: str
    area_level: str
    period: str
    period_start: date
    period_end: date
    breakdown: str
    value: str | None
    numerator: str | None
    denominator: str | None
    suppressed: bool
    version: int
    added: datetime
    supplied_by: str


class SuppressionOut(Schema):
    threshold: int
    rule: str


class ObservationsOut(Schema):
    indicator: IndicatorOut
    suppression: SuppressionOut
    count: int
    figures: list[FigureOut]


class ProblemOut(Schema):
    row: int
    column: str
    value: str
    message: str


class UploadOut(Schema):
    id: int
    status: str
    organisation: str
    file_name: str
    rows_total: int
    rows_created: int
    rows_corrected: int
    rows_unchanged: int
    error_count: int
    problems: list[ProblemOut]
    created_at: datetime
    finished_at: datetime | None


def _indicator(request, indicator: Indicator) -> dict:
    return opendata.definition(indicator, request.build_absolute_uri(indicator.get_absolute_url()))


def _figure(row: dict) -> dict:
    return {
        **row,
        "value": opendata._number(row["value"]),
        "numerator": opendata._number(row["numerator"]),
        "denominator": opendata._number(row["denominator"]),
    }


def _published():
    return Indicator.objects.published().select_related("pillar", "owner").order_by("slug")


@router.get("/indicators", response=list[IndicatorOut], summary="Every published indicator")
def list_indicators(request):
    """Definitions of the agreed measures: what is counted, unit, source, baseline, target."""
    return [_indicator(request, i) for i in _published()]


@router.get(
    "/indicators/{code}",
    response={200: IndicatorOut, 404: Message},
    summary="One indicator's definition",
)
def get_indicator(request, code: str):
    indicator = _published().filter(slug=code).first()
    if indicator is None:
        return Status(404, {"detail": "No published indicator has this code."})
    return Status(200, _indicator(request, indicator))


@router.get(
    "/indicators/{code}/observations",
    response={200: ObservationsOut, 404: Message, 422: InvalidRequest},
    summary="An indicator's current figures, suppressed where small",
)
def indicator_observations(
    request,
    code: str,
    area: str | None = Query(None, description="ONS area code, e.g. E05001365"),
    period: str | None = Query(None, description='e.g. "2021", "2021-Q3", "2021/22"'),
    level: Level | None = Query(None, description="Only areas of this level"),  # noqa: B008
    breakdown: str | None = Query(
        None, description='"" for totals only, or e.g. "sex=female"; omit for all'
    ),
    limit: int = Query(1000, ge=1, le=10000),
    offset: int = Query(0, ge=0, le=10_000_000),
):
    """Figures of the current version (the latest accepted), oldest period first."""
    indicator = _published().filter(slug=code).first()
    if indicator is None:
        return Status(404, {"detail": "No published indicator has this code."})
    rows = list(
        opendata.figure_rows(indicator, area=area, period=period, level=level, breakdown=breakdown)
    )
    return Status(
        200,
        {
            "indicator": _indicator(request, indicator),
            "suppression": opendata.suppression_note(),
            "count": len(rows),
            "figures": [_figure(r) for r in rows[offset : offset + limit]],
        },
    )


@router.get(
    "/areas/{code}/observations",
    response={200: list[FigureOut], 404: Message, 422: InvalidRequest},
    summary="Every published indicator's figures for one area",
)
def area_observations(
    request,
    code: str,
    period: str | None = Query(None, description='e.g. "2021"'),
):
    if not Area.objects.filter(code=code).exists():
        return Status(404, {"detail": "No area has this code."})
    figures = []
    for indicator in _published():
        figures += [_figure(r) for r in opendata.figure_rows(indicator, area=code, period=period)]
    return Status(200, figures)


def _upload_out(upload: Upload) -> dict:
    return {
        "id": upload.pk,
        "status": upload.status,
        "organisation": upload.organisation.slug,
        "file_name": upload.file_name,
        "rows_total": upload.rows_total,
        "rows_created": upload.rows_created,
        "rows_corrected": upload.rows_corrected,
        "rows_unchanged": upload.rows_unchanged,
        "error_count": upload.error_count,
        "problems": upload.report,
        "created_at": upload.created_at,
        "finished_at": upload.finished_at,
    }


@router.post(
    "/uploads",
    auth=organisation_token,
    response={201: UploadOut, 400: Message, 401: Message, 422: UploadOut | InvalidRequest},
    summary="Upload a CSV or XLSX of figures (all or nothing)",
)
def create_upload(request, file: File[UploadedFile]):
    """Check every row and save them all, or none with a row-by-row report (422)."""
    token: OrganisationToken = request.auth
    name = file.name or "upload.csv"
    if not name.lower().endswith((".csv", ".xlsx")):
        return Status(400, {"detail": "The file must be a .csv or an .xlsx file."})
    if file.size > MAX_UPLOAD_BYTES:
        return Status(400, {"detail": "The file must be smaller than 50 MB."})
    upload = actions.receive_upload(
        token.organisation,
        file_name=name,
        content=file.read(),
        via=UploadVia.API,
        actor_label=f"token {token.prefix}… ({token.name})",
    )
    upload = actions.accept_upload(upload)
    return Status(201 if upload.status == "accepted" else 422, _upload_out(upload))


@router.get(
    "/uploads/{upload_id}",
    auth=organisation_token,
    response={200: UploadOut, 401: Message, 404: Message, 422: InvalidRequest},
    summary="An upload of this organisation, with its report",
)
def get_upload(request, upload_id: int):
    upload = (
        Upload.objects.select_related("organisation")
        .filter(pk=upload_id, organisation=request.auth.organisation)
        .first()
    )
    if upload is None:
        return Status(404, {"detail": "Your organisation has no upload with this number."})
    return Status(200, _upload_out(upload))


__all__ = ["router"]
