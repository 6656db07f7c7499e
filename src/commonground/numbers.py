"""Reading numbers that people typed into spreadsheets, refusing every one we could misread.

Django-free, shared by the measures uploads and the segregation CLI. The rule is: accept a
number only when every reader would agree on its value. ``5,5`` is five and a half to a Polish
reader and fifty-five to an English one; Python reads ``1_0`` as ten and ``1e-400`` as zero. A
silent wrong figure on a published dashboard is worse than a row error the partner can fix in a
minute, so each of these is refused with a reason that says how to write it instead.

Accepted: an optional sign, digits, an optional decimal point with digits after it, commas only
as English thousands separators in groups of three *when that cannot be a decimal comma* (two
or more groups, or a decimal point after them: ``1,234,567`` and ``1,234.5``), surrounding
spaces, and an exponent when the value it gives is exactly representable without overflow or
underflow (``1.5E+06``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["AmbiguousNumber", "parse_number"]

# The largest and smallest magnitudes a float (and so NumPy and the database) keeps exactly
# enough: outside these a value silently becomes infinity or zero.
_MAX = Decimal("1e300")
_MIN = Decimal("1e-300")

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)


class AmbiguousNumber(ValueError):
    """A cell that is not a number every reader would read the same way; the message says why."""


def parse_number(text: str | None) -> Decimal | None:
    """The cell's number, ``None`` when the cell is empty; :class:`AmbiguousNumber` otherwise.

    Whitespace around the number is ignored (spreadsheets pad cells); whitespace inside it is
    not, because ``1 000`` may be one number or two cells run together.
    """
    if text is None:
        return None
    cell = str(text).strip()
    if not cell:
        return None
    if "\x00" in cell:
        raise AmbiguousNumber("holds a NUL character (the file may be damaged)")
    if _GROUPED.fullmatch(cell):
        unambiguous = cell.count(",") > 1 or "." in cell
        if not unambiguous:
            raise AmbiguousNumber(
                f"{cell!r} could be {cell.replace(',', '')} or {cell.replace(',', '.')}: "
                "write it without the comma, with a point for decimals"
            )
        cell = cell.replace(",", "")
    elif "," in cell:
        raise AmbiguousNumber(
            f"{cell!r} uses a comma that is not a thousands separator: "
            "write decimals with a point (5.5) and no other separators"
        )
    if "_" in cell:
        raise AmbiguousNumber(f"{cell!r} contains an underscore: write digits only")
    if not _PLAIN.fullmatch(cell):
        raise AmbiguousNumber(f"{cell!r} is not a number")
    try:
        number = Decimal(cell)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise AmbiguousNumber(f"{cell!r} is not a number") from None
    if number and not _MIN <= abs(number) <= _MAX:
        raise AmbiguousNumber(f"{cell!r} is too large or too small to store exactly")
    return number
