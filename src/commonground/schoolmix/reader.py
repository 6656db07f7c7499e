"""Read a school census table (one row per school) into arrays, refusing anything doubtful.

Every problem is a :class:`SchoolFileError` whose one-line message names the file, the line
(the header is line 1) and the column header as written in the file, because the officer or
analyst fixing it has the spreadsheet open, not this code.  Only the standard library and NumPy
are used, so the command line starts quickly and the Django loader shares the same checks.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from commonground.numbers import AmbiguousNumber, parse_number

from .groups import (
    ETHNIC_GROUPS,
    FSM,
    HEADCOUNT,
    IN_DISTRICT,
    LAT,
    LONG,
    PHASE,
    REQUIRED,
    UNCLASSIFIED,
    URN,
    group_column,
)

__all__ = ["SchoolFileError", "SchoolTable", "phase_of", "read_schools"]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file read: every school in England is about 5 MB in this layout."""

TEXT_COLUMNS = (
    "time_period",
    "school_name",
    "la_name",
    "ward_code",
    "ward_name",
    "school_postcode",
    "typeofestablishment_name",
    "denomination",
)
"""Descriptive columns kept when present (the web app shows them); never required."""

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


class SchoolFileError(ValueError):
    """The file cannot be used; the message is one line naming file, line and column."""


@dataclass(frozen=True)
class SchoolTable:
    """Schools as read from one file, in file order.

    ``groups`` is (schools, 18) integer pupils by ethnic group (unclassified apart, in
    ``unclassified``); ``phase`` is ``primary``, ``secondary`` or ``""`` (another phase, such as
    special schools, read but never compared); ``headcount`` is -1 where the file has no
    headcount column, and ``fsm`` -1 where it has no free-school-meals column.
    """

    path: str
    urns: tuple[str, ...]
    lines: tuple[int, ...]
    lat: np.ndarray
    long: np.ndarray
    in_district: np.ndarray
    phase: tuple[str, ...]
    groups: np.ndarray
    unclassified: np.ndarray
    headcount: np.ndarray
    fsm: np.ndarray
    text: tuple[dict[str, str], ...]

    def __len__(self) -> int:
        return len(self.urns)

    @property
    def classified(self) -> np.ndarray:
        """Pupils whose ethnicity is recorded (the sum of the 18 groups)."""
        return self.groups.sum(axis=1)


def phase_of(value: str) -> str:
    """``primary`` / ``secondary`` from DfE's ``phase_type_grouping`` (all-through counts as
    secondary, as DfE groups it); ``""`` for any other phase."""
    text = value.strip().lower()
    if "primary" in text and "secondary" not in text:
        return "primary"
    if "secondary" in text or "all-through" in text or "all through" in text:
        return "secondary"
    return ""


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SchoolFileError(
            f"{name}: line {line}: not UTF-8 text (save the file as CSV UTF-8)"
        ) from None


def _where(name: str, line: int, column: str) -> str:
    return f'{name}: line {line}, column "{column}"'


def _count(cell: str, where: str) -> int:
    try:
        value = parse_number(cell)
    except AmbiguousNumber as error:
        raise SchoolFileError(f"{where}: {error}") from None
    if value is None:
        raise SchoolFileError(f"{where}: is empty (write 0 when there are none)")
    if value < 0 or value != value.to_integral_value():
        raise SchoolFileError(f"{where}: {cell.strip()!r} is not a whole number of pupils")
    return int(value)


def _coordinate(cell: str, where: str, limit: float) -> float:
    try:
        value = parse_number(cell)
    except AmbiguousNumber as error:
        raise SchoolFileError(f"{where}: {error}") from None
    if value is None:
        raise SchoolFileError(f"{where}: is empty (every school needs its coordinates)")
    number = float(value)
    if not math.isfinite(number) or abs(number) > limit:
        raise SchoolFileError(f"{where}: {cell.strip()!r} is not between -{limit:g} and {limit:g}")
    return number


def _flag(cell: str, where: str) -> bool:
    text = cell.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SchoolFileError(f"{where}: {cell.strip()!r} is not TRUE or FALSE")


