"""Cells every reader would not read the same way, damaged bytes and unbounded options.

Issue 10: Python's ``float`` reads ``1_0`` as ten and ``5,5`` would be 5.5 to a Polish reader
and 55 to an English one, so a count must go through :func:`commonground.numbers.parse_number`;
NUL bytes, ``csv.Error`` and non-UTF-8 bytes must give one line naming the file, the row and
the column; ``--replicates`` must have a ceiling.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from commonground.segregation.cli import MAX_REPLICATES, main

pytestmark = pytest.mark.engine

TABLE = "area,a,b,total\nx,1,2,3\ny,4,5,9\nz,6,0,6\n"
ARGS = ["--area", "area", "--groups", "a,b", "--json"]


def _one_error(capsys, path: Path, *extra: str) -> str:
    code = main([str(path), *ARGS, *extra])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("commonground measures segregation: error: ")
    return err.strip()


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("5,5", "comma"),
        ("1_0", "underscore"),
        ("1e400", "too large"),
        ("nan", "non-numeric"),
        ("0x10", "non-numeric"),
    ],
)
def test_ambiguous_cells_are_refused_with_row_and_column(tmp_path, capsys, cell, fragment):
    path = tmp_path / "t.csv"
    path.write_text(TABLE.replace("y,4,5,9", f'y,"{cell}",5,9'), encoding="utf-8")
    line = _one_error(capsys, path)
    assert f'{path}:3: row 3, column "a"' in line
    assert fragment in line


def test_nul_byte_names_row_and_column(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_bytes(TABLE.replace("y,4,5,9", "y,4,5\x00,9").encode())
    line = _one_error(capsys, path)
    assert f'{path}:3: row 3, column "b"' in line and "NUL" in line


def test_non_utf8_names_row_and_column(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_bytes(TABLE.encode().replace(b"z,6,0,6", b"z\xff,6,0,6"))
    line = _one_error(capsys, path)
    assert f'{path}:4: row 4, column "area"' in line and "UTF-8" in line


def test_csv_error_names_row_and_column(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text(TABLE.replace("y,4,5,9", 'y,4,"5"x,9'), encoding="utf-8")
    line = _one_error(capsys, path)
    assert f'{path}:3: row 3, column "b"' in line


def test_replicates_have_a_ceiling(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text(TABLE, encoding="utf-8")
    line = _one_error(capsys, path, "--intervals", "--replicates", str(MAX_REPLICATES + 1))
    assert "--replicates" in line and f"{MAX_REPLICATES:,}" in line
    assert main([str(path), *ARGS, "--intervals", "--replicates", "50"]) == 0
    assert json.loads(capsys.readouterr().out)["intervals"]


def test_gzip_bomb_is_refused(tmp_path, capsys, monkeypatch):
    from commonground.segregation import tables

    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 1000)
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress((TABLE + "w,1,1,2\n" * 500).encode()))
    line = _one_error(capsys, path)
    assert "larger than" in line


def test_whole_numbers_with_thousands_separators_still_read(tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text('area,a,b\nx,"1,234,567",2\ny,4,"2,345.5"\n', encoding="utf-8")
    assert main([str(path), "--area", "area", "--groups", "a,b", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["multigroup_dissimilarity"] > 0
