"""The measures part of the JSON API, mounted at /api/measures/ by commonground/api.py.

Reading is open to everyone and applies the same suppression rule as the pages; uploading
needs an organisation's bearer token (issued on the API tokens page, stored hashed) and
goes through the same all-or-nothing checks as a web upload. The upload request only stores
the file and queues the web upload's background task (`measures.tasks.process_upload`), so
no file, however built, can hold a web worker: the answer is 202 with a status URL to poll.
"""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from commonground.core.models import Area
from commonground.measures import actions, opendata
from commonground.measures.forms import max_upload_megabytes
from commonground.measures.models import Indicator, OrganisationToken, Upload, UploadVia
from commonground.measures.tasks import process_upload

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


class ProgressOut(Schema):
    percent: int
    rows_done: int
    rows_total: int


class UploadOut(Schema):
    id: int
    status: Literal["pending", "validating", "loading", "accepted", "rejected", "failed"]
    finished: bool
    status_url: str
    progress: ProgressOut
    organisation: str
    file_name: str
    rows_total: int
    rows_created: int
    rows_corrected: int
    rows_unchanged: int
    error_count: int
    problems: list[ProblemOut]
    message: str
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


def _upload_out(request, upload: Upload) -> dict:
    return {
        "id": upload.pk,
        "status": upload.status,
        "finished": upload.is_finished,
        "status_url": request.build_absolute_uri(
            reverse("api:get_upload", kwargs={"upload_id": upload.pk})
        ),
        "progress": {
            "percent": upload.percent_done,
            "rows_done": upload.rows_done,
            "rows_total": upload.rows_total,
        },
        "organisation": upload.organisation.slug,
        "file_name": upload.file_name,
        "rows_total": upload.rows_total,
        "rows_created": upload.rows_created,
        "rows_corrected": upload.rows_corrected,
        "rows_unchanged": upload.rows_unchanged,
        "error_count": upload.error_count,
        "problems": upload.report,
        "message": upload.message,
        "created_at": upload.created_at,
        "finished_at": upload.finished_at,
    }


UPLOAD_LIMITS = (
    f"Limits: a file of at most {settings.MEASURES_UPLOAD_MAX_BYTES // 1024**2} MB, "
    f"{settings.MEASURES_UPLOAD_MAX_ROWS} rows, {settings.MEASURES_UPLOAD_MAX_CELLS} cells and "
    f"{settings.MEASURES_UPLOAD_MAX_CELL_CHARS} characters in a cell; an .xlsx may unzip to at "
    f"most {settings.MEASURES_UPLOAD_MAX_INFLATED_BYTES // 1024**2} MB and "
    f"{settings.MEASURES_UPLOAD_MAX_ZIP_RATIO} times its size. Numbers are written with a point "
    "for decimals and no other separator (commas only as thousands separators in 1,234,567 or "
    "1,234.5): `5,5`, `1_0`, `1,234`, `1e-400` and cells holding NUL are refused with a row error."
)


@router.post(
    "/uploads",
    auth=organisation_token,
    response={202: UploadOut, 400: Message, 401: Message, 422: InvalidRequest},
    summary="Upload a CSV or XLSX of figures (checked in the background, all or nothing)",
    description=(
        "Stores the file and queues its check; answers 202 with the upload's `id` and "
        "`status_url`. Poll `status_url` until `finished` is true: `status` is then "
        "`accepted` (every row saved), `rejected` (nothing saved; `problems` lists each "
        "problem's row, column, value and message) or `failed` (the platform could not "
        "process it; `message` says why; nothing saved). " + UPLOAD_LIMITS
    ),
)
def create_upload(request, file: File[UploadedFile]):
    token: OrganisationToken = request.auth
    name = file.name or "upload.csv"
    if not name.lower().endswith((".csv", ".xlsx")):
        return Status(400, {"detail": "The file must be a .csv or an .xlsx file."})
    if file.size > settings.MEASURES_UPLOAD_MAX_BYTES:
        return Status(
            400, {"detail": f"The file must be smaller than {max_upload_megabytes()} MB."}
        )
    if not file.size:
        return Status(400, {"detail": "The file is empty."})
    with transaction.atomic():
        upload = actions.receive_upload(
            token.organisation,
            file_name=name,
            content=file.read(),
            via=UploadVia.API,
            actor_label=f"token {token.prefix}… ({token.name})",
        )
        transaction.on_commit(lambda: process_upload.enqueue(upload.pk))
    return Status(202, _upload_out(request, upload))


@router.get(
    "/uploads/{upload_id}",
    auth=organisation_token,
    response={200: UploadOut, 401: Message, 404: Message, 422: InvalidRequest},
    summary="An upload of this organisation: its state, progress and row report",
)
def get_upload(request, upload_id: int):
    upload = (
        Upload.objects.select_related("organisation")
        .filter(pk=upload_id, organisation=request.auth.organisation)
        .first()
    )
    if upload is None:
        return Status(404, {"detail": "Your organisation has no upload with this number."})
    return Status(200, _upload_out(request, upload))


__all__ = ["router"]
