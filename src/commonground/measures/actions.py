"""Every change to measures goes through a function here, and each records an audit event.

Views, the API, the CLI and the demo call these functions, never `save()` on their own, so
there is one place that decides what is allowed, keeps figures versioned and writes the
audit trail (`commonground.core.audit.record`) inside the transaction that makes the change.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from commonground.core import audit
from commonground.core.models import Area, Organisation
from commonground.measures import tabular
from commonground.measures.models import (
    Indicator,
    Observation,
    OrganisationToken,
    Upload,
    UploadStatus,
    UploadVia,
)
from commonground.measures.models.observation import ObservationOrigin
from commonground.measures.models.token import digest
from commonground.measures.validation import IndicatorRule, Period, validate_rows

Progress = Callable[[str, int, int], None]  # (phase, done, total)

QUANTUM = Decimal("1e-10")  # the stored precision (DecimalField decimal_places=10)
BATCH = 1000


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure to record: the new version of (indicator, area, period, breakdown)."""

    indicator_id: int
    area_id: int
    period: Period
    breakdown: str
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Counts:
    created: int = 0
    corrected: int = 0
    unchanged: int = 0


def _q(number: Decimal | None) -> Decimal | None:
    return None if number is None else Decimal(number).quantize(QUANTUM)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal to the stored precision; SQLite hands decimals back through floats."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= Decimal("1e-9") * max(Decimal(1), abs(a))


def record_figures(
    figures: Iterable[Figure],
    *,
    origin: str,
    upload: Upload | None = None,
    organisation: Organisation | None = None,
    user=None,
    progress: Progress | None = None,
    total: int = 0,
) -> Counts:
    """Add a version for every figure that differs from its current one (bulk, in batches).

    A figure equal to its current version is left alone, so loading the same file twice
    adds nothing. Call inside a transaction: the old version stops being current and the
    new one starts in the same commit.
    """
    figures = list(figures)
    indicator_ids = {f.indicator_id for f in figures}
    periods = {f.period.code for f in figures}
    current: dict[
        tuple[int, int, str, str], tuple[int, int, Decimal, Decimal | None, Decimal | None]
    ]
    current = {}
    if figures:
        rows = (
            Observation.objects.filter(
                is_current=True, indicator_id__in=indicator_ids, period__in=periods
            )
            .values_list(
                "indicator_id",
                "area_id",
                "period",
                "breakdown",
                "id",
                "version",
                "value",
                "numerator",
                "denominator",
            )
            .iterator(chunk_size=5000)
        )
        for ind, area, period, breakdown, pk, version, value, num, den in rows:
            current[(ind, area, period, breakdown)] = (pk, version, value, num, den)
    created = corrected = unchanged = 0
    superseded: list[int] = []
    new: list[tuple] = []
    now = timezone.now()
    upload_id = upload.pk if upload is not None else None
    organisation_id = organisation.pk if organisation is not None else None
    user_id = user.pk if user is not None and user.pk else None
    for f in figures:
        value, numerator, denominator = _q(f.value), _q(f.numerator), _q(f.denominator)
        old = current.get((f.indicator_id, f.area_id, f.period.code, f.breakdown))
        if old is not None:
            if _same(old[2], value) and _same(old[3], numerator) and _same(old[4], denominator):
                unchanged += 1
                continue
            superseded.append(old[0])
            corrected += 1
        else:
            created += 1
        new.append(
            (
                f.indicator_id,
                f.area_id,
                f.period.code,
                f.period.start,
                f.period.end,
                f.breakdown,
                value,
                numerator,
                denominator,
                old[1] + 1 if old else 1,
                True,
                old[0] if old else None,
                ObservationOrigin.CORRECTION.value
                if old and origin == ObservationOrigin.UPLOAD
                else str(origin),
                upload_id,
                organisation_id,
                user_id,
                now,
                f.note,
            )
        )
    for start in range(0, len(superseded), 500):
        Observation.objects.filter(pk__in=superseded[start : start + 500]).update(is_current=False)
    _insert(new, progress)
    return Counts(created, corrected, unchanged)


INSERT_FIELDS = (
    "indicator",
    "area",
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "version",
    "is_current",
    "supersedes",
    "origin",
    "upload",
    "organisation",
    "created_by",
    "created_at",
    "note",
)


