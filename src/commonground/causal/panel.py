"""A panel of units by period, read strictly from a CSV file or built from records.

Every refusal is a :class:`PanelError` whose message is one line naming the file, the line and
the column (or the unit) at fault, so the CLI can print it as it is and the web upload can show
it beside the form.  Numbers go through :func:`commonground.numbers.parse_number`, which refuses
cells that two readers could read differently (``5,5``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np

from commonground.numbers import AmbiguousNumber, parse_number

__all__ = [
    "OutcomeRow",
    "Panel",
    "PanelError",
    "Record",
    "period_key",
    "read_outcome_rows",
    "read_panel",
]


class PanelError(ValueError):
    """Input that cannot be analysed; the message is one line saying what and where."""


@dataclass(frozen=True)
class Record:
    """One unit in one period, as given (the source says where it came from)."""

    unit: str
    period: str
    outcome: float
    treated: int
    covariates: tuple[float | None, ...] = ()
    source: str = ""
    # Staggered adoption: this unit's own first treated period ("" = never treated).
    unit_start: str | None = None


def _label(text: str) -> str:
    """A period or unit label: trimmed, and ``1989.0`` written ``1989`` so keys compare."""
    text = text.strip()
    try:
        value = parse_number(text)
    except AmbiguousNumber:
        return text
    if value is not None and value == value.to_integral_value():
        return str(int(value))
    return text


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text)
    except AmbiguousNumber:
        return None


def period_key(labels: Iterable[str]) -> tuple[bool, list[str]]:
    """Whether the periods are numbers, and the labels in time order.

    Numbers sort as numbers (2009 before 2010, 9 before 10); anything else sorts as text, which
    keeps ISO dates (``2024-03-01``), months (``2024-03``) and quarters (``2024Q1``) in order.
    """
    unique = sorted(set(labels))
    numbers = [_number(label) for label in unique]
    if unique and all(n is not None for n in numbers):
        pairs = sorted(zip(numbers, unique, strict=True))
        return True, [label for _, label in pairs]
    return False, unique


@dataclass
class Panel:
    """Outcomes by unit and period, each unit's 0/1 treatment flag and the first treated period.

    ``y`` holds NaN where a unit has no row for a period (allowed for the regressions, not for
    the synthetic control).  ``start_index`` is the position of the first period at or after
    ``start`` in ``periods``.
    """

    units: list[str]
    periods: list[str]
    y: np.ndarray  # (units, periods)
    treated: np.ndarray  # (units,) bool
    start: str
    start_index: int
    covariate_names: tuple[str, ...] = ()
    x: np.ndarray | None = None  # (covariates, units, periods), NaN where missing
    name: str = "data"
    lines: dict[tuple[str, str], str] = field(default_factory=dict)
    # Staggered adoption: each unit's first treated period's index, −1 for never treated.
    unit_start: np.ndarray | None = None

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    @property
    def n_obs(self) -> int:
        return int(np.isfinite(self.y).sum())

    @property
    def staggered(self) -> bool:
        """Whether units carry their own start periods (staggered adoption)."""
        return self.unit_start is not None

    @classmethod
    def from_records(
        cls,
        records: Sequence[Record],
        *,
        start: str | None,
        covariates: Sequence[str] = (),
        name: str = "data",
        staggered: bool = False,
    ) -> Panel:
        """Build a panel, refusing duplicates, a flag that varies within a unit and a start
        outside the data.  Shared by the CSV reader and the web pages (Measures data).

        ``staggered``: each record's ``unit_start`` gives its unit's first treated period
        (empty for a never-treated unit); ``start``, when given, must be the earliest of them.
        """
        if not records:
            raise PanelError(f"{name}: no rows")
        unit_starts: dict[str, str] = {}
        if staggered:
            start = _unit_starts(records, unit_starts, start, name)
        if start is None:
            raise PanelError(f"{name}: no --start given")
        flags: dict[str, tuple[int, str]] = {}
        seen: dict[tuple[str, str], str] = {}
        for record in records:
            first = flags.setdefault(record.unit, (record.treated, record.source))
            if first[0] != record.treated:
                raise PanelError(
                    f"{record.source or name}: the treated flag of unit {record.unit!r} varies "
                    f"within the unit ({record.treated} here, {first[0]} at "
                    f"{first[1] or 'an earlier row'}); "
                    "it must be constant, with --start giving the first treated period"
                )
            key = (record.unit, record.period)
            if key in seen:
                raise PanelError(
                    f"{record.source or name}: unit {record.unit!r} has a second row for period "
                    f"{record.period!r} (the first is at {seen[key] or 'an earlier row'})"
                )
            seen[key] = record.source
        numeric, periods = period_key(r.period for r in records)
        start_label = _label(start)
        if numeric:
            start_value = _number(start_label)
            if start_value is None:
                raise PanelError(f"{name}: --start {start!r} is not a period (periods are numbers)")
            later = [i for i, p in enumerate(periods) if _number(p) >= start_value]  # type: ignore[operator]
        else:
            later = [i for i, p in enumerate(periods) if p >= start_label]
        if not later:
            raise PanelError(
                f"{name}: --start {start!r} is after the last period ({periods[-1]!r}): "
                "there is no post-period"
            )
        start_index = later[0]
        if start_index == 0:
            raise PanelError(
                f"{name}: --start {start!r} is at or before the first period ({periods[0]!r}): "
                "there is no pre-period"
            )
        units = sorted(flags)
        unit_index = {u: i for i, u in enumerate(units)}
        period_index = {p: i for i, p in enumerate(periods)}
        y = np.full((len(units), len(periods)), np.nan)
        x = np.full((len(covariates), len(units), len(periods)), np.nan) if covariates else None
        for record in records:
            i, t = unit_index[record.unit], period_index[record.period]
            y[i, t] = record.outcome
            if x is not None:
                for c, value in enumerate(record.covariates):
                    x[c, i, t] = np.nan if value is None else value
        treated = np.array([flags[u][0] == 1 for u in units])
        starts = None
        if staggered:
            starts = np.array(
                [_start_index(unit_starts[u], u, periods, numeric, name) for u in units]
            )
        if not treated.any():
            raise PanelError(f"{name}: no unit is treated (the treated column is 0 everywhere)")
        if treated.all():
            raise PanelError(f"{name}: every unit is treated: there is nothing to compare with")
        return cls(
            units=units,
            periods=periods,
            y=y,
            treated=treated,
            start=start_label,
            start_index=start_index,
            covariate_names=tuple(covariates),
            x=x,
            name=name,
            lines=seen,
            unit_start=starts,
        )

    def missing_cells(self) -> list[tuple[str, str]]:
        """(unit, period) pairs with no outcome."""
        rows, cols = np.nonzero(~np.isfinite(self.y))
        return [(self.units[i], self.periods[t]) for i, t in zip(rows, cols, strict=True)]


def _unit_starts(
    records: Sequence[Record], found: dict[str, str], start: str | None, name: str
) -> str:
    """Collect each unit's start (constant within the unit, given exactly when treated) and
    return the earliest, checking ``start`` against it."""
    where: dict[str, str] = {}
    for record in records:
        label = _label(record.unit_start or "")
        first = found.setdefault(record.unit, label)
        where.setdefault(record.unit, record.source)
        if first != label:
            raise PanelError(
                f"{record.source or name}: the start of unit {record.unit!r} varies within the "
                f"unit ({label!r} here, {first!r} at {where[record.unit] or 'an earlier row'})"
            )
        if record.treated and not label:
            raise PanelError(
                f"{record.source or name}: unit {record.unit!r} is treated but has no start"
            )
        if not record.treated and label:
            raise PanelError(
                f"{record.source or name}: unit {record.unit!r} is not treated but has a start "
                f"({label!r}); leave it empty for units never treated"
            )
    given = sorted({s for s in found.values() if s})
    if not given:
        raise PanelError(f"{name}: no unit is treated (the start column is empty everywhere)")
    _, ordered = period_key(given)
    earliest = ordered[0]
    if start is not None and _label(start) != earliest:
        raise PanelError(
            f"{name}: --start {start!r} is not the earliest start in the start column "
            f"({earliest!r}); give that, or leave --start out"
        )
    return earliest


def _start_index(label: str, unit: str, periods: list[str], numeric: bool, name: str) -> int:
    """The index of the first period at or after a unit's start; −1 when never treated."""
    if not label:
        return -1
    if numeric:
        value = _number(label)
        if value is None:
            raise PanelError(f"{name}: unit {unit!r} starts at {label!r}, which is not a period")
        later = [i for i, p in enumerate(periods) if _number(p) >= value]  # type: ignore[operator]
    else:
        later = [i for i, p in enumerate(periods) if p >= label]
    if not later:
        raise PanelError(
            f"{name}: unit {unit!r} starts at {label!r}, after the last period ({periods[-1]!r})"
        )
    if later[0] == 0:
        raise PanelError(
            f"{name}: unit {unit!r} starts at {label!r}, at or before the first period "
            f"({periods[0]!r}): it has no pre-period"
        )
    return later[0]


