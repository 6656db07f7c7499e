"""Reading an uploaded CSV or XLSX into a header and numbered rows of text (no Django).

Every cell comes back as text, as the partner typed it, so validation reports problems in
the partner's own terms; row numbers are the ones their spreadsheet shows.

Nothing a partner can put in a file makes this module raise anything but :class:`TableError`
(a problem with the whole file, naming the row where reading stopped), and nothing makes it
read without bound: :class:`Limits` caps the file's size, its rows, its cells and the length
of one cell, and an XLSX (a zip) is inspected with :mod:`zipfile` before openpyxl opens it, so
a small file that inflates to gigabytes (a "zip bomb") is refused unread. A damaged row (a NUL
character, a cell longer than the limit, more or fewer cells than the header) is yielded as a
:class:`~commonground.measures.validation.Problem` in place of its cells, so the partner gets
every such row in the report, beside the other row errors.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from commonground.measures.validation import Problem

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a file we read; the defaults are the settings' defaults (see docs/measures.md).

    ``max_ratio`` is checked only once the inflated size passes one megabyte: small parts of a
    spreadsheet (styles, an empty sheet) compress very well without being a threat.
    """

    max_bytes: int = 50 * MB
    max_rows: int = 200_000
    max_cells: int = 2_000_000
    max_cell_chars: int = 2_000
    max_inflated_bytes: int = 200 * MB
    max_ratio: int = 100

    @property
    def max_megabytes(self) -> int:
        return self.max_bytes // MB

    @property
    def max_inflated_megabytes(self) -> int:
        return self.max_inflated_bytes // MB


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, bad encoding, empty, too big).

    ``row`` is the row where reading stopped (1 for the file as a whole).
    """

    def __init__(self, message: str, row: int = 1, column: str = ""):
        super().__init__(message)
        self.row = row
        self.column = column


Rows = Iterator[tuple[int, list[str] | Problem]]


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def read_table(
    source: BinaryIO | bytes | str | Path, name: str, limits: Limits | None = None
) -> tuple[list[str], Rows]:
    """(header, iterator of (row number, cells or a Problem)) for a .csv or .xlsx file.

    Blank rows are skipped (spreadsheets end with them) but keep their numbers counted.
    Raises :class:`TableError`, also from the iterator when a limit is reached mid-file.
    """
    limits = limits or Limits()
    suffix = Path(name).suffix.lower()
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise TableError(f"the file is larger than {limits.max_bytes // MB} MB: split it")
    if suffix == ".csv":
        return _read_csv(data, limits)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, limits)
    raise TableError(f"{name!r} is neither a .csv nor an .xlsx file")


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA": how a spreadsheet names a column that has no header."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Counter:
    """Counts rows and cells as they are read and stops at the limits."""

    def __init__(self, header: list[str], limits: Limits):
        self.names = [
            (h or "").replace("\x00", "\\0").strip().lower() or column_letter(i)
            for i, h in enumerate(header)
        ]
        self.limits = limits
        self.rows = 0
        self.cells = len(header)
        if self.cells > limits.max_cells:
            raise TableError(f"the header has more than {limits.max_cells} cells")

    def column(self, index: int) -> str:
        return self.names[index] if index < len(self.names) else column_letter(index)

    def count(self, number: int, width: int) -> None:
        self.rows += 1
        self.cells += width
        if self.rows > self.limits.max_rows:
            raise TableError(
                f"the file has more than {self.limits.max_rows} rows of figures: "
                "split it into smaller files",
                number,
            )
        if self.cells > self.limits.max_cells:
            raise TableError(
                f"the file has more than {self.limits.max_cells} cells: "
                "remove empty columns or split it into smaller files",
                number,
            )

    def damage(self, number: int, cells: list[str]) -> Problem | None:
        """The first thing in a row that no check downstream could read safely, or None."""
        for i, cell in enumerate(cells):
            if "\x00" in cell:
                return Problem(
                    number,
                    self.column(i),
                    "the cell holds a NUL character (the file may be damaged): "
                    "save it again from the spreadsheet",
                    cell.replace("\x00", "\\0")[:50],
                )
            if len(cell) > self.limits.max_cell_chars:
                return Problem(
                    number,
                    self.column(i),
                    f"the cell has {len(cell)} characters; at most "
                    f"{self.limits.max_cell_chars} are allowed",
                    cell[:50] + "…",
                )
        return None


# -- CSV --------------------------------------------------------------------------------

# A lead byte followed by continuation bytes: text that was meant to be UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM); Windows-1252 only for a file with no UTF-8 in it at all.

    Excel on Windows saves "CSV" in Windows-1252, so a file without one valid UTF-8 sequence
    is read that way. A file that is UTF-8 but for some damaged bytes is refused, naming the
    line: reading it as Windows-1252 would silently change every other accented letter.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.start
    if not data.startswith(b"\xef\xbb\xbf") and not _UTF8_SEQUENCE.search(data):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    line = data.count(b"\n", 0, bad) + 1
    column = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
    raise TableError(
        f"line {line}, character {column}: byte 0x{data[bad]:02x} is not UTF-8 text: "
        "save the file as 'CSV UTF-8'",
        line,
    )


def _read_csv(data: bytes, limits: Limits) -> tuple[list[str], Rows]:
    text = _decode(data)
    csv.field_size_limit(max(limits.max_cell_chars * 2, 131072))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise TableError(_csv_message(error, reader.line_num), 1) from None
    if not header or not any(h.strip() for h in header):
        raise TableError("the file is empty: it needs a header row")
    counter = _Counter(header, limits)
    if problem := counter.damage(1, header):
        raise TableError(problem.message, 1, problem.column)
    width = len(header)
    while width and not header[width - 1].strip():
        width -= 1  # trailing empty header cells (Excel writes them) ask for nothing

    def rows() -> Rows:
        number = 1
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise TableError(_csv_message(error, reader.line_num), number) from None
            counter.count(number, len(cells))
            if not any(c.strip() for c in cells):
                continue
            if problem := counter.damage(number, cells):
                yield number, problem
            elif len(cells) < width or any(c.strip() for c in cells[len(header) :]):
                yield (
                    number,
                    Problem(
                        number,
                        "",
                        f"the row has {len(cells)} cells but the header has {width}: a cell is "
                        "missing, or a comma inside a cell needs the cell in double quotes",
                    ),
                )
            else:
                yield number, cells

    return header, rows()


def _csv_message(error: csv.Error, line: int) -> str:
    reason = str(error)
    if "expected after" in reason or "end of data" in reason:
        reason = (
            "a double quotation mark is not closed or is followed by more text "
            '(a cell in quotes must end with the quote, e.g. "5.5")'
        )
    return f"line {line}: the file cannot be read as CSV: {reason}"


# -- XLSX -------------------------------------------------------------------------------


def inspect_zip(data: bytes, limits: Limits) -> None:
    """Refuse an XLSX that is not a zip, or would inflate past the limits, before opening it.

    The sizes come from the zip's directory; :mod:`zipfile` stops at those sizes and fails on
    the checksum when a member inflates further, so a lying directory cannot get past them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise TableError(
            "the file is not an Excel workbook (.xlsx files are zip archives): "
            "save it again as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8'"
        ) from None
    inflated = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if inflated > limits.max_inflated_bytes:
        raise TableError(
            f"the workbook would unzip to {inflated // MB} MB, more than the "
            f"{limits.max_inflated_bytes // MB} MB allowed: split it or save it as CSV"
        )
    if inflated > MB and inflated > limits.max_ratio * max(packed, 1):
        raise TableError(
            f"the workbook would unzip to {inflated // max(packed, 1)} times its size, more than "
            f"the {limits.max_ratio} times allowed: save it again from the spreadsheet or as CSV"
        )


