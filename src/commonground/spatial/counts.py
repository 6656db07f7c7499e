"""Read whole-number counts per area from a CSV file, with one-line errors naming the place.

Rows may repeat an area (a report per row, say): their counts are added. Areas of the
boundary file that the CSV does not mention count 0. Codes the boundary file does not know
are set aside and reported (they may belong to a neighbouring district), never guessed at.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from commonground.numbers import AmbiguousNumber, parse_number

__all__ = ["MAX_FILE_BYTES", "AreaCounts", "CountsError", "read_counts"]

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Largest CSV read: far above a district's reports, a ceiling on what a hostile file costs."""

MAX_COUNT = 10**15
"""Largest count accepted: integers up to this are exact as floats."""


class CountsError(ValueError):
    """The file cannot be used; the message is one line naming file, line and column."""


@dataclass(frozen=True)
class AreaCounts:
    """Counts in the order of ``codes`` (the boundary file's), and codes the file had but
    the boundaries do not (with the first line each appeared on)."""

    counts: np.ndarray
    unknown: dict[str, int]
    rows: int


def _text(path: str | Path) -> str:
    name = str(path)
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CountsError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CountsError(f"{name}: is a directory, not a CSV file") from None
    except OSError as error:
        raise CountsError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CountsError(f"{name}: larger than {MAX_FILE_BYTES // 2**20} MiB, not read")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CountsError(
            f"{name}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x})"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CountsError(f"{name}:{line}: binary data (a NUL character), not a CSV file")
    return text


def _count(name: str, line: int, column: str, cell: str) -> int:
    """One count: a whole number, 0 or more (``12``, ``12.0``, ``1,200`` are twelve hundred…)."""
    text = cell.strip()
    where = f'{name}:{line}: column "{column}"'
    if not text:
        raise CountsError(f"{where}: empty cell, expected a whole-number count")
    try:
        number = parse_number(text)
    except AmbiguousNumber as error:
        raise CountsError(f"{where}: {error}, expected a whole-number count") from None
    if number is None or number != number.to_integral_value():
        raise CountsError(f"{where}: {text!r} is not a whole number (counts are whole numbers)")
    if number < 0:
        raise CountsError(f"{where}: negative count {text}")
    if number > MAX_COUNT:
        raise CountsError(f"{where}: count {text} is too large")
    return int(number)


def read_counts(path: str | Path, *, area: str, count: str, codes: tuple[str, ...]) -> AreaCounts:
    """Counts per code of ``codes`` from the CSV's ``area`` and ``count`` columns."""
    name = str(path)
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    position = {code: i for i, code in enumerate(codes)}
    counts = np.zeros(len(codes), dtype=np.int64)
    unknown: dict[str, int] = {}
    header: list[str] | None = None
    area_at = count_at = -1
    rows = 0
    line = 1
    parsed: dict[str, int] = {}
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                for wanted in (area, count):
                    if wanted not in header:
                        raise CountsError(
                            f'{name}:{start}: column "{wanted}" is not in the header '
                            f"(it has {', '.join(repr(h) for h in header[:8])}"
                            f"{', …' if len(header) > 8 else ''})"
                        )
                    if header.count(wanted) > 1:
                        raise CountsError(
                            f'{name}:{start}: column "{wanted}" appears more than once '
                            "in the header"
                        )
                area_at, count_at = header.index(area), header.index(count)
                continue
            if len(row) != len(header):
                short = [h for at, h in ((area_at, area), (count_at, count)) if at >= len(row)]
                column = f'"{short[0]}"' if short else str(min(len(row), len(header)) + 1)
                raise CountsError(
                    f"{name}:{start}: column {column}: the row has {len(row)} fields, "
                    f"the header {len(header)}"
                )
            code = row[area_at].strip()
            cell = row[count_at]
            value = parsed.get(cell)
            if value is None:
                value = _count(name, start, count, cell)
                if len(parsed) < 10_000:  # most files repeat a few cells ("1") many times
                    parsed[cell] = value
            if not code:
                raise CountsError(f'{name}:{start}: column "{area}": empty area code')
            rows += 1
            at = position.get(code)
            if at is None:
                unknown.setdefault(code, start)
            else:
                counts[at] += value
    except csv.Error as error:
        raise CountsError(f"{name}:{line}: not a CSV file ({error}; check the quotes)") from None
    if header is None:
        raise CountsError(f'{name}:1: column "{area}" is not in the header (the file is empty)')
    return AreaCounts(counts=counts, unknown=unknown, rows=rows)