def read_schools(path: str | Path, *, name: str | None = None) -> SchoolTable:
    """Read and check a school file; raise :class:`SchoolFileError` on the first problem.

    Checks: every required column present (and not twice); each row as many fields as the
    header; counts whole and not negative; coordinates in range; ``in_bradford`` TRUE/FALSE;
    URNs present and unique; where a headcount column exists, the headcount equals the 18 groups
    plus unclassified pupils (the census's own identity: a mismatch means shifted or mistyped
    cells); free-school-meal pupils no more than the headcount.
    """
    shown = name or str(path)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise SchoolFileError(f"{shown}: line 1: cannot be read ({error.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SchoolFileError(f"{shown}: line 1: larger than 64 MiB, not read")
    reader = csv.reader(io.StringIO(_decode(raw, shown), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SchoolFileError(f'{shown}: line 1, column "{URN}": the file is empty') from None
    except csv.Error as error:
        raise SchoolFileError(f"{shown}: line 1: not readable as CSV ({error})") from None
    index: dict[str, int] = {}
    for position, written in enumerate(header):
        key = written.strip()
        if key in index and key in (*REQUIRED, HEADCOUNT, UNCLASSIFIED, FSM):
            raise SchoolFileError(f"{_where(shown, 1, written)}: appears twice in the header")
        index.setdefault(key, position)
    for column in REQUIRED:
        if column not in index:
            raise SchoolFileError(f"{_where(shown, 1, column)}: missing from the header")

    def written(key: str) -> str:
        return header[index[key]]

    group_at = [index[group_column(w)] for _, w in ETHNIC_GROUPS]
    has_headcount, has_unclassified, has_fsm = (k in index for k in (HEADCOUNT, UNCLASSIFIED, FSM))
    urns: list[str] = []
    lines: list[int] = []
    lat: list[float] = []
    long: list[float] = []
    district: list[bool] = []
    phase: list[str] = []
    groups: list[list[int]] = []
    unclassified: list[int] = []
    headcount: list[int] = []
    fsm: list[int] = []
    text: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise SchoolFileError(f"{shown}: line {line}: not readable as CSV ({error})") from None
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            missing = header[len(row)]
            raise SchoolFileError(
                f"{_where(shown, line, missing)}: the row has {len(row)} fields, "
                f"the header {len(header)}"
            )
        if len(row) > len(header):
            raise SchoolFileError(
                f"{_where(shown, line, header[-1])}: the row has {len(row)} fields, "
                f"the header only {len(header)}"
            )

        def at(key: str, line: int = line, row: list[str] = row) -> tuple[str, str]:
            return row[index[key]], _where(shown, line, written(key))

        urn, where = at(URN)
        urn = urn.strip()
        if not urn:
            raise SchoolFileError(f"{where}: is empty (every school needs its URN)")
        if urn in seen:
            raise SchoolFileError(f"{where}: URN {urn} is also on line {seen[urn]}")
        seen[urn] = line
        lat.append(_coordinate(*at(LAT), 90.0))
        long.append(_coordinate(*at(LONG), 180.0))
        district.append(_flag(*at(IN_DISTRICT)))
        phase_cell, where = at(PHASE)
        if not phase_cell.strip():
            raise SchoolFileError(f"{where}: is empty (primary or secondary?)")
        phase.append(phase_of(phase_cell))
        counts = [
            _count(row[position], _where(shown, line, header[position])) for position in group_at
        ]
        rest = _count(*at(UNCLASSIFIED)) if has_unclassified else 0
        if has_headcount:
            total = _count(*at(HEADCOUNT))
            expected = sum(counts) + rest
            if total != expected:
                what = "the 18 ethnic groups" + (
                    " and unclassified pupils" if has_unclassified else ""
                )
                raise SchoolFileError(
                    f"{at(HEADCOUNT)[1]}: {total} is not the sum of {what} ({expected})"
                )
        else:
            total = -1
        if has_fsm:
            meals = _count(*at(FSM))
            if has_headcount and meals > total:
                raise SchoolFileError(
                    f"{at(FSM)[1]}: {meals} is more than the headcount of pupils ({total})"
                )
        else:
            meals = -1
        urns.append(urn)
        lines.append(line)
        groups.append(counts)
        unclassified.append(rest)
        headcount.append(total)
        fsm.append(meals)
        text.append({k: row[index[k]].strip() for k in TEXT_COLUMNS if k in index})
    return SchoolTable(
        path=shown,
        urns=tuple(urns),
        lines=tuple(lines),
        lat=np.array(lat, dtype=float),
        long=np.array(long, dtype=float),
        in_district=np.array(district, dtype=bool),
        phase=tuple(phase),
        groups=np.array(groups, dtype=np.int64).reshape(len(urns), len(ETHNIC_GROUPS)),
        unclassified=np.array(unclassified, dtype=np.int64),
        headcount=np.array(headcount, dtype=np.int64),
        fsm=np.array(fsm, dtype=np.int64),
        text=tuple(text),
    )
