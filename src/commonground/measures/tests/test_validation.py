"""Row checks for uploads: pure functions, no database."""

from datetime import date
from decimal import Decimal

import pytest

from commonground.measures.validation import (
    IndicatorRule,
    parse_breakdown,
    parse_number,
    parse_period,
    validate_rows,
)

pytestmark = pytest.mark.engine

HEADER = ["indicator", "area_code", "period", "breakdown", "value", "numerator", "denominator"]
RULES = {
    "satisfied": IndicatorRule(
        slug="satisfied",
        unit="percent",
        min_value=Decimal(0),
        max_value=Decimal(100),
        area_levels=frozenset({"district", "ward"}),
        breakdowns={"sex": frozenset({"female", "male"}), "community": frozenset()},
        scale=Decimal(100),
    ),
    "crimes": IndicatorRule(slug="crimes", unit="count", min_value=Decimal(0)),
    "theirs": IndicatorRule(slug="theirs", unit="count", allowed=False, owner_name="Fire"),
}
AREAS = {"E08000032": "district", "E05001365": "ward", "E01010569": "lsoa"}


def check(*rows: list[str], header=HEADER):
    numbered = [(n, list(r)) for n, r in enumerate(rows, start=2)]
    return validate_rows(header, numbered, indicators=RULES, areas=AREAS)


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2021", "2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021-Q3", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30)),
        ("2021q1", "2021-Q1", date(2021, 1, 1), date(2021, 3, 31)),
        ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2021-03-21", "2021-03-21", date(2021, 3, 21), date(2021, 3, 21)),
        ("2021/22", "2021/22", date(2021, 4, 1), date(2022, 3, 31)),
        ("1999/00", "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_periods(text, code, start, end):
    period = parse_period(text)
    assert (period.code, period.start, period.end) == (code, start, end)


@pytest.mark.parametrize(
    "text", ["", "21", "2021-13", "2021-02-30", "2021/23", "2021-Q5", "last year"]
)
def test_bad_periods_say_what_to_write(text):
    with pytest.raises(ValueError, match=r"period|date|financial"):
        parse_period(text)


def test_breakdowns_have_one_spelling():
    assert parse_breakdown(" sex=female ; age_band=16-24") == "age_band=16-24;sex=female"
    assert parse_breakdown("") == ""
    for bad in ("sex", "sex=", "Sex Group=x", "sex=a;sex=b"):
        with pytest.raises(ValueError):
            parse_breakdown(bad)


def test_numbers_as_spreadsheets_write_them():
    assert parse_number("1,234.50") == Decimal("1234.50")
    assert parse_number("  ") is None
    for bad in ("12a", "NaN", "inf"):
        with pytest.raises(ValueError):
            parse_number(bad)


def test_clean_rows_work_out_shares():
    result = check(
        ["satisfied", "E05001365", "2021", "", "", "30", "40"],
        ["satisfied", "e08000032", "2021", "sex=female", "62.5", "", ""],
        ["crimes", "E01010569", "2021-Q1", "", "3", "", ""],
    )
    assert result.ok, result.problems
    assert [r.value for r in result.rows] == [Decimal(75), Decimal("62.5"), Decimal(3)]
    assert result.rows[1].area_code == "E08000032"
    assert result.rows[1].breakdown == "sex=female"


def test_every_problem_names_row_column_and_what_is_wrong():
    result = check(
        ["satisfied", "E05999999", "2021", "", "50", "", ""],
        ["nosuch", "E05001365", "2021", "", "1", "", ""],
        ["satisfied", "E01010569", "2021", "", "50", "", ""],
        ["satisfied", "E05001365", "2021", "", "", "41", "40"],
        ["satisfied", "E05001365", "2022", "", "120", "", ""],
        ["satisfied", "E05001365", "2023", "age=old", "50", "", ""],
        ["satisfied", "E05001365", "2023", "sex=other", "50", "", ""],
        ["theirs", "E05001365", "2023", "", "5", "", ""],
        ["crimes", "E05001365", "someday", "", "x", "", ""],
        ["satisfied", "E05001365", "2024", "", "50", "", ""],
        ["satisfied", "E05001365", "2024", "", "51", "", ""],
        ["satisfied", "E05001365", "2025", "", "", "", ""],
        ["satisfied", "E05001365", "2025", "", "90", "20", "40"],
    )
    assert not result.ok and result.rows == []
    found = {(p.row, p.column): p.message for p in result.problems}
    assert found[(2, "area_code")] == "no area has the code 'E05999999'"
    assert found[(3, "indicator")] == "no indicator has the code 'nosuch'"
    assert "is a LSOA" in found[(4, "area_code")]
    assert found[(5, "numerator")] == "the numerator 41 is greater than the denominator 40"
    assert "out of range" in found[(6, "value")]
    assert "not broken down by 'age'" in found[(7, "breakdown")]
    assert "'other' is not a sex" in found[(8, "breakdown")]
    assert "may not upload" in found[(9, "indicator")] and "Fire" in found[(9, "indicator")]
    assert "not a period" in found[(10, "period")] and found[(10, "value")] == "'x' is not a number"
    assert (
        found[(12, "period")] == "row 11 already gives this indicator, area, period and breakdown"
    )
    assert "value is empty" in found[(13, "value")]
    assert "does not match" in found[(14, "value")]
    assert result.problem_count == len(result.problems) == 13


def test_header_problems_stop_before_rows():
    result = check(["x"], header=["indicator", "area", "period", "value", "value"])
    messages = [p.message for p in result.problems]
    assert all(p.row == 1 for p in result.problems)
    assert "the column 'area_code' is missing" in messages
    assert "column 'value' appears twice" in messages
    assert any("unknown column 'area'" in m for m in messages)


def test_an_empty_file_is_rejected():
    assert not check().ok


def test_report_keeps_a_limited_number_but_counts_all():
    rows = [(n, ["nosuch", "E05001365", "2021", "", "1"]) for n in range(2, 3002)]
    result = validate_rows(HEADER, rows, indicators=RULES, areas=AREAS, max_problems=100)
    assert result.problem_count == 3000 and len(result.problems) == 100


def test_100000_rows_validate_whole_with_progress():
    """Every one of 100,000 rows comes back clean, in order, with its value worked out from its
    numerator; progress is reported every 5,000 rows. How fast: benchmarks/measures_upload.py."""
    codes = [f"E05{n:06d}" for n in range(30)]
    areas = {**AREAS, **dict.fromkeys(codes, "ward")}
    rows = [
        (
            n,
            [
                "satisfied",
                codes[n % 30],
                str(2000 + n // 30 % 20),
                f"community=c{n // 600}",
                "",
                str(n % 97),
                "100",
            ],
        )
        for n in range(2, 100_002)
    ]
    seen = []
    result = validate_rows(HEADER, rows, indicators=RULES, areas=areas, progress=seen.append)
    assert result.ok, result.problems[:3]
    assert seen == [*range(5_000, 100_001, 5_000), 100_000]  # and once more at the end
    assert [r.row for r in result.rows] == list(range(2, 100_002))
    last = result.rows[-1]  # row 100,001: n = 100,001
    assert (last.area_code, last.period.code, last.breakdown) == (
        "E05000011",
        "2013",
        "community=c166",
    )
    assert last.value == Decimal(100_001 % 97) and last.denominator == Decimal(100)
    assert all(r.value == r.numerator for r in result.rows)  # out of 100, so the same number
