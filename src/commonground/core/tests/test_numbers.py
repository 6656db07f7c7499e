"""The shared strict number reader: every cell two readers could read differently is refused."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commonground.numbers import AmbiguousNumber, parse_number

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("12", Decimal(12)),
        (" 12 ", Decimal(12)),
        ("-3.5", Decimal("-3.5")),
        ("+4", Decimal(4)),
        (".5", Decimal("0.5")),
        ("1,234,567", Decimal(1234567)),
        ("1,234.5", Decimal("1234.5")),
        ("1.5E+06", Decimal(1500000)),
        ("0", Decimal(0)),
    ],
)
def test_reads_numbers_every_reader_agrees_on(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["", "   ", None])
def test_an_empty_cell_is_no_number(cell):
    assert parse_number(cell) is None


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("5,5", "comma"),  # 5.5 in Polish, 55 once commas are stripped
        ("1,234", "could be 1234 or 1.234"),
        ("1_0", "underscore"),  # Python's float() reads this as 10
        ("1e-400", "too large or too small"),  # float() reads this as 0
        ("1e400", "too large or too small"),  # … and this as infinity
        ("inf", "not a number"),
        ("NaN", "not a number"),
        ("1 000", "not a number"),
        ("12%", "not a number"),
        ("0x10", "not a number"),
        ("1\x002", "NUL"),
        ("٣", "not a number"),  # digits other than 0-9 are not read as figures
    ],
)
def test_refuses_cells_that_could_be_misread(cell, reason):
    with pytest.raises(AmbiguousNumber, match=reason):
        parse_number(cell)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12))
def test_plain_decimals_read_back_exactly(number):
    text = f"{number:f}"
    assert parse_number(text) == number
