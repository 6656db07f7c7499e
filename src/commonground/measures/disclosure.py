"""Disclosure control for published figures: primary and secondary (differencing) suppression.

Pure Python and NumPy, no Django, so the rule can be tested on hand-checkable tables and
applied identically by pages, charts, maps, CSV, JSON and the API (`suppression.py` feeds it
from the database).

**Primary rule.** With a threshold N, a count from 1 to N − 1, or a share whose numerator or
denominator is from 1 to N − 1, is withheld. Zero is shown: it identifies nobody.

**Secondary rule.** Withholding one cell is not enough when it can be worked out from
published figures: the District's count minus every other ward's gives the missing ward; a
ward's total minus its other categories gives the missing category. Figures that add up are
linked by *relations* (a total and its parts: a parent area and its child areas at one level,
the same breakdown; an area's figure and its figures split by one dimension). Each relation is
an equation; a withheld cell is *disclosed* when the equations determine its value exactly,
i.e. its unit vector lies in the row space of the equations restricted to the unknown cells.
While some withheld cell is disclosed, the smallest published cell (fewest people; non-zero
first) that shares a relation with it is withheld too, preferring one that alone ends the
disclosure. This repeats until no withheld value is derivable. A figure not supplied at all
counts as known (it may be zero), so the rule errs on the side of withholding; a figure
whose summable parts are not published (a share given without numerator and denominator)
counts as unknown, since no subtraction reaches it. `protected` cells (the District's
figure for everyone) are never withheld as complements, so headline figures stay public.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

COUNT_UNITS = frozenset({"count", "people"})
Number = Decimal | float | int | None


def _small(number: Number, below: int) -> bool:
    return number is not None and 0 < number < below


def is_suppressed(
    unit: str,
    value: Number,
    numerator: Number = None,
    denominator: Number = None,
    *,
    below: int,
) -> bool:
    """The primary rule: a figure about fewer than `below` people is withheld (0 turns it off)."""
    if below <= 0:
        return False
    if unit in COUNT_UNITS and _small(value, below):
        return True
    return _small(numerator, below) or _small(denominator, below)


@dataclass(frozen=True, slots=True)
class Cell:
    """One published figure of a table.

    `size` orders complements (the number of people it is about); `additive` says whether
    its summable quantity is published (a count, or a share's numerator and denominator):
    a cell that is not additive is unknown to anyone subtracting, so it protects others.
    """

    key: Hashable
    size: float
    withheld: bool
    additive: bool = True
    protected: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    """`total` = sum of `parts`: a parent area and its children, or a figure and its split."""

    total: Hashable
    parts: tuple[Hashable, ...]


def disclosed(
    unknown: Sequence[int], relations: Sequence[tuple[int, tuple[int, ...]]], n: int
) -> set[int]:
    """Which of the `unknown` cell indices the relations determine exactly.

    Known cells move to the right-hand side, so only the unknown columns matter: cell j is
    determined iff e_j lies in the row space of that matrix (its projection onto the row
    space has length 1).
    """
    unknown_set = set(unknown)
    rows = [r for r in relations if r[0] in unknown_set or unknown_set.intersection(r[1])]
    if not rows:
        return set()
    columns = sorted({i for total, parts in rows for i in (total, *parts) if i in unknown_set})
    where = {cell: c for c, cell in enumerate(columns)}
    matrix = np.zeros((len(rows), len(columns)))
    for r, (total, parts) in enumerate(rows):
        if total in where:
            matrix[r, where[total]] += 1.0
        for part in parts:
            if part in where:
                matrix[r, where[part]] -= 1.0
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > 1e-9 * max(singular[0], 1.0)).sum()) if singular.size else 0
    if rank == 0:
        return set()
    reach = (vt[:rank] ** 2).sum(axis=0)
    return {columns[c] for c in np.flatnonzero(reach > 1 - 1e-7)}


def secondary_suppression(cells: Sequence[Cell], relations: Iterable[Relation]) -> set[Hashable]:
    """Keys of the cells to withhold besides the primary ones, so no withheld value is derivable.

    Deterministic: ties in size are broken by the order of `cells`.
    """
    index = {cell.key: i for i, cell in enumerate(cells)}
    links: list[tuple[int, tuple[int, ...]]] = []
    for relation in relations:
        if relation.total not in index:
            continue  # an unpublished total gives no equation
        parts = tuple(index[p] for p in relation.parts if p in index)
        if parts:
            links.append((index[relation.total], parts))
    hidden = {i for i, cell in enumerate(cells) if cell.withheld}
    if not hidden or not links:
        return set()
    opaque = {i for i, cell in enumerate(cells) if not cell.additive} - hidden
    touching: dict[int, list[int]] = defaultdict(list)
    for r, (total, parts) in enumerate(links):
        for i in (total, *parts):
            touching[i].append(r)
    added: set[int] = set()
    given_up: set[int] = set()

    def exposed(extra: frozenset[int] = frozenset()) -> set[int]:
        unknown = sorted(hidden | opaque | extra)
        return (disclosed(unknown, links, len(cells)) & (hidden | extra)) - given_up

    def order(i: int) -> tuple:
        return (cells[i].size == 0, cells[i].size, i)

    while exposed_now := exposed():
        target = min(exposed_now)
        near = {i for r in touching[target] for i in (links[r][0], *links[r][1])}
        candidates = sorted(
            (i for i in near if i not in hidden and i not in opaque and not cells[i].protected),
            key=order,
        )
        if not candidates:
            given_up.add(target)  # nothing left to withhold beside it (every neighbour protected)
            continue
        choice = next(
            (c for c in candidates if target not in exposed(frozenset({c}))), candidates[0]
        )
        hidden.add(choice)
        added.add(choice)
    return {cells[i].key for i in added}


# -- tables of figures ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One current figure of an indicator for one period, with where its area sits."""

    area: int
    breakdown: str
    value: Number
    numerator: Number = None
    denominator: Number = None
    parent: int | None = None
    statistical_parent: int | None = None
    level: str = ""


def _pairs(key: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, value)
        for name, _sep, value in (part.partition("=") for part in key.split(";") if part)
    )