def _columns(header: list[str], wanted: dict[str, str], name: str) -> dict[str, int]:
    stripped = [h.strip() for h in header]
    found = {}
    for flag, column in wanted.items():
        if column not in stripped:
            shown = ", ".join(repr(h) for h in stripped[:12]) + (" …" if len(stripped) > 12 else "")
            raise PanelError(f"{name}: no column {column!r} (for {flag}); the columns are {shown}")
        found[column] = stripped.index(column)
    return found


def read_panel(
    path: str | Path,
    *,
    unit: str,
    time: str,
    outcome: str,
    treated: str,
    start: str | None,
    covariates: Sequence[str] = (),
    start_column: str | None = None,
) -> Panel:
    """Read a CSV file with one row per unit and period (UTF-8, an optional BOM).

    ``start_column`` (staggered adoption) names a column holding each treated unit's own first
    treated period, empty for never-treated units; ``start`` is then optional.
    """
    name = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as error:
        raise PanelError(f"{name}: cannot open: {error.strerror or error}") from error
    records: list[Record] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise PanelError(f"{name}: the file is empty")
            wanted = {"--unit": unit, "--time": time, "--outcome": outcome, "--treated": treated}
            wanted |= {f"--covariates ({c})": c for c in covariates}
            if start_column:
                wanted["--start-column"] = start_column
            index = _columns(header, wanted, name)
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{name}, line {line}"

                def cell(column: str, row: list[str] = row) -> str:
                    position = index[column]
                    return row[position].strip() if position < len(row) else ""

                unit_label = cell(unit)
                if not unit_label:
                    raise PanelError(f"{where}, column {unit!r}: the unit is empty")
                period_label = _label(cell(time))
                if not period_label:
                    raise PanelError(f"{where}, column {time!r}: the period is empty")
                flag_text = cell(treated)
                flag = _number(flag_text)
                if flag not in (0, 1):
                    raise PanelError(f"{where}, column {treated!r}: {flag_text!r} is not 0 or 1")
                value = _finite(cell(outcome), f"{where}, column {outcome!r}", required=True)
                extra = tuple(
                    _finite(cell(c), f"{where}, column {c!r}", required=False) for c in covariates
                )
                records.append(
                    Record(
                        unit_label,
                        period_label,
                        value,  # type: ignore[arg-type]
                        int(flag),  # type: ignore[arg-type]
                        extra,
                        where,
                        cell(start_column) if start_column else None,
                    )
                )
        except csv.Error as error:
            raise PanelError(f"{name}, line {reader.line_num}: not CSV ({error})") from error
        except UnicodeDecodeError as error:
            raise PanelError(f"{name}: not UTF-8 text ({error.reason})") from error
    return Panel.from_records(
        records, start=start, covariates=covariates, name=name, staggered=bool(start_column)
    )


