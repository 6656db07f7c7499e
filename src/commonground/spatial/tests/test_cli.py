"""The ``commonground safety hotspots`` contract: JSON shape, zeros for missing areas, and
one-line errors (exit 2) naming file, line and column."""

import json
import subprocess
import sys

import pytest

from commonground.spatial.cli_hotspots import main
from commonground.testing.purity import django_imports, loads_django

pytestmark = pytest.mark.engine


def _run(capsys, *argv):
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _csv(tmp_path, text, name="counts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_lsoa_is_in_the_output(tmp_path, capsys):
    path = _csv(tmp_path, "area,n\nE01010568,12\nE01010569,0\n")
    status, out, err = _run(capsys, path, "--area", "area", "--count", "n", "--json")
    assert status == 0, err
    areas = json.loads(out)["areas"]
    assert len(areas) == 310
    assert set(areas["E01010568"]) == {"z", "p", "class"}
    assert areas["E01010568"]["class"] == "hot"
    assert all(isinstance(v["z"], float) and 0 <= v["p"] <= 1 for v in areas.values())


def test_no_counts_at_all_gives_null_values(tmp_path, capsys):
    path = _csv(tmp_path, "area,n\n")
    status, out, _ = _run(capsys, path, "--area", "area", "--count", "n", "--json")
    assert status == 0
    areas = json.loads(out)["areas"]
    assert len(areas) == 310
    assert {json.dumps(v) for v in areas.values()} == {'{"z": null, "p": null, "class": null}'}


@pytest.mark.parametrize("cell", ["2.5", "abc", "", "-3", "1e-3", "5,5"])
def test_non_integer_count_names_file_line_and_column(tmp_path, capsys, cell):
    path = _csv(tmp_path, f'area,n\nE01010568,4\n"E01010569","{cell}"\n')
    status, out, err = _run(capsys, path, "--area", "area", "--count", "n", "--json")
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert f'{path}:3: column "n"' in err


def test_whole_numbers_written_as_decimals_are_accepted(tmp_path, capsys):
    path = _csv(
        tmp_path, "area,n\nE01010568,4.0\nE01010569,1,200.0\n".replace("1,200.0", '"1,200.0"')
    )
    status, out, err = _run(capsys, path, "--area", "area", "--count", "n", "--json")
    assert status == 0, err
    assert json.loads(out)["areas"]["E01010569"]["class"] == "hot"


@pytest.mark.parametrize("flag", ["--area", "--count"])
def test_missing_column_names_file_line_and_column(tmp_path, capsys, flag):
    path = _csv(tmp_path, "area,n\nE01010568,4\n")
    argv = {"--area": "area", "--count": "n", flag: "missing"}
    status, out, err = _run(capsys, path, *[x for kv in argv.items() for x in kv], "--json")
    assert status == 2
    assert out == ""
    assert err.strip().splitlines() == [
        f'commonground safety hotspots: error: {path}:1: column "missing" is not in the '
        "header (it has 'area', 'n')"
    ]


def test_short_row_names_the_column(tmp_path, capsys):
    path = _csv(tmp_path, "area,n\nE01010568,4\nE01010569\n")
    status, _, err = _run(capsys, path, "--area", "area", "--count", "n")
    assert status == 2
    assert f'{path}:4: column "n"' not in err
    assert f'{path}:3: column "n"' in err


def test_unknown_codes_are_left_out_with_a_note(tmp_path, capsys):
    path = _csv(tmp_path, "area,n\nE01010568,4\nE09999999,7\n")
    status, out, err = _run(capsys, path, "--area", "area", "--count", "n", "--json")
    assert status == 0
    assert "E09999999" not in json.loads(out)["areas"]
    assert "E09999999 (line 3)" in err


def test_missing_file_is_one_line(tmp_path, capsys):
    status, _, err = _run(capsys, tmp_path / "nope.csv", "--area", "a", "--count", "n")
    assert status == 2
    assert "nope.csv: no such file" in err


def test_text_output_lists_hot_spots(tmp_path, capsys):
    path = _csv(tmp_path, "area,n\nE01010568,40\n")
    status, out, _ = _run(capsys, path, "--area", "area", "--count", "n")
    assert status == 0
    assert out.startswith("310 areas: ")
    assert "hot  E01010568" in out


def test_through_the_commonground_command(tmp_path):
    path = _csv(tmp_path, "area,n\nE01010568,3.5\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "commonground.cli",
            "safety",
            "hotspots",
            str(path),
            "--area",
            "area",
            "--count",
            "n",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f'{path}:2: column "n"' in done.stderr


def test_package_is_free_of_django():
    from pathlib import Path

    import commonground.spatial

    assert django_imports(Path(commonground.spatial.__file__).parent) == []
    assert not loads_django("from commonground.spatial.cli_hotspots import main")
