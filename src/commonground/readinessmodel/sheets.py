"""Read a scoring sheet (CSV ``interview,dimension,scorer,score``) into :class:`ScoreRow` s.

Scores are read as exact fractions from their decimal text (``Fraction("4.5")``), never
through a float. Every problem is a :class:`ScoreError` naming the line (the header is line 1)
and the column, because the person fixing it has the sheet open, not this code.
"""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from pathlib import Path

from .scoring import ScoreError, ScoreRow

__all__ = ["COLUMNS", "MAX_SHEET_BYTES", "parse_score", "read_sheet", "read_sheet_text"]

COLUMNS = ("interview", "dimension", "scorer", "score")

MAX_SHEET_BYTES = 32 * 1024 * 1024
"""A sheet of a thousand interviews is under 1 MB; anything far larger is not a sheet."""

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


def parse_score(text: str, *, line: int | None = None) -> Fraction:
    """A score cell as an exact fraction: plain decimals only (``4``, ``4.5``, ``4.25``).

    Refused with a reason: empty cells, decimal commas (``4,5``), exponents, ``nan``/``inf``,
    digit separators — anything two spreadsheets could read differently.
    """
    cell = text.strip()
    if not cell:
        raise ScoreError("the score is empty", line=line, column="score")
    if not _DECIMAL.fullmatch(cell):
        hint = " (write decimals with a point: 4.5)" if "," in cell else ""
        raise ScoreError(f'"{cell}" is not a number{hint}', line=line, column="score")
    return Fraction(cell)


def read_sheet(path: str | Path) -> list[ScoreRow]:
    """The rows of a sheet file (UTF-8, a byte-order mark allowed)."""
    with open(path, "rb") as stream:
        raw = stream.read(MAX_SHEET_BYTES + 1)
    if len(raw) > MAX_SHEET_BYTES:
        raise ScoreError(f"larger than {MAX_SHEET_BYTES // (1024 * 1024)} MiB, not read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ScoreError("not UTF-8 text", line=line) from None
    return read_sheet_text(text)


def read_sheet_text(text: str) -> list[ScoreRow]:
    """The rows of a sheet's text; blank lines are skipped, extra named columns ignored."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScoreError("holds a NUL character (the file may be damaged)", line=line)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ScoreError("the sheet is empty: the first line names the columns " + _columns())
        names = [cell.strip().lower() for cell in header]
        at: dict[str, int] = {}
        for column in COLUMNS:
            if column not in names:
                raise ScoreError(f'no column "{column}" (needed: {_columns()})', line=1)
            if names.count(column) > 1:
                raise ScoreError(f'column "{column}" appears twice', line=1)
            at[column] = names.index(column)
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise ScoreError(
                    f"the row has {len(cells)} fields but the header {len(header)} "
                    "(a decimal comma? write 4.5, or quote the cell)",
                    line=line,
                )
            for column in COLUMNS:
                if at[column] >= len(cells):
                    raise ScoreError(
                        f"the row has {len(cells)} fields, no {column}", line=line, column=column
                    )
            rows.append(
                ScoreRow(
                    interview=cells[at["interview"]].strip(),
                    dimension=cells[at["dimension"]].strip().upper(),
                    scorer=cells[at["scorer"]].strip().lower(),
                    score=parse_score(cells[at["score"]], line=line),
                    line=line,
                )
            )
    except csv.Error as error:
        raise ScoreError(f"not readable as CSV ({error})", line=reader.line_num) from None
    return rows


def _columns() -> str:
    return ",".join(COLUMNS)