def _finite(text: str, where: str, *, required: bool) -> float | None:
    try:
        value = parse_number(text)
    except AmbiguousNumber as error:
        raise PanelError(f"{where}: {error}") from error
    if value is None:
        if required:
            raise PanelError(f"{where}: the value is empty")
        return None
    number = float(value)
    if not math.isfinite(number):
        raise PanelError(f"{where}: {text!r} is not a finite number")
    return number


@dataclass(frozen=True)
class OutcomeRow:
    """One row of an uploaded outcome sheet: a unit's outcome in a period, and where it was."""

    unit: str
    period: str
    outcome: float
    where: str
    covariates: tuple[float | None, ...] = ()  # the named covariate columns (None: blank)


OUTCOME_COLUMNS = ("unit", "period", "outcome")


def read_outcome_rows(
    text: str, *, name: str = "upload", limit: int = 200_000, covariates: Sequence[str] = ()
) -> list[OutcomeRow]:
    """Read an outcome sheet with the columns ``unit,period,outcome`` (names case-insensitive,
    any order, other columns ignored) from text.  Refuses, naming the line and column: a
    missing column, an empty unit or period, an outcome that is empty, not finite or
    ambiguous (``5,5``), a second row for a unit and period, a row too long for the header
    (usually a decimal comma), and more than ``limit`` rows.  Nothing is kept on refusal:
    the caller gets rows or an error, never part of a sheet.

    ``covariates`` names further columns (case-insensitive) read as numbers beside the outcome;
    a blank cell is kept as None, an ambiguous or infinite one is refused like the outcome."""
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise PanelError(f"{name}: the file is empty")
        lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
        index = {}
        for column in OUTCOME_COLUMNS:
            if column not in lowered:
                raise PanelError(
                    f'{name}, line 1: no column "{column}" (needed: {",".join(OUTCOME_COLUMNS)})'
                )
            index[column] = lowered.index(column)
        for column in covariates:
            if column.strip().lower() not in lowered:
                raise PanelError(
                    f'{name}, line 1: no column "{column}" (a covariate the plan names)'
                )
            index[column] = lowered.index(column.strip().lower())
        rows: list[OutcomeRow] = []
        seen: dict[tuple[str, str], int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"{name}, line {line}"
            if len(row) > len(header):
                raise PanelError(
                    f"{where}: {len(row)} fields but the header has {len(header)} "
                    "(a decimal comma? write 4.5, not 4,5)"
                )

            def cell(column: str, row: list[str] = row) -> str:
                position = index[column]
                return row[position].strip() if position < len(row) else ""

            unit = cell("unit")
            if not unit:
                raise PanelError(f'{where}, column "unit": the unit is empty')
            period = _label(cell("period"))
            if not period:
                raise PanelError(f'{where}, column "period": the period is empty')
            value = _finite(cell("outcome"), f'{where}, column "outcome"', required=True)
            key = (unit.casefold(), period)
            if key in seen:
                raise PanelError(
                    f"{where}: a second row for unit {unit!r} in period {period!r} "
                    f"(the first is line {seen[key]})"
                )
            seen[key] = line
            extra = tuple(
                _finite(cell(c), f'{where}, column "{c}"', required=False) for c in covariates
            )
            rows.append(OutcomeRow(unit, period, value, where, extra))  # type: ignore[arg-type]
            if len(rows) > limit:
                raise PanelError(f"{where}: more than {limit:,} rows")
    except csv.Error as error:
        raise PanelError(f"{name}, line {reader.line_num}: not CSV ({error})") from error
    if not rows:
        raise PanelError(f"{name}: no rows after the header")
    return rows
