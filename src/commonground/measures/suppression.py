"""Small-number suppression: the one rule every public output applies before showing a figure.

Rule (documented on every indicator page and in docs/measures.md): with a threshold of N
(setting MEASURES_SUPPRESS_BELOW, default 5), a figure is withheld when

* it is a count of people or events (unit "count" or "people") from 1 to N − 1, or
* its numerator or denominator is from 1 to N − 1 (a share of a handful of people).

Zero is shown: it identifies nobody. A withheld figure is published as "[c]" (the ONS
symbol for confidential) with its value, numerator and denominator removed, in pages, CSV,
JSON and the API alike. The function is pure so it can be tested on its own.
"""

from decimal import Decimal

from django.conf import settings

COUNT_UNITS = frozenset({"count", "people"})
SYMBOL = "[c]"


def threshold() -> int:
    """The configured threshold (settings.MEASURES_SUPPRESS_BELOW, default 5; 0 turns it off)."""
    return int(getattr(settings, "MEASURES_SUPPRESS_BELOW", 5))


def _small(number: Decimal | float | None, below: int) -> bool:
    return number is not None and 0 < number < below


def is_suppressed(
    unit: str,
    value: Decimal | float | None,
    numerator: Decimal | float | None = None,
    denominator: Decimal | float | None = None,
    *,
    below: int,
) -> bool:
    if below <= 0:
        return False
    if unit in COUNT_UNITS and _small(value, below):
        return True
    return _small(numerator, below) or _small(denominator, below)
