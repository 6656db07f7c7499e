"""The cohort's make-up against the workforce, with small-number suppression (no Django).

A cohort is 20 to 40 people, so a count of two Black senior managers identifies them.  The
project's rule (``commonground.measures.disclosure``, the same one every published measure
uses) applies: with threshold N, a count from 1 to N − 1 is withheld, and so is its share; and
because the cohort's total is published, the smallest other figure of the same breakdown is
withheld too, so the hidden one cannot be worked out by subtraction.  Zero is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from commonground.measures.disclosure import Cell, Relation, is_suppressed, secondary_suppression


@dataclass(frozen=True)
class Row:
    value: str
    count: int | None
    """None when withheld."""
    percent: float | None
    workforce: float | None
    """The workforce's share in percent, as the officer entered it (None if not entered)."""

    @property
    def withheld(self) -> bool:
        return self.count is None


def breakdown(
    counts: Mapping[str, int],
    values: Sequence[str],
    workforce: Mapping[str, float],
    below: int,
) -> list[Row]:
    """One row per value, in ``values`` order, with counts withheld by the rule."""
    total = sum(counts.get(v, 0) for v in values)
    cells = [Cell(key="total", size=total, withheld=is_suppressed("count", total, below=below))]
    cells += [
        Cell(
            key=v,
            size=counts.get(v, 0),
            withheld=is_suppressed("count", counts.get(v, 0), below=below),
        )
        for v in values
    ]
    hidden = {c.key for c in cells if c.withheld}
    if below > 0:
        hidden |= secondary_suppression(cells, [Relation("total", tuple(values))])
    rows = []
    for v in values:
        n = counts.get(v, 0)
        share = workforce.get(v)
        if v in hidden or "total" in hidden:
            rows.append(Row(v, None, None, share))
        else:
            rows.append(Row(v, n, round(100.0 * n / total, 1) if total else 0.0, share))
    return rows
