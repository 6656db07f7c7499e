"""Read area-by-group count tables from CSV (wide or long) into NumPy, with precise errors.

A *wide* table has one row per area and one column per group (ONS bulk downloads such as
TS021); a *long* table has one row per area and group (``lsoa21_code,total_residents,
ethnic_group,n,prop``) and is pivoted to wide here.  Every problem is reported as a
:class:`TableError` whose one-line message names the file, the line and the column, because the
analyst fixing it has the file open, not this code.  Only the standard library and NumPy are
used, so the CLI starts fast and needs no pandas.
"""

import codecs
import csv
import difflib
import gzip
import io
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from commonground.numbers import AmbiguousNumber, parse_number

__all__ = [
    "AreaTable",
    "TableError",
    "pivot_long",
    "read_long_table",
    "read_table",
    "split_names",
]


class TableError(ValueError):
    """A table cannot be used; the message is one line naming file, line and column."""


@dataclass(frozen=True)
class AreaTable:
    """Counts by area and group, as read from one file.

    ``counts`` is (areas, groups) float64 in the order of ``areas`` and ``groups``; ``total`` is
    the per-area total column if one was named (it may exceed the row sums of ``counts`` when the
    groups do not cover everyone), else None.
    """

    path: str
    area_column: str
    areas: tuple[str, ...]
    groups: tuple[str, ...]
    counts: np.ndarray
    total: np.ndarray | None = None
    total_column: str | None = None


# --------------------------------------------------------------------------- reading CSV


MAX_TABLE_BYTES = 256 * 1024 * 1024
"""Largest table read (after decompression): ten times England and Wales at LSOA level, and a
ceiling on what a damaged or hostile ``.csv.gz`` (a "zip bomb") can make us hold in memory."""

MAX_COUNT = 1e15
"""Largest count accepted: far above any population, and integers up to it are exact."""


def _read_bytes(path: str | Path, name: str) -> bytes:
    """The file's bytes (decompressed for ``.gz``), refusing more than :data:`MAX_TABLE_BYTES`."""
    limit = MAX_TABLE_BYTES
    if name.endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            raw = stream.read(limit + 1)
    else:
        with open(path, "rb") as stream:
            raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise TableError(f"{name}: larger than {limit // (1024 * 1024)} MiB, not read")
    return raw


def _header_of(text: str) -> list[str]:
    """The header fields of ``text`` (its first line), for naming columns in errors."""
    first = text.split("\n", 1)[0].rstrip("\r")
    return [cell.strip() for cell in next(csv.reader([first]), [])]


def _where(before: str, header: list[str]) -> str:
    """``LINE: column "NAME"`` of the character that follows ``before`` (its line's prefix is
    split as CSV to find which field it falls in)."""
    line = before.count("\n") + 1
    prefix = before[before.rfind("\n") + 1 :]
    try:
        index = max(len(next(csv.reader([prefix]), [])), 1)
    except csv.Error:
        index = prefix.count(",") + 1
    if line > 1 and index <= len(header):
        return f'{line}: row {line}, column "{header[index - 1]}"'
    return f"{line}: row {line}, column {index}"


