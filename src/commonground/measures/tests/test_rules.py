"""The RAG rule, the suppression rule and file reading: pure, no database."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from commonground.measures.rag import Status, rate
from commonground.measures.suppression import is_suppressed
from commonground.measures.tabular import TableError, read_table

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    ("direction", "baseline", "latest", "target", "status", "reason"),
    [
        ("neutral", D(1), D(2), None, Status.NONE, "no_direction"),
        ("higher", None, D(2), None, Status.NONE, "no_baseline"),
        ("higher", D(60), None, None, Status.NONE, "no_new_figure"),
        ("higher", D(60), D(70), D(70), Status.GREEN, "met"),
        ("higher", D(60), D(58), D(70), Status.RED, "worse"),
        ("higher", D(60), D(60), D(70), Status.RED, "no_change"),
        ("lower", D(20), D(19), D(10), Status.AMBER, "behind"),  # 10% of the way, 50% of the time
        ("lower", D(20), D(14), D(10), Status.GREEN, "on_track"),
        ("higher", D(60), D(62), None, Status.GREEN, "better"),
        ("higher", D(60), D("60.5"), None, Status.AMBER, "little_change"),
        ("lower", D(60), D(62), None, Status.RED, "worse"),
    ],
)
def test_rag_rule(direction, baseline, latest, target, status, reason):
    rating = rate(
        direction=direction,
        baseline=baseline,
        latest=latest,
        target=target,
        baseline_date=date(2018, 12, 31),
        latest_date=date(2021, 12, 31),
        target_date=date(2024, 12, 31),
    )
    assert (rating.status, rating.reason) == (status, reason)


def test_a_figure_no_newer_than_the_baseline_is_not_rated():
    rating = rate(
        direction="higher",
        baseline=D(60),
        latest=D(60),
        baseline_date=date(2018, 12, 31),
        latest_date=date(2018, 12, 31),
    )
    assert rating.status == Status.NONE


def test_suppression_rule():
    assert is_suppressed("count", D(4), below=5)
    assert not is_suppressed("count", D(5), below=5)
    assert not is_suppressed("count", D(0), below=5)  # zero identifies nobody
    assert is_suppressed("percent", D(50), D(2), D(4), below=5)
    assert is_suppressed("percent", D(40), D(2), D(5), below=5)
    assert not is_suppressed("percent", D(0), D(0), D(40), below=5)
    assert not is_suppressed("index", D("0.6"), below=5)
    assert not is_suppressed("count", D(1), below=0)


def test_reads_csv_and_xlsx_alike():
    header, rows = read_table(b"\xef\xbb\xbfindicator,period\nx,2021\n\n,\ny,2021/22\n", "a.csv")
    assert header == ["indicator", "period"]
    assert list(rows) == [(2, ["x", "2021"]), (5, ["y", "2021/22"])]
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value"])
    sheet.append(["x", 2021, 12.0])
    sheet.append([None, None, None])
    sheet.append(["y", "2021-Q1", 3.5])
    data = io.BytesIO()
    book.save(data)
    header, rows = read_table(data.getvalue(), "a.XLSX")
    assert list(rows) == [(2, ["x", "2021", "12"]), (4, ["y", "2021-Q1", "3.5"])]


def test_unreadable_files_are_table_errors():
    for content, name in ((b"", "a.csv"), (b"x", "a.pdf"), (b"not a zip", "a.xlsx")):
        with pytest.raises(TableError):
            _header, rows = read_table(content, name)
            list(rows)
