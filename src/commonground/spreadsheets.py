"""Spreadsheet-safe cells: one place that decides what a downloaded cell may start with.

Every file the platform lets people download that a spreadsheet may open (CSV, xlsx, and the
Pabulib ``.pb`` text) carries text other people typed: proposal titles, organisation names,
comments, batch names. A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, so ``=HYPERLINK("http://x","y")`` typed into a proposal title would become
a live link (or worse, a DDE command) on an officer's computer. Following the OWASP "CSV
injection" guidance, :func:`safe_cell` puts an apostrophe before any text cell that starts
with such a character (also after leading whitespace, and the full-width forms ``＝＋－＠``),
and before a tab, carriage return or line feed. Numbers stay numbers: a real ``-5`` is data,
not text, so only ``str`` values are touched.

:func:`csv_writer` / :class:`SafeDictWriter` wrap the standard library's writers, and
:func:`xlsx_bytes` writes a workbook whose every text cell is stored as a string (openpyxl
would otherwise store any string beginning with ``=`` as a formula). Every export uses these,
and a test downloads every export with hostile text in every free-text field.

No Django here: the CLI and the pure packages can use it too.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

#: Characters that make a spreadsheet read a cell as a formula or break it across cells.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

#: What goes before a dangerous text cell (spreadsheets then read the cell as plain text).
PREFIX = "'"


def is_dangerous(text: str) -> bool:
    """True when ``text`` would start a formula (or a new cell) in a spreadsheet."""
    if not text:
        return False
    if text[0] in FORMULA_TRIGGERS:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def safe_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: dangerous text gets a leading apostrophe.

    Only text is changed; ``None``, numbers, booleans and dates pass through unchanged, so a
    negative amount stays a number.
    """
    if isinstance(value, str) and is_dangerous(value):
        return PREFIX + value
    return value


#: A plain decimal number written as text (Pabulib writes every field as text).
PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def safe_text(value: str) -> str:
    """For formats where every field is text (the Pabulib ``.pb`` file): like
    :func:`safe_cell`, but a field that is a plain number (``-1.75``, ``+4``) stays as it is,
    since programs read it as a number and a spreadsheet does too."""
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return safe_cell(value)


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return [safe_cell(value) for value in row]


class SafeWriter:
    """A ``csv.writer`` whose every row goes through :func:`safe_row`."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> SafeWriter:
    """The CSV writer every export uses (``options`` as for ``csv.writer``)."""
    return SafeWriter(stream, **options)


class SafeDictWriter(csv.DictWriter):
    """A ``csv.DictWriter`` whose every value (and header) goes through :func:`safe_cell`."""

    def writeheader(self) -> Any:
        return self.writer.writerow(safe_row(self.fieldnames))

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def csv_text(rows: Iterable[Iterable[Any]], **options: Any) -> str:
    """``rows`` (header first) as CSV text, every cell made safe."""
    out = io.StringIO()
    csv_writer(out, **options).writerows(rows)
    return out.getvalue()


def append_row(sheet: Any, row: Iterable[Any]) -> None:
    """Append ``row`` to an openpyxl worksheet, every cell safe and every text cell a string.

    openpyxl decides a cell's type from its value and stores any string beginning with ``=``
    as a formula; after :func:`safe_cell` none does, and the type is set to string anyway so
    that no future change to the prefix rule can turn text into a formula.
    """
    sheet.append(safe_row(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_bytes(sheets: Sequence[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook of ``(title, rows)`` sheets, written through :func:`append_row`."""
    from openpyxl import Workbook  # imported late: only xlsx downloads need it

    book = Workbook()
    first = True
    for title, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        for row in rows:
            append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
