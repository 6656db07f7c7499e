"""The figures the challenges give Measures, by ward and quarter: pure counting, no Django.

* people taking part: distinct people with at least one check-in that counted in the ward;
* new places: check-ins whose follow-up said the place or ward was new to them;
* new kinds of people met: check-ins whose follow-up said they met someone from a different
  background.

A check-in counts in the venue's ward, or for a reflection in the person's own ward; one
with neither is left out (never guessed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Row:
    """One check-in as counted: who (an opaque id), where, when and the follow-up answers."""

    person: int
    ward_id: int | None
    day: date
    met_someone_different: bool | None
    new_place: bool | None


@dataclass(slots=True)
class Cell:
    ward_id: int
    quarter: str
    people: int = 0
    new_places: int = 0
    new_people_met: int = 0


def quarter_of(day: date) -> str:
    """2026-05-03 → "2026-Q2" (Measures' spelling of a calendar quarter)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def count(rows: Iterable[Row]) -> list[Cell]:
    """One cell per (ward, quarter) with check-ins, ordered by quarter then ward."""
    people: dict[tuple[int, str], set[int]] = defaultdict(set)
    cells: dict[tuple[int, str], Cell] = {}
    for row in rows:
        if row.ward_id is None:
            continue
        key = (row.ward_id, quarter_of(row.day))
        cell = cells.setdefault(key, Cell(row.ward_id, key[1]))
        people[key].add(row.person)
        cell.new_places += 1 if row.new_place else 0
        cell.new_people_met += 1 if row.met_someone_different else 0
    for key, cell in cells.items():
        cell.people = len(people[key])
    return sorted(cells.values(), key=lambda c: (c.quarter, c.ward_id))