def _insert(rows: list[tuple], progress: Progress | None = None) -> None:
    """Insert new versions with executemany, in batches.

    bulk_create builds a model instance per row, which costs most of the time of a
    100,000-row upload; the rows here are already checked and typed, so they go to the
    database directly (values adapted by each field, as the ORM would).
    """
    if not rows:
        return
    meta = Observation._meta
    fields = [meta.get_field(name) for name in INSERT_FIELDS]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    adapt = [
        (i, f)
        for i, f in enumerate(fields)
        if f.get_internal_type() in {"DecimalField", "DateField", "DateTimeField"}
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            batch = []
            for row in rows[start : start + 5000]:
                row = list(row)
                for i, f in adapt:
                    if row[i] is not None:
                        row[i] = f.get_db_prep_save(row[i], connection)
                batch.append(row)
            cursor.executemany(sql, batch)
            if progress is not None:
                progress("saving", min(start + 5000, len(rows)), len(rows))


# -- uploads ----------------------------------------------------------------------------


def indicator_rules(
    organisation: Organisation, *, officer: bool = False
) -> dict[str, IndicatorRule]:
    """Every indicator as a validation rule; `allowed` where this organisation may upload.

    An organisation uploads the indicators it owns; a council officer may also upload the
    indicators nobody owns yet (e.g. figures the council's own data team collects).
    """
    rules = {}
    for indicator in Indicator.objects.select_related("owner"):
        low, high = indicator.value_range
        allowed = indicator.owner_id == organisation.pk or (officer and indicator.owner_id is None)
        rules[indicator.slug] = IndicatorRule(
            slug=indicator.slug,
            unit=indicator.unit,
            min_value=low,
            max_value=high,
            area_levels=frozenset(indicator.area_levels or ()),
            breakdowns={
                name: frozenset(values or ())
                for name, values in (indicator.breakdowns or {}).items()
            },
            scale=indicator.scale,
            allowed=allowed,
            owner_name=indicator.owner.name if indicator.owner else "",
        )
    return rules


def upload_limits() -> tabular.Limits:
    """The reading limits for uploads, from settings (see docs/measures.md, "Limits")."""
    return tabular.Limits(
        max_bytes=settings.MEASURES_UPLOAD_MAX_BYTES,
        max_rows=settings.MEASURES_UPLOAD_MAX_ROWS,
        max_cells=settings.MEASURES_UPLOAD_MAX_CELLS,
        max_cell_chars=settings.MEASURES_UPLOAD_MAX_CELL_CHARS,
        max_inflated_bytes=settings.MEASURES_UPLOAD_MAX_INFLATED_BYTES,
        max_ratio=settings.MEASURES_UPLOAD_MAX_ZIP_RATIO,
    )


def receive_upload(
    organisation: Organisation,
    *,
    file_name: str,
    content: bytes,
    user=None,
    via: str = UploadVia.WEB,
    actor_label: str = "",
) -> Upload:
    """Keep the file and create a pending Upload; `accept_upload` checks and loads it."""
    # A file name is the partner's text too: a NUL or control character in it would make
    # PostgreSQL refuse the row, so only printable characters are kept.
    file_name = "".join(c for c in file_name if c.isprintable()).strip() or "upload"
    upload = Upload(
        organisation=organisation,
        uploaded_by=user if user is not None and user.pk else None,
        uploaded_by_label=actor_label or (user.get_username() if user is not None else ""),
        via=via,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        rows_total=max(content.count(b"\n") - 1, 0) if file_name.lower().endswith(".csv") else 0,
    )
    upload.file.save(file_name, ContentFile(content), save=False)
    upload.save()
    audit.record(
        "measures.upload_received",
        actor=user,
        actor_label=upload.uploaded_by_label,
        obj=upload,
        data={"organisation": organisation.slug, "file": file_name, "sha256": upload.sha256},
    )
    return upload


def _set(upload: Upload, **fields) -> None:
    for name, value in fields.items():
        setattr(upload, name, value)
    Upload.objects.filter(pk=upload.pk).update(**fields)


def accept_upload(upload: Upload, *, progress: Progress | None = None) -> Upload:
    """Check every row; save them all if every one is right, else none, with a report.

    The report names each problem's row, column and what is wrong. Progress (rows checked,
    then figures saved) is written to the Upload as it goes, for the progress page.
    """
    user = upload.uploaded_by
    officer = user is not None and user.has_perm("measures.upload_unowned")

    def report_progress(phase: str, done: int, total: int) -> None:
        if phase == "checking":
            _set(upload, rows_done=done, rows_total=max(total, upload.rows_total, done))
        if progress is not None:
            progress(phase, done, total)

    _set(upload, status=UploadStatus.VALIDATING)
    try:
        limits = upload_limits()
        with upload.file.open("rb") as handle:
            header, rows = tabular.read_table(handle, upload.file_name, limits)
            result = validate_rows(
                header,
                rows,
                indicators=indicator_rules(upload.organisation, officer=officer),
                areas=dict(Area.objects.values_list("code", "level")),
                progress=lambda n: report_progress("checking", n, upload.rows_total),
            )
    except tabular.TableError as error:
        problem = {"row": error.row, "column": error.column, "value": "", "message": str(error)}
        return _finish_rejected(upload, [problem], 1, max(error.row - 1, 0))
    if not result.ok:
        return _finish_rejected(
            upload, [p.as_dict() for p in result.problems], result.problem_count, result.total
        )
    _set(upload, status=UploadStatus.LOADING, rows_done=result.total, rows_total=result.total)
    if progress is not None:
        progress("checking", result.total, result.total)
    indicator_ids = dict(Indicator.objects.values_list("slug", "id"))
    area_ids = dict(Area.objects.values_list("code", "id"))
    figures = (
        Figure(
            indicator_id=indicator_ids[row.indicator],
            area_id=area_ids[row.area_code],
            period=row.period,
            breakdown=row.breakdown,
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            note=row.note,
        )
        for row in result.rows
    )
    with transaction.atomic():
        counts = record_figures(
            figures,
            origin=ObservationOrigin.UPLOAD,
            upload=upload,
            organisation=upload.organisation,
            user=user,
            progress=progress,
        )
        _set(
            upload,
            status=UploadStatus.ACCEPTED,
            rows_created=counts.created,
            rows_corrected=counts.corrected,
            rows_unchanged=counts.unchanged,
            error_count=0,
            report=[],
            finished_at=timezone.now(),
        )
        audit.record(
            "measures.upload_accepted",
            actor=user,
            actor_label=upload.uploaded_by_label,
            obj=upload,
            data={
                "organisation": upload.organisation.slug,
                "rows": result.total,
                "created": counts.created,
                "corrected": counts.corrected,
                "unchanged": counts.unchanged,
                "sha256": upload.sha256,
            },
        )
    return upload


def _storable(value: object) -> object:
    """A report entry PostgreSQL can keep: JSON text may not hold NUL, which files can."""
    return value.replace("\x00", "\\0") if isinstance(value, str) else value


def _finish_rejected(upload: Upload, report: list[dict], count: int, total: int) -> Upload:
    report = [{key: _storable(value) for key, value in problem.items()} for problem in report]
    with transaction.atomic():
        _set(
            upload,
            status=UploadStatus.REJECTED,
            report=report,
            error_count=count,
            rows_total=total,
            rows_done=total,
            finished_at=timezone.now(),
        )
        audit.record(
            "measures.upload_rejected",
            actor=upload.uploaded_by,
            actor_label=upload.uploaded_by_label,
            obj=upload,
            data={"organisation": upload.organisation.slug, "problems": count, "rows": total},
        )
    return upload


def fail_upload(upload: Upload, message: str) -> Upload:
    """An upload the platform could not process (a bug, not the partner's data)."""
    message = str(_storable(message))
    _set(upload, status=UploadStatus.FAILED, message=message[:2000], finished_at=timezone.now())
    audit.record("measures.upload_failed", obj=upload, data={"message": message[:500]})
    return upload


# -- corrections, publication, targets --------------------------------------------------


@transaction.atomic
def correct_observation(
    observation: Observation,
    *,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    actor=None,
    reason: str,
) -> Observation:
    """Replace a figure with a new version; the old one stays, no longer current."""
    if not reason.strip():
        raise ValueError("A correction needs a reason: it is published with the figure.")
    current = (
        Observation.objects.select_for_update()
        .filter(
            indicator_id=observation.indicator_id,
            area_id=observation.area_id,
            period=observation.period,
            breakdown=observation.breakdown,
            is_current=True,
        )
        .get()
    )
    Observation.objects.filter(pk=current.pk).update(is_current=False)
    new = Observation.objects.create(
        indicator_id=current.indicator_id,
        area_id=current.area_id,
        period=current.period,
        period_start=current.period_start,
        period_end=current.period_end,
        breakdown=current.breakdown,
        value=_q(value),
        numerator=_q(numerator),
        denominator=_q(denominator),
        version=current.version + 1,
        supersedes=current,
        origin=ObservationOrigin.CORRECTION,
        organisation=getattr(actor, "organisation", None) if actor is not None else None,
        created_by=actor if actor is not None and actor.pk else None,
        note=reason,
    )
    audit.record(
        "measures.observation_corrected",
        actor=actor,
        obj=new,
        reason=reason,
        data={"from": str(current.value), "to": str(new.value), "version": new.version},
    )
    return new


@transaction.atomic
def publish_indicator(indicator: Indicator, *, actor=None, reason: str = "") -> Indicator:
    Indicator.objects.filter(pk=indicator.pk).update(is_published=True)
    indicator.is_published = True
    audit.record("measures.indicator_published", actor=actor, obj=indicator, reason=reason)
    return indicator


@transaction.atomic
def unpublish_indicator(indicator: Indicator, *, actor=None, reason: str = "") -> Indicator:
    """Withdraw an indicator from public pages and downloads (its figures are kept)."""
    Indicator.objects.filter(pk=indicator.pk).update(is_published=False)
    indicator.is_published = False
    audit.record("measures.indicator_unpublished", actor=actor, obj=indicator, reason=reason)
    return indicator


@transaction.atomic
def set_target(
    indicator: Indicator,
    *,
    value: Decimal | None,
    target_date: date | None,
    note: str = "",
    actor=None,
    reason: str = "",
) -> Indicator:
    """Set (or clear, with value None) the value the Partnership aims for, and by when."""
    low, high = indicator.value_range
    if value is not None and (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        raise ValueError(f"A target of {value} is outside the indicator's range {low}–{high}.")
    if target_date and indicator.baseline_date and target_date <= indicator.baseline_date:
        raise ValueError("The target date must be after the baseline date.")
    before = {"value": str(indicator.target_value), "date": str(indicator.target_date)}
    Indicator.objects.filter(pk=indicator.pk).update(
        target_value=_q(value), target_date=target_date, target_note=note
    )
    indicator.target_value, indicator.target_date, indicator.target_note = (
        _q(value),
        target_date,
        note,
    )
    audit.record(
        "measures.target_set",
        actor=actor,
        obj=indicator,
        reason=reason,
        data={"before": before, "after": {"value": str(value), "date": str(target_date)}},
    )
    return indicator


@transaction.atomic
def set_owner(
    indicator: Indicator, *, owner: Organisation | None, actor=None, reason: str = ""
) -> Indicator:
    """Say which partner supplies an indicator's figures (and so may upload them)."""
    if owner is not None and not owner.is_partner:
        raise ValueError("Only a member of the partnership can own a measure.")
    before = indicator.owner.slug if indicator.owner_id and indicator.owner else None
    Indicator.objects.filter(pk=indicator.pk).update(owner=owner)
    indicator.owner = owner
    audit.record(
        "measures.owner_set",
        actor=actor,
        actor_label="" if actor else "measures",
        obj=indicator,
        reason=reason,
        data={"before": before, "owner": owner.slug if owner else None},
    )
    return indicator


# -- tokens -----------------------------------------------------------------------------


@transaction.atomic
def issue_token(
    organisation: Organisation, *, name: str, actor=None, actor_label: str = ""
) -> tuple[OrganisationToken, str]:
    """A new API token for `organisation`: (stored row, the secret, shown only this once)."""
    raw = OrganisationToken.new_secret()
    token = OrganisationToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=raw[:10],
        digest=digest(raw),
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit.record(
        "measures.token_issued",
        actor=actor,
        actor_label=actor_label,
        obj=token,
        data={"organisation": organisation.slug, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def revoke_token(token: OrganisationToken, *, actor=None) -> OrganisationToken:
    OrganisationToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    token.refresh_from_db()
    audit.record("measures.token_revoked", actor=actor, obj=token)
    return token
