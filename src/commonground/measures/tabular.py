"""Reading an uploaded CSV or XLSX into a header and numbered rows of text (no Django).

Every cell comes back as text, as the partner typed it, so validation reports problems in
the partner's own terms; row numbers are the ones their spreadsheet shows.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO


class TableError(ValueError):
    """The file cannot be read as a table at all (wrong type, bad encoding, empty)."""


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


def read_table(source: BinaryIO | bytes | str | Path, name: str) -> tuple[list[str], Iterator]:
    """(header, iterator of (row number, cells)) for a .csv or .xlsx file.

    Blank rows are skipped (spreadsheets end with them) but keep their numbers counted.
    """
    suffix = Path(name).suffix.lower()
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    if suffix == ".csv":
        return _read_csv(data)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data)
    raise TableError(f"{name!r} is neither a .csv nor an .xlsx file")


def _read_csv(data: bytes) -> tuple[list[str], Iterator]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError:
            raise TableError("the file is not text in UTF-8: save it as 'CSV UTF-8'") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise TableError("the file is empty: it needs a header row")

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(reader, start=2):
            if any(c.strip() for c in cells):
                yield number, cells

    return header, rows()


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(f"the file cannot be opened as a spreadsheet ({error})") from None
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    first = next(iterator, None)
    if not first or not any(c is not None for c in first):
        raise TableError("the first sheet is empty: it needs a header row")
    header = [_text(c) for c in first]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(iterator, start=2):
            texts = [_text(c) for c in cells]
            if any(t.strip() for t in texts):
                yield number, texts
        book.close()

    return header, rows()