def _read_xlsx(data: bytes, limits: Limits) -> tuple[list[str], Rows]:
    from openpyxl import load_workbook

    inspect_zip(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        # A read-only sheet stops at the size its XML declares (<dimension>), silently
        # dropping rows and columns past it; forget the declaration and read every cell.
        sheet.reset_dimensions()
        iterator = sheet.iter_rows(values_only=True)
        first = next(iterator, None)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"the file cannot be opened as a spreadsheet ({error})") from None
    if not first or not any(c is not None for c in first):
        book.close()
        raise TableError("the first sheet is empty: it needs a header row")
    header = [_text(c) for c in first]
    counter = _Counter(header, limits)
    if problem := counter.damage(1, header):
        raise TableError(problem.message, 1, problem.column)

    def rows() -> Rows:
        number = 1
        try:
            while True:
                number += 1
                try:
                    cells = next(iterator)
                except StopIteration:
                    return
                except Exception as error:  # damaged XML inside the zip
                    raise TableError(
                        f"the spreadsheet is damaged at row {number} ({error})", number
                    ) from None
                counter.count(number, len(cells))
                texts = [_text(c) for c in cells]
                if not any(t.strip() for t in texts):
                    continue
                if problem := counter.damage(number, texts):
                    yield number, problem
                elif extra := [
                    column_letter(i)
                    for i, t in enumerate(texts[len(header) :], start=len(header))
                    if t.strip()
                ]:
                    yield (
                        number,
                        Problem(
                            number,
                            extra[0],
                            f"the row has a cell in column {extra[0]}, which has no header",
                        ),
                    )
                else:
                    yield number, texts
        finally:
            book.close()

    return header, rows()
