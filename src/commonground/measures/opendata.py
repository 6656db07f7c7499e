"""Open data: every published indicator's figures as CSV and JSON, suppression applied.

Pages, downloads and the API all build their rows here, so the same rule withholds the
same figures everywhere, and every row carries the version and a link to the definition.
"""

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commonground import spreadsheets
from commonground.core.models import Area
from commonground.measures.models import Indicator, Observation
from commonground.measures.suppression import (
    SYMBOL,
    is_suppressed,
    secondary_withheld,
    threshold,
)
from commonground.measures.validation import COLUMNS

CSV_COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "area_level",
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "version",
    "added",
    "supplied_by",
)


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


def _decimal_cell(value: Decimal | None) -> Decimal | str:
    """A figure for a CSV cell: written as plain digits (never 5E+1), and still a number."""
    text = _number(value)
    return Decimal(text) if text is not None else ""


def figure_rows(
    indicator: Indicator,
    *,
    area: str | None = None,
    period: str | None = None,
    level: str | None = None,
    breakdown: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Current figures of one indicator (filtered), suppressed where the rule says.

    One query for the figures, and at most two for the secondary rule, which is decided on
    each period's whole table whatever the filter, so a filtered answer withholds exactly
    what the full download withholds.
    """
    below = threshold()
    queryset = Observation.objects.current().filter(indicator=indicator)
    if area:
        queryset = queryset.filter(area__code=area)
    if period:
        queryset = queryset.filter(period=period)
    if level:
        queryset = queryset.filter(area__level=level)
    if breakdown is not None:
        queryset = queryset.filter(breakdown=breakdown)
    rows = queryset.order_by("period_end", "area__level", "area__code", "breakdown").values_list(
        "area_id",
        "area__code",
        "area__name",
        "area__level",
        "period",
        "period_start",
        "period_end",
        "breakdown",
        "value",
        "numerator",
        "denominator",
        "version",
        "created_at",
        "organisation__name",
    )
    rows = list(rows)
    complements = secondary_withheld(
        {indicator.pk: indicator.unit},
        {(indicator.pk, row[4]) for row in rows},
        below,
    )
    complement_keys = {(area_id, per, brk) for _ind, area_id, per, brk in complements}
    for (
        area_id,
        code,
        name,
        lvl,
        per,
        start,
        end,
        brk,
        value,
        num,
        den,
        version,
        added,
        org,
    ) in rows:
        hidden = is_suppressed(indicator.unit, value, num, den, below=below) or (
            (area_id, per, brk) in complement_keys
        )
        yield {
            "indicator": indicator.slug,
            "area_code": code,
            "area_name": name,
            "area_level": lvl,
            "period": per,
            "period_start": start,
            "period_end": end,
            "breakdown": brk,
            "value": None if hidden else value,
            "numerator": None if hidden else num,
            "denominator": None if hidden else den,
            "suppressed": hidden,
            "version": version,
            "added": added,
            "supplied_by": org or "",
        }


def indicator_csv(indicator: Indicator) -> str:
    """All current figures as CSV; a withheld value is written "[c]" (ONS convention)."""
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in figure_rows(indicator):
        cells = []
        for column in CSV_COLUMNS:
            value = row[column]
            if column in ("value", "numerator", "denominator"):
                # Decimal, not text: a real -5 stays a number in the spreadsheet-safe writer.
                value = SYMBOL if row["suppressed"] else _decimal_cell(value)
            elif column == "suppressed":
                value = "true" if value else "false"
            elif column == "added":
                value = value.isoformat(timespec="seconds")
            elif isinstance(value, date):
                value = value.isoformat()
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue()


def definition(indicator: Indicator, url: str = "") -> dict[str, Any]:
    """The indicator's definition as plain JSON (the API and the JSON download share it)."""
    return {
        "code": indicator.slug,
        "name": indicator.name,
        "url": url,
        "definition": indicator.definition,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "pillar": indicator.pillar.slug if indicator.pillar else None,
        "pillar_name": indicator.pillar.name if indicator.pillar else None,
        "source": indicator.source,
        "source_url": indicator.source_url,
        "owner": indicator.owner.name if indicator.owner else None,
        "frequency": indicator.frequency,
        "area_levels": indicator.area_levels,
        "breakdowns": indicator.breakdowns,
        "baseline": _number(indicator.baseline_value),
        "baseline_text": indicator.baseline_text,
        "baseline_date": indicator.baseline_date.isoformat() if indicator.baseline_date else None,
        "baseline_period": indicator.baseline_period,
        "target": _number(indicator.target_value),
        "target_date": indicator.target_date.isoformat() if indicator.target_date else None,
    }


def indicator_json(indicator: Indicator, url: str = "") -> dict[str, Any]:
    figures = []
    for row in figure_rows(indicator):
        figures.append(
            {
                **row,
                "value": _number(row["value"]),
                "numerator": _number(row["numerator"]),
                "denominator": _number(row["denominator"]),
                "period_start": row["period_start"].isoformat(),
                "period_end": row["period_end"].isoformat(),
                "added": row["added"].isoformat(timespec="seconds"),
            }
        )
    return {
        "indicator": definition(indicator, url),
        "suppression": suppression_note(),
        "generated": timezone.now().isoformat(timespec="seconds"),
        "figures": figures,
    }


def suppression_note() -> dict[str, Any]:
    below = threshold()
    return {
        "threshold": below,
        "rule": (
            f"Counts from 1 to {below - 1}, and shares whose numerator or denominator is from "
            f"1 to {below - 1}, are withheld (value null, suppressed true; '{SYMBOL}' in CSV). "
            "So that no withheld figure can be worked out by subtraction (a total minus its "
            "other parts: the District minus the other wards, a breakdown's total minus its "
            "other categories), the next-smallest figures beside it are withheld too."
        ),
    }


# -- templates for partners -------------------------------------------------------------


def template_rows(indicator: Indicator) -> list[list[str]]:
    """One row per area the indicator is reported for, value left empty for the partner."""
    levels = indicator.area_levels or ["district"]
    areas = (
        Area.objects.filter(level__in=levels).order_by("level", "name").values_list("code", "name")
    )
    return [[indicator.slug, code, "", "", "", "", "", name] for code, name in areas]


TEMPLATE_HEADER = [*COLUMNS, "note"]


def template_csv(indicator: Indicator) -> str:
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(template_rows(indicator))
    return out.getvalue()


def template_xlsx(indicator: Indicator) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "figures"
    spreadsheets.append_row(sheet, TEMPLATE_HEADER)
    for row in template_rows(indicator):
        spreadsheets.append_row(sheet, row)
    for cell in sheet["C"]:
        cell.number_format = "@"  # periods are text: Excel must not turn 2021-03 into a date
    notes = book.create_sheet("how to fill in")
    for line in template_help(indicator):
        spreadsheets.append_row(notes, [line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_help(indicator: Indicator) -> list[str]:
    dims = "; ".join(
        f"{name}: {', '.join(values) if values else 'any value'}"
        for name, values in (indicator.breakdowns or {}).items()
    )
    low, high = indicator.value_range
    return [
        f"Indicator {indicator.slug}: {indicator.name}",
        f"Unit: {indicator.get_unit_display()}; allowed values from {low} to {high or 'no limit'}",
        "period: a year (2021), quarter (2021-Q3), month (2021-03), day (2021-03-21) or "
        "financial year (2021/22)",
        "breakdown: empty for everyone, or dimension=value pairs separated by ';' "
        f"({dims or 'none'})",
        "value: the figure; or leave it empty and give numerator and denominator for a share",
        "numerator must not exceed denominator. Every row is checked; one wrong row rejects "
        "the whole file, with a report naming the row and column.",
    ]