def _key(pairs: Iterable[tuple[str, str]]) -> str:
    return ";".join(f"{name}={value}" for name, value in sorted(pairs))


def table_relations(figures: Sequence[Figure]) -> list[Relation]:
    """The totals and parts among one indicator's figures for one period.

    Geography: a parent area's figure is the sum of its children at one level, for the same
    breakdown (electoral `parent` and statistical parent alike). Breakdowns: an area's
    figure split by a dimension sums to the figure without that dimension.
    """
    relations: list[Relation] = []
    children: dict[tuple[int, str, str], list[tuple[int, str]]] = defaultdict(list)
    keys_by_area: dict[int, set[str]] = defaultdict(set)
    for f in figures:
        keys_by_area[f.area].add(f.breakdown)
        for parent in {f.parent, f.statistical_parent} - {None}:
            children[(parent, f.level, f.breakdown)].append((f.area, f.breakdown))
    for (parent, _level, breakdown), parts in children.items():
        relations.append(Relation((parent, breakdown), tuple(sorted(parts))))
    for area, keys in keys_by_area.items():
        groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for key in keys:
            pairs = _pairs(key)
            for name, _value in pairs:
                rest = _key(p for p in pairs if p[0] != name)
                groups[(rest, name)].append((area, key))
        for (rest, _name), parts in groups.items():
            relations.append(Relation((area, rest), tuple(sorted(parts))))
    return relations


def table_secondary(figures: Sequence[Figure], unit: str, below: int) -> set[tuple[int, str]]:
    """(area, breakdown) of the figures to withhold as complements in one indicator's period.

    The top area's figure for everyone (no parent, no breakdown: the District's headline
    figure) is protected: it is never withheld as a complement.
    """
    if below <= 0:
        return set()
    cells = []
    for f in sorted(figures, key=lambda f: (f.level, f.area, f.breakdown)):
        count = unit in COUNT_UNITS
        size = f.value if count else (f.numerator if f.numerator is not None else f.denominator)
        cells.append(
            Cell(
                key=(f.area, f.breakdown),
                size=float(size) if size is not None else float("inf"),
                withheld=is_suppressed(unit, f.value, f.numerator, f.denominator, below=below),
                additive=(count and f.value is not None)
                or (f.numerator is not None and f.denominator is not None),
                protected=f.parent is None and f.statistical_parent is None and not f.breakdown,
            )
        )
    return secondary_suppression(cells, table_relations(figures))