def _quote_problem(record: str) -> int:
    """1-based field of ``record`` where its quoting goes wrong (for csv.Error messages)."""
    field, quoted, at_start, i = 1, False, True, 0
    while i < len(record):
        char = record[i]
        if quoted:
            if char == '"':
                if record[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
                    following = record[i + 1 : i + 2]
                    if following not in ("", ",", "\n", "\r"):
                        return field
        elif char == '"':
            if not at_start:
                return field
            quoted = True
        elif char == ",":
            field += 1
            at_start = True
            i += 1
            continue
        elif char in "\r\n":
            pass
        at_start = False
        i += 1
    return field


def _rows(path: str | Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) of every non-blank data row; ``.gz`` is decompressed."""
    name = str(path)
    try:
        raw = _read_bytes(path, name)
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise TableError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise TableError(f"{name}: is a directory, not a CSV table") from None
    except (OSError, EOFError, zlib.error) as error:
        raise TableError(f"{name}: cannot read: {error}") from None
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", "replace")
        where = _where(before, _header_of(before))
        raise TableError(
            f"{name}:{where}: not a CSV table (not UTF-8 text: byte 0x{raw[error.start]:02x}); "
            "save it as UTF-8"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        where = _where(text[:nul], _header_of(text))
        raise TableError(
            f"{name}:{where}: not a CSV table (binary data: a NUL character; the file may be "
            "damaged)"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((reader.line_num, row))
            start = reader.line_num + 1
    except csv.Error as error:
        lines = text.splitlines(keepends=True)
        record = "".join(lines[start - 1 : reader.line_num])
        header = _header_of(text)
        field = _quote_problem(record)
        column = f'"{header[field - 1]}"' if start > 1 and field <= len(header) else str(field)
        raise TableError(
            f"{name}:{start}: row {start}, column {column}: "
            f"not a CSV table ({error}; check the quotes)"
        ) from None
    if not records:
        raise TableError(f"{name}: empty file, expected a CSV table with a header row")
    (_, header), data = records[0], records[1:]
    header = [cell.strip() for cell in header]
    width = len(header)
    if width < 2:
        raise TableError(f"{name}: not a CSV table (the header has one column: {header[0]!r})")
    for line, row in data:
        if len(row) != width:
            raise TableError(
                f"{name}:{line}: not a CSV table (expected {width} fields as in the header, "
                f"found {len(row)})"
            )
    if not data:
        raise TableError(f"{name}: not a CSV table (no data rows below the header)")
    return header, data


def _unknown(name: str, what: str, wanted: str, known: Sequence[str], where: str = "") -> str:
    """One-line 'unknown column' message with the closest known names as a hint."""
    needle = wanted.casefold()
    close = [k for k in known if needle and needle in k.casefold()][:2]
    close = close or difflib.get_close_matches(wanted, list(known), n=2, cutoff=0.5)
    if close:
        hint = "did you mean " + " or ".join(f'"{c}"' for c in close) + "?"
    else:
        shown = ", ".join(f'"{k}"' for k in list(known)[:6])
        hint = f"{what}s are {shown}" + (", …" if len(known) > 6 else "")
    return f'{name}: unknown {what} "{wanted}"{where}; {hint}'


def split_names(text: str, known: Sequence[str]) -> list[str]:
    """Split a comma-separated list of names, where names may themselves contain commas.

    The text is read as one CSV record, so ``"a, b",c`` quotes a comma; and unquoted pieces are
    rejoined greedily (longest first) whenever the rejoined text is a known name, so
    ``Asian, Asian British or Asian Welsh,White`` also works.  Unknown pieces are returned as
    they are, for the caller to report.
    """
    pieces = next(csv.reader([text], skipinitialspace=False), [])
    known_set = set(known)
    names: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = ",".join(pieces[i:j]).strip()
            if candidate in known_set:
                names.append(candidate)
                i = j
                break
        else:
            names.append(pieces[i].strip())
            i += 1
    return [n for n in names if n]


def _resolve(
    name: str,
    columns: str | Sequence[str],
    header: Sequence[str],
    what: str = "column",
    where: str = "",
) -> list[str]:
    wanted = split_names(columns, header) if isinstance(columns, str) else list(columns)
    if not wanted:
        raise TableError(f"{name}: no {what}s given")
    for column in wanted:
        if column not in header:
            raise TableError(_unknown(name, what, column, header, where))
    repeated = sorted({c for c in wanted if wanted.count(c) > 1})
    if repeated:
        raise TableError(f'{name}: {what} "{repeated[0]}" is listed twice')
    return wanted


def _index(name: str, header: list[str], column: str) -> int:
    if column not in header:
        raise TableError(_unknown(name, "column", column, header))
    if header.count(column) > 1:
        raise TableError(f'{name}: column "{column}" appears more than once in the header')
    return header.index(column)


def _count(name: str, line: int, column: str, cell: str) -> float:
    """Parse one count cell: a finite, non-negative number."""
    text = cell.strip()
    if not text:
        raise TableError(
            f'{name}:{line}: row {line}, column "{column}": empty cell, expected a count'
        )
    try:
        number = parse_number(text)  # not float(): float("1_0") == 10
    except AmbiguousNumber as error:
        reason = str(error)
        if reason.endswith("is not a number"):
            reason = f'non-numeric cell "{text}"'
        else:
            reason = f"cell {reason}"
        raise TableError(f'{name}:{line}: row {line}, column "{column}": {reason}') from None
    if number is None or not number.is_finite():  # pragma: no cover - parse_number refuses
        raise TableError(f'{name}:{line}: row {line}, column "{column}": non-numeric cell "{text}"')
    value = float(number)
    if value < 0:
        raise TableError(f'{name}:{line}: row {line}, column "{column}": negative count {text}')
    if value > MAX_COUNT:
        raise TableError(
            f'{name}:{line}: row {line}, column "{column}": '
            f"count {text} is too large (more than 1e15)"
        )
    return value


def _area_id(name: str, line: int, column: str, cell: str) -> str:
    area = cell.strip()
    if not area:
        raise TableError(f'{name}:{line}: row {line}, column "{column}": empty area id')
    return area


def _check_total(
    name: str, line: int, area: str, group_sum: float, total: float, total_column: str
) -> None:
    # Allow for rounding in tables of estimates; census counts are integers.
    if group_sum > total * (1 + 1e-12) + 1e-9:
        raise TableError(
            f'{name}:{line}: area "{area}": groups add up to {group_sum:g}, more than '
            f'the total "{total_column}" ({total:g})'
        )


# --------------------------------------------------------------------------- wide tables


def read_table(
    path: str | Path,
    *,
    area: str,
    groups: str | Sequence[str],
    total: str | None = None,
) -> AreaTable:
    """Read a wide table: one row per area, the named group columns (and optional total).

    ``groups`` is a list of column names or one comma-separated string (see
    :func:`split_names`).  Raises :class:`TableError` for an unknown or duplicated column, a
    non-numeric, empty or negative cell, a duplicated area, or groups exceeding the total.
    """
    name = str(path)
    header, data = _rows(path)
    area_at = _index(name, header, area)
    group_names = _resolve(name, groups, header)
    group_at = [_index(name, header, g) for g in group_names]
    total_at = None if total is None else _index(name, header, total)
    areas: list[str] = []
    first_line: dict[str, int] = {}
    counts = np.empty((len(data), len(group_names)))
    totals = np.empty(len(data)) if total is not None else None
    for r, (line, row) in enumerate(data):
        area_id = _area_id(name, line, area, row[area_at])
        if area_id in first_line:
            raise TableError(
                f'{name}:{line}: area "{area_id}" appears again (first on line '
                f"{first_line[area_id]})"
            )
        first_line[area_id] = line
        areas.append(area_id)
        for g, (column, at) in enumerate(zip(group_names, group_at, strict=True)):
            counts[r, g] = _count(name, line, column, row[at])
        if totals is not None and total is not None and total_at is not None:
            totals[r] = _count(name, line, total, row[total_at])
            _check_total(name, line, area_id, counts[r].sum(), totals[r], total)
    return AreaTable(name, area, tuple(areas), tuple(group_names), counts, totals, total)


# --------------------------------------------------------------------------- long tables


def pivot_long(
    records: Iterable[tuple[str, str, float]], groups: Sequence[str] | None = None
) -> tuple[list[str], list[str], np.ndarray]:
    """Pivot (area, group, count) records to area ids, group names and an (areas, groups) matrix.

    Areas and (when ``groups`` is None) groups keep their order of first appearance; records of
    groups not in ``groups`` are skipped.  A repeated (area, group) pair or a missing one raises
    ValueError: a silent zero or sum could hide a truncated or duplicated file.
    """
    cells: dict[tuple[str, str], float] = {}
    areas: dict[str, None] = {}
    seen_groups: dict[str, None] = {}
    wanted = None if groups is None else set(groups)
    for area, group, count in records:
        areas.setdefault(area, None)
        seen_groups.setdefault(group, None)
        if wanted is not None and group not in wanted:
            continue
        if (area, group) in cells:
            raise ValueError(f'area "{area}" has more than one count for group "{group}"')
        cells[(area, group)] = count
    group_names = list(seen_groups) if groups is None else list(groups)
    for group in group_names:
        if group not in seen_groups:
            raise ValueError(f'no records for group "{group}"')
    matrix = np.empty((len(areas), len(group_names)))
    for i, area in enumerate(areas):
        for k, group in enumerate(group_names):
            if (area, group) not in cells:
                raise ValueError(f'area "{area}" has no count for group "{group}"')
            matrix[i, k] = cells[(area, group)]
    return list(areas), group_names, matrix


def read_long_table(
    path: str | Path,
    *,
    area: str,
    group_column: str,
    count_column: str,
    groups: str | Sequence[str] | None = None,
    total: str | None = None,
) -> AreaTable:
    """Read a long table (one row per area and group) and pivot it to wide.

    ``groups`` names values of ``group_column`` (list, or comma-separated string as in
    :func:`split_names`); None takes every value in order of first appearance.  ``total`` names
    a column repeated on each of an area's rows (e.g. ``total_residents``); it must agree
    across them.  Errors name the file and line as for :func:`read_table`.
    """
    name = str(path)
    header, data = _rows(path)
    area_at, group_at, count_at = (
        _index(name, header, c) for c in (area, group_column, count_column)
    )
    total_at = None if total is None else _index(name, header, total)
    values = list(dict.fromkeys(row[group_at].strip() for _, row in data))
    if groups is None:
        group_names = values
    else:
        group_names = _resolve(name, groups, values, "group", f' in column "{group_column}"')
    wanted = set(group_names)
    records: list[tuple[str, str, float]] = []
    seen: dict[tuple[str, str], int] = {}
    totals: dict[str, tuple[float, int]] = {}
    for line, row in data:
        area_id = _area_id(name, line, area, row[area_at])
        group = row[group_at].strip()
        if total is not None and total_at is not None:
            value = _count(name, line, total, row[total_at])
            earlier = totals.setdefault(area_id, (value, line))
            if earlier[0] != value:
                raise TableError(
                    f'{name}:{line}: row {line}, column "{total}": '
                    f'area "{area_id}" has total {value:g} here '
                    f"but {earlier[0]:g} on line {earlier[1]}"
                )
        if group not in wanted:
            records.append((area_id, group, 0.0))  # keeps the area known; skipped by the pivot
            continue
        if (area_id, group) in seen:
            raise TableError(
                f'{name}:{line}: area "{area_id}" has a second row for "{group}" (first on line '
                f"{seen[(area_id, group)]})"
            )
        seen[(area_id, group)] = line
        records.append((area_id, group, _count(name, line, count_column, row[count_at])))
    try:
        area_ids, group_names, counts = pivot_long(records, group_names)
    except ValueError as error:
        raise TableError(f"{name}: {error}") from None
    total_array = None
    if total is not None:
        total_array = np.array([totals[a][0] for a in area_ids])
        for i, area_id in enumerate(area_ids):
            _check_total(name, totals[area_id][1], area_id, counts[i].sum(), total_array[i], total)
    return AreaTable(name, area, tuple(area_ids), tuple(group_names), counts, total_array, total)
