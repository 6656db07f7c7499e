"""`commonground measures segregation` through ``main([...])``: JSON, text, errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commonground.segregation.cli import main

from .conftest import PAKISTANI, WARD_TOTAL, WHITE_BRITISH

pytestmark = pytest.mark.engine

TWO_GROUP_KEYS = {"dissimilarity", "isolation", "exposure", "theil_h"}
MULTIGROUP_KEYS = {
    "multigroup_dissimilarity",
    "multigroup_theil_h",
    "relative_diversity",
    "normalised_exposure",
}
LSOA_LONG = ["--area", "lsoa21_code", "--long", "ethnic_group,n"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _error_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("commonground measures segregation: error: ")
    return err.strip()


def test_two_group_json(capsys: pytest.CaptureFixture[str], ward_file: Path) -> None:
    code, out, err = _run(
        capsys,
        ward_file,
        "--area",
        "geography code",
        "--groups",
        PAKISTANI,
        "--total",
        WARD_TOTAL,
        "--json",
    )
    assert code == 0, err
    values = json.loads(out)
    assert set(values) == TWO_GROUP_KEYS
    assert values["isolation"] == pytest.approx(0.484, abs=5e-4)
    assert values["exposure"] == pytest.approx(1 - values["isolation"], rel=1e-12)


def test_pair_as_two_groups_gives_reference_d(
    capsys: pytest.CaptureFixture[str], ward_file: Path
) -> None:
    # Two groups without --total: the multigroup D over the pair is D Pakistani vs White British.
    groups = f"{PAKISTANI},{WHITE_BRITISH}"
    code, out, _ = _run(capsys, ward_file, "--area", "geography code", "--groups", groups, "--json")
    assert code == 0
    values = json.loads(out)
    assert set(values) == MULTIGROUP_KEYS
    assert values["multigroup_dissimilarity"] == pytest.approx(0.672, abs=5e-4)


def test_multigroup_json_from_long_table(
    capsys: pytest.CaptureFixture[str], lsoa_file: Path
) -> None:
    code, out, _ = _run(capsys, lsoa_file, *LSOA_LONG, "--total", "total_residents", "--json")
    assert code == 0
    values = json.loads(out)
    assert set(values) == MULTIGROUP_KEYS
    assert values["multigroup_dissimilarity"] == pytest.approx(0.594, abs=5e-4)
    assert values["multigroup_theil_h"] == pytest.approx(0.315, abs=5e-4)


def test_json_intervals_and_location_quotients(
    capsys: pytest.CaptureFixture[str], lsoa_file: Path
) -> None:
    code, out, _ = _run(
        capsys,
        lsoa_file,
        *LSOA_LONG,
        "--json",
        "--intervals",
        "--replicates",
        "200",
        "--seed",
        "1",
        "--location-quotients",
    )
    assert code == 0
    values = json.loads(out)
    assert set(values) == MULTIGROUP_KEYS | {"intervals", "location_quotients"}
    d = values["intervals"]["multigroup_dissimilarity"]
    assert d["low"] <= values["multigroup_dissimilarity"] <= d["high"]
    assert d["replicates"] == 200
    assert len(values["location_quotients"]) == 312
    assert len(values["location_quotients"]["E01010568"]) == 5


def test_text_table_with_intervals(capsys: pytest.CaptureFixture[str], ward_file: Path) -> None:
    code, out, _ = _run(
        capsys,
        ward_file,
        "--area",
        "geography code",
        "--groups",
        PAKISTANI,
        "--total",
        WARD_TOTAL,
        "--replicates",
        "100",
    )
    assert code == 0
    assert "30 areas" in out
    assert "95% interval" in out
    assert "100 bootstrap replicates" in out
    for key in TWO_GROUP_KEYS:
        assert key in out
    assert "0.484087" in out


def test_groups_short_of_total_add_a_remainder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("area,a,b,t\nx,5,0,10\ny,0,5,10\n")
    code, out, _ = _run(capsys, path, "--area", "area", "--groups", "a,b", "--total", "t")
    assert code == 0
    assert 'rest of "t"' in out
    assert "Note: the groups add up to less than the total in 2 of 2 areas" in out
    argv = [path, "--area", "area", "--groups", "a,b", "--total", "t", "--json"]
    code, out, err = _run(capsys, *argv)
    assert set(json.loads(out)) == MULTIGROUP_KEYS
    assert err.startswith("commonground measures segregation: note: the groups add up")


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: commonground measures segregation")


def test_bad_column(capsys: pytest.CaptureFixture[str], ward_file: Path) -> None:
    line = _error_line(capsys, ward_file, "--area", "ward", "--groups", PAKISTANI, "--json")
    assert 'unknown column "ward"' in line
    line = _error_line(
        capsys, ward_file, "--area", "geography code", "--groups", "Pakistan", "--json"
    )
    assert 'unknown column "Pakistan"' in line


def test_not_a_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Some notes about the data\nwith no table in them\n")
    line = _error_line(capsys, path, "--area", "area", "--groups", "a", "--json")
    assert "not a CSV table" in line
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    assert "not a CSV table" in _error_line(capsys, binary, "--area", "a", "--groups", "b")


def test_non_numeric_cell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("area,a,t\nx,1,3\ny,2,4\nz,lots,5\n")
    line = _error_line(capsys, path, "--area", "area", "--groups", "a", "--total", "t", "--json")
    assert line.endswith(f'{path}:4: row 4, column "a": non-numeric cell "lots"')


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--groups", "a"], "one group needs --total"),
        ([], "--groups is required"),
        (["--groups", "a", "--total", "t", "--confidence", "2"], "--confidence"),
        (["--groups", "a", "--total", "t", "--bogus"], "unrecognized arguments: --bogus"),
        (["--groups", "a", "--long", "only_one"], "--long needs GROUP_COLUMN,COUNT_COLUMN"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], expected: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("area,a,t\nx,1,3\n")
    assert expected in _error_line(capsys, path, "--area", "area", *extra)


def test_missing_required_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert "required" in _error_line(capsys, "--json")


def test_package_imports_neither_django_nor_pandas() -> None:
    src = Path(__file__).resolve().parents[3]
    code = (
        "import sys, commonground.segregation, commonground.segregation.cli; "
        "print(sorted(m for m in ('django', 'pandas') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


def test_text_notes_intervals_that_exclude_the_estimate(
    capsys: pytest.CaptureFixture[str], lsoa_file: Path
) -> None:
    mixed = "Mixed or Multiple ethnic groups"
    argv = [*LSOA_LONG, "--groups", mixed, "--total", "total_residents", "--replicates", "300"]
    code, out, _ = _run(capsys, lsoa_file, *argv)
    assert code == 0
    assert "Note: the intervals of dissimilarity and theil_h exclude their estimates" in out
