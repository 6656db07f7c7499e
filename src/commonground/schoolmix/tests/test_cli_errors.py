"""Bad files and bad options: exit 2, one line naming the file, the line and the column."""

from pathlib import Path

import pytest

from commonground.schoolmix import cli_link, cli_segregation

from .conftest import read_rows, write_rows

pytestmark = pytest.mark.engine

IRISH = "number of pupils classified as Irish ethnic origin"
HEADCOUNT = "headcount of pupils"


def _error(capsys: pytest.CaptureFixture[str], main, *argv: str) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.mark.parametrize("main", [cli_link.main, cli_segregation.main])
def test_missing_column_names_header_line(tmp_path: Path, schools_csv: Path, capsys, main) -> None:
    header, rows = read_rows(schools_csv)
    k = header.index(IRISH)
    bad = write_rows(
        tmp_path / "bad.csv", header[:k] + header[k + 1 :], [r[:k] + r[k + 1 :] for r in rows]
    )
    extra = ["--max-km", "5"] if main is cli_link.main else []
    line = _error(capsys, main, bad, *extra)
    assert str(bad) in line and "line 1" in line and f'"{IRISH}"' in line


def test_non_numeric_count_names_line_and_column(tmp_path: Path, schools_csv: Path, capsys) -> None:
    header, rows = read_rows(schools_csv)
    col = "number of pupils classified as Pakistani ethnic origin"
    rows[6][header.index(col)] = "lots"
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    line = _error(capsys, cli_segregation.main, bad)
    assert f'{bad}: line 8, column "{col}"' in line and "'lots'" in line


def test_headcount_not_sum_of_groups(tmp_path: Path, schools_csv: Path, capsys) -> None:
    header, rows = read_rows(schools_csv)
    rows[2][header.index(HEADCOUNT)] = str(int(rows[2][header.index(HEADCOUNT)]) + 1)
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    line = _error(capsys, cli_link.main, bad, "--max-km", "5")
    assert f'{bad}: line 4, column "{HEADCOUNT}"' in line and "is not the sum" in line


def test_column_header_as_written(tmp_path: Path, schools_csv: Path, capsys) -> None:
    header, rows = read_rows(schools_csv)
    header[header.index("lat")] = " lat "
    rows[0][header.index(" lat ")] = "north"
    bad = write_rows(tmp_path / "bad.csv", header, rows)
    line = _error(capsys, cli_segregation.main, bad)
    assert 'line 2, column " lat "' in line


@pytest.mark.parametrize("km", ["0", "-3", "nan"])
def test_distance_must_be_above_zero(schools_csv: Path, capsys, km: str) -> None:
    line = _error(capsys, cli_link.main, schools_csv, f"--max-km={km}")
    assert "--max-km" in line


def test_missing_file(tmp_path: Path, capsys) -> None:
    line = _error(capsys, cli_segregation.main, tmp_path / "none.csv")
    assert "none.csv: line 1" in line
