"""Secondary (differencing) suppression on tables small enough to check by hand.

Each case says which cell the primary rule withholds, and why the rule must withhold one more
(or not): a reader with the published cells and a calculator must not get a withheld value.
"""

import random

import pytest

from commonground.measures.disclosure import (
    Cell,
    Figure,
    Relation,
    disclosed,
    secondary_suppression,
    table_relations,
    table_secondary,
)

pytestmark = pytest.mark.engine

DISTRICT, BAILDON, TONG, WIBSEY = 1, 2, 3, 4


def ward(area: int, value, breakdown: str = "", **numbers) -> Figure:
    return Figure(area, breakdown, value, parent=DISTRICT, level="ward", **numbers)


def district(value, breakdown: str = "", **numbers) -> Figure:
    return Figure(DISTRICT, breakdown, value, level="district", **numbers)


def test_district_minus_the_other_wards_would_give_the_small_ward_away():
    # 20 − 7 − 10 = 3: with only Baildon's 3 withheld, anyone can subtract.
    table = [district(20), ward(BAILDON, 3), ward(TONG, 7), ward(WIBSEY, 10)]
    assert table_secondary(table, "count", below=5) == {(TONG, "")}  # the next smallest


def test_two_withheld_wards_protect_each_other():
    # 20 − 13 = 7 = Baildon + Tong, but not either alone.
    table = [district(20), ward(BAILDON, 3), ward(TONG, 4), ward(WIBSEY, 13)]
    assert table_secondary(table, "count", below=5) == set()


def test_a_zero_is_not_used_as_the_complement():
    # Withholding the 0 would not help: a reader may guess it, and 20 − 17 would give 3 away.
    table = [district(20), ward(BAILDON, 3), ward(TONG, 0), ward(WIBSEY, 17)]
    assert table_secondary(table, "count", below=5) == {(WIBSEY, "")}


def test_a_breakdown_total_minus_its_other_categories():
    # Tong's 30 hate crimes = 26 race + 4 faith: 30 − 26 would give the 4 away.
    table = [
        ward(TONG, 30),
        ward(TONG, 26, "strand=race"),
        ward(TONG, 4, "strand=faith"),
    ]
    assert table_secondary(table, "count", below=5) == {(TONG, "strand=race")}


def test_the_district_headline_figure_is_never_withheld_as_a_complement():
    table = [district(10), district(6, "strand=race"), district(4, "strand=faith")]
    assert table_secondary(table, "count", below=5) == {(DISTRICT, "strand=race")}


def test_shares_without_numerators_cannot_be_subtracted():
    # The District's 40% has no published numerator: nothing to subtract from.
    table = [
        district(40),
        ward(BAILDON, 30, numerator=3, denominator=10),
        ward(TONG, 50, numerator=50, denominator=100),
    ]
    assert table_secondary(table, "percent", below=5) == set()


def test_shares_with_numerators_add_up_like_counts():
    # 53 − 50 = 3 people: the District's numerator gives Baildon's away unless Tong goes.
    table = [
        district(47.7, numerator=53, denominator=111),
        ward(BAILDON, 30, numerator=3, denominator=11),
        ward(TONG, 50, numerator=50, denominator=100),
    ]
    assert table_secondary(table, "percent", below=5) == {(TONG, "")}


def test_a_cell_can_be_disclosed_even_when_every_equation_has_two_unknowns():
    # x = a + b, y = a + c, z = b + c: then a = (x + y − z) / 2, though each sum hides two.
    relations = [(3, (0, 1)), (4, (0, 2)), (5, (1, 2))]
    assert disclosed([0, 1, 2], relations, 6) == {0, 1, 2}
    # Drop z and one degree of freedom is left: nothing is determined.
    assert disclosed([0, 1, 2], relations[:2], 6) == set()


def test_wards_by_breakdown_need_a_rectangle_of_withheld_cells():
    # Two wards by two strands, with ward and District totals. Withholding Baildon's faith
    # count alone would fall to subtraction along its ward and along its strand.
    table = [
        district(100),
        district(90, "strand=race"),
        district(10, "strand=faith"),
        ward(BAILDON, 30),
        ward(BAILDON, 26, "strand=race"),
        ward(BAILDON, 4, "strand=faith"),
        ward(TONG, 70),
        ward(TONG, 64, "strand=race"),
        ward(TONG, 6, "strand=faith"),
    ]
    added = table_secondary(table, "count", below=5)
    assert (BAILDON, "strand=race") in added and (TONG, "strand=faith") in added
    assert_nothing_derivable(table, added)


def assert_nothing_derivable(table: list[Figure], added: set) -> None:
    keys = [(f.area, f.breakdown) for f in table]
    index = {key: i for i, key in enumerate(keys)}
    hidden = [
        index[(f.area, f.breakdown)] for f in table if f.value is not None and 0 < f.value < 5
    ]
    hidden += [index[key] for key in added]
    relations = [
        (index[r.total], tuple(index[p] for p in r.parts if p in index))
        for r in table_relations(table)
        if r.total in index
    ]
    assert disclosed(sorted(set(hidden)), relations, len(keys)) == set()


@pytest.mark.parametrize("seed", range(25))
def test_random_ward_by_strand_tables_leave_nothing_derivable(seed):
    rng = random.Random(seed)
    strands = ["race", "faith", "disability"][: rng.randint(1, 3)]
    table, totals = [], {strand: 0 for strand in strands}
    for area in range(2, 2 + rng.randint(2, 6)):
        counts = {strand: rng.choice([0, 1, 2, 3, 4, 5, 8, 12, 30]) for strand in strands}
        table.append(ward(area, sum(counts.values())))
        for strand, count in counts.items():
            table.append(ward(area, count, f"strand={strand}"))
            totals[strand] += count
    table.append(district(sum(totals.values())))
    table += [district(count, f"strand={strand}") for strand, count in totals.items()]

    added = table_secondary(table, "count", below=5)

    assert_nothing_derivable(table, added)
    assert (DISTRICT, "") not in added


def test_cells_and_relations_are_independent_of_areas():
    cells = [Cell("total", 9, False, protected=True), Cell("a", 2, True), Cell("b", 7, False)]
    assert secondary_suppression(cells, [Relation("total", ("a", "b"))]) == {"b"}
    # A total nobody publishes gives no equation.
    assert secondary_suppression(cells[1:], [Relation("total", ("a", "b"))]) == set()
