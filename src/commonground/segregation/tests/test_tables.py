"""Reading wide and long CSV tables, pivoting, and the one-line errors naming file, line, column."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from commonground.segregation import (
    TableError,
    pivot_long,
    read_long_table,
    read_table,
    split_names,
)

from .conftest import PAKISTANI, WARD_TOTAL, WHITE_BRITISH

pytestmark = pytest.mark.engine


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(call, *args, **kwargs) -> str:
    with pytest.raises(TableError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- wide


def test_read_wide(tmp_path: Path) -> None:
    path = _write(tmp_path, "area,a,b,t\nx,1,2,4\ny,3,0.5,5\n")
    table = read_table(path, area="area", groups=["a", "b"], total="t")
    assert table.areas == ("x", "y")
    assert table.groups == ("a", "b")
    np.testing.assert_array_equal(table.counts, [[1, 2], [3, 0.5]])
    np.testing.assert_array_equal(table.total, [4, 5])
    assert table.total_column == "t"


def test_read_gzip_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress("\ufeffarea,a,b\nx,1,2\n".encode()))
    table = read_table(path, area="area", groups="a,b")
    np.testing.assert_array_equal(table.counts, [[1, 2]])


def test_group_names_with_commas(ward_file: Path) -> None:
    # Unquoted: pieces are rejoined into known column names; quoted CSV-style also works.
    unquoted = f"{PAKISTANI},{WHITE_BRITISH}"
    quoted = f'"{PAKISTANI}","{WHITE_BRITISH}"'
    for text in (unquoted, quoted):
        table = read_table(ward_file, area="geography code", groups=text, total=WARD_TOTAL)
        assert table.groups == (PAKISTANI, WHITE_BRITISH)


def test_split_names() -> None:
    known = ["a, b", "c", "a"]
    assert split_names("a, b,c", known) == ["a, b", "c"]
    assert split_names('"a",c', known) == ["a", "c"]
    assert split_names("zz,c", known) == ["zz", "c"]


def test_unknown_column_names_file_and_suggests(ward_file: Path) -> None:
    message = _error(read_table, ward_file, area="geography code", groups="Pakistani")
    assert str(ward_file) in message
    assert 'unknown column "Pakistani"' in message
    assert f'did you mean "{PAKISTANI}"' in message
    message = _error(read_table, ward_file, area="geography", groups=[PAKISTANI], total="Total")
    assert 'unknown column "Total"' in message


def test_non_numeric_cell_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "area,a,b\nx,1,2\ny,1,n/a\n")
    message = _error(read_table, path, area="area", groups="a,b")
    assert message == f'{path}:3: row 3, column "b": non-numeric cell "n/a"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("area,a\nx,-3\n", ':2: row 2, column "a": negative count -3'),
        ("area,a\nx,\n", ':2: row 2, column "a": empty cell'),
        ("area,a\nx,inf\n", ':2: row 2, column "a": non-numeric cell "inf"'),
        ("area,a\nx,1\nx,2\n", ':3: area "x" appears again (first on line 2)'),
        ("area,a\n,1\n", ':2: row 2, column "area": empty area id'),
        ("area,a\nx,1,2\n", ":2: not a CSV table (expected 2 fields"),
        ("area,a,a\nx,1,2\n", 'column "a" appears more than once'),
    ],
)
def test_cell_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    assert expected in _error(read_table, path, area="area", groups=["a"])


def test_groups_exceeding_total(tmp_path: Path) -> None:
    path = _write(tmp_path, "area,a,b,t\nx,1,2,3\ny,3,2,4\n")
    message = _error(read_table, path, area="area", groups="a,b", total="t")
    assert message.startswith(f'{path}:3: area "y": groups add up to 5, more than the total "t"')


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"just one column\nof text\n", "not a CSV table (the header has one column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not a CSV table"),
        (b'{"area": 1, "a": [1, 2]}\n', "not a CSV table (no data rows"),
        (b'area,a\n"x,1\n', "not a CSV table"),
    ],
    ids=["empty", "prose", "binary", "json", "bad-quote"],
)
def test_not_a_table(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert expected in _error(read_table, path, area="area", groups=["a"])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in _error(read_table, tmp_path / "nope.csv", area="a", groups="b")
    assert "is a directory" in _error(read_table, tmp_path, area="a", groups="b")


# --------------------------------------------------------------------------- long


LONG = """area,total,group,n
x,10,a,3
x,10,b,7
y,5,a,5
y,5,b,0
"""


def test_pivot_long() -> None:
    records = [("x", "a", 3.0), ("x", "b", 7.0), ("y", "b", 0.0), ("y", "a", 5.0)]
    areas, groups, matrix = pivot_long(records)
    assert areas == ["x", "y"]
    assert groups == ["a", "b"]
    np.testing.assert_array_equal(matrix, [[3, 7], [5, 0]])
    _, groups, matrix = pivot_long(records, groups=["b"])
    assert groups == ["b"]
    np.testing.assert_array_equal(matrix, [[7], [0]])


def test_pivot_long_rejects_gaps_and_repeats() -> None:
    with pytest.raises(ValueError, match='area "y" has no count for group "b"'):
        pivot_long([("x", "a", 1.0), ("x", "b", 1.0), ("y", "a", 1.0)])
    with pytest.raises(ValueError, match="more than one count"):
        pivot_long([("x", "a", 1.0), ("x", "a", 2.0)])


def test_read_long(tmp_path: Path) -> None:
    path = _write(tmp_path, LONG)
    table = read_long_table(
        path, area="area", group_column="group", count_column="n", total="total"
    )
    assert table.areas == ("x", "y")
    assert table.groups == ("a", "b")
    np.testing.assert_array_equal(table.counts, [[3, 7], [5, 0]])
    np.testing.assert_array_equal(table.total, [10, 5])
    only_b = read_long_table(path, area="area", group_column="group", count_column="n", groups="b")
    np.testing.assert_array_equal(only_b.counts, [[7], [0]])


def test_read_long_matches_wide(lsoa_file: Path) -> None:
    table = read_long_table(
        lsoa_file, area="lsoa21_code", group_column="ethnic_group", count_column="n"
    )
    assert table.counts.shape == (312, 5)
    assert table.counts.sum() == 546433


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            LONG.replace("y,5,b,0", "y,5,b,zero"),
            {},
            ':5: row 5, column "n": non-numeric cell "zero"',
        ),
        (
            LONG.replace("y,5,b,0", "y,6,b,0"),
            {"total": "total"},
            ':5: row 5, column "total": area "y"',
        ),
        (LONG.replace("y,5,b,0", "y,5,a,0"), {}, ':5: area "y" has a second row for "a"'),
        (LONG.replace("y,5,b,0\n", ""), {}, 'area "y" has no count for group "b"'),
        (LONG, {"groups": "a,c"}, 'unknown group "c" in column "group"'),
        (LONG, {"total": "t"}, 'unknown column "t"'),
        (LONG.replace("y,5,a,5", "y,5,a,6"), {"total": "total"}, "groups add up to 6"),
    ],
)
def test_long_errors(tmp_path: Path, text: str, kwargs: dict, expected: str) -> None:
    path = _write(tmp_path, text)
    message = _error(
        read_long_table, path, area="area", group_column="group", count_column="n", **kwargs
    )
    assert expected in message
    assert message.startswith(str(path))
