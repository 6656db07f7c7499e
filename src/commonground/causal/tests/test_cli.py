"""`commonground evaluate` through ``main([...])``: the contract's JSON and its one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from commonground.causal.cli import main

from .conftest import simulated_rows, write_rows

pytestmark = pytest.mark.engine

COLUMNS = [
    "--unit",
    "ward",
    "--time",
    "year",
    "--outcome",
    "y",
    "--treated",
    "d",
    "--start",
    "2018",
]


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_did_json_has_the_contract_keys(capsys, simulated_csv):
    code, out, err = _run(capsys, simulated_csv, *COLUMNS, "--design", "did", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "estimate", "se", "ci", "n_units", "n_periods", "pre_trend_p"}
    assert data["design"] == "did"
    assert data["ci"][0] < data["estimate"] < data["ci"][1]
    assert (data["n_units"], data["n_periods"]) == (24, 12)


def test_event_study_json_is_keyed_by_event_time(capsys, simulated_csv):
    code, out, _ = _run(capsys, simulated_csv, *COLUMNS, "--design", "event-study", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"design", "coefficients", "se"}
    assert list(data["coefficients"]) == [str(e) for e in range(-8, 4) if e != -1]
    assert data["se"].keys() == data["coefficients"].keys()


def test_synthetic_control_json(capsys, smoking_csv):
    code, out, _ = _run(
        capsys,
        smoking_csv,
        "--unit",
        "state",
        "--time",
        "year",
        "--outcome",
        "cigsale",
        "--treated",
        "treated",
        "--start",
        "1989",
        "--design",
        "synthetic-control",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["placebo_p"] == pytest.approx(3 / 39)
    assert sum(data["weights"].values()) == pytest.approx(1)


def test_text_output_reads(capsys, simulated_csv):
    code, out, _ = _run(capsys, simulated_csv, *COLUMNS, "--design", "did")
    assert code == 0
    assert "95% CI" in out and "pre-trend p" in out


def _one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    return err


def test_missing_column_is_named(capsys, simulated_csv):
    args = [a if a != "y" else "agreement" for a in COLUMNS]
    err = _one_line_error(*_run(capsys, simulated_csv, *args, "--design", "did"))
    assert "no column 'agreement' (for --outcome)" in err
    assert str(simulated_csv) in err


def test_treated_flag_varying_within_a_unit_is_named(capsys, tmp_path):
    rows = simulated_rows()
    rows[5][3] = 1 - rows[5][3]  # U00, 2015
    path = write_rows(tmp_path / "v.csv", ["ward", "year", "y", "d"], rows)
    err = _one_line_error(*_run(capsys, path, *COLUMNS, "--design", "did"))
    assert "line 7" in err and "'U00'" in err and "varies within the unit" in err


def test_bad_number_names_line_and_column(capsys, tmp_path):
    rows = simulated_rows()
    rows[3][2] = "5,5"
    path = write_rows(tmp_path / "n.csv", ["ward", "year", "y", "d"], rows)
    err = _one_line_error(*_run(capsys, path, *COLUMNS, "--design", "event-study"))
    assert "line 5, column 'y'" in err


def test_flag_that_is_not_zero_or_one(capsys, tmp_path):
    rows = simulated_rows()
    rows[0][3] = "yes"
    path = write_rows(tmp_path / "f.csv", ["ward", "year", "y", "d"], rows)
    err = _one_line_error(*_run(capsys, path, *COLUMNS, "--design", "did"))
    assert "line 2, column 'd': 'yes' is not 0 or 1" in err


def test_duplicate_row_is_named(capsys, tmp_path):
    rows = simulated_rows()
    rows.append(list(rows[0]))
    path = write_rows(tmp_path / "d.csv", ["ward", "year", "y", "d"], rows)
    err = _one_line_error(*_run(capsys, path, *COLUMNS, "--design", "did"))
    assert "second row for period '2010'" in err


@pytest.mark.parametrize(
    ("start", "message"), [("2030", "no post-period"), ("2005", "no pre-period")]
)
def test_start_outside_the_data(capsys, simulated_csv, start, message):
    args = [*COLUMNS[:-1], start]
    err = _one_line_error(*_run(capsys, simulated_csv, *args, "--design", "did"))
    assert message in err


def test_usage_errors_are_one_line(capsys, simulated_csv):
    err = _one_line_error(*_run(capsys, simulated_csv, *COLUMNS, "--design", "rdd"))
    assert "--design" in err
    err = _one_line_error(
        *_run(capsys, simulated_csv, *COLUMNS, "--design", "did", "--covariates", "x")
    )
    assert "--covariates applies to --design synthetic-control, or with --start-column" in err
    err = _one_line_error(
        *_run(capsys, simulated_csv, *COLUMNS, "--design", "did", "--control", "not-yet")
    )
    assert "--control applies with --start-column only" in err


def test_help_says_plainly_what_covariates_alone_give(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "California then ranks 3rd of 39 (p = 3/39)" in text
    assert "with --outcome-periods 1975,1980,1988 California ranks 1st of 39 (p = 1/39)" in text


def test_missing_file(capsys, tmp_path):
    err = _one_line_error(*_run(capsys, tmp_path / "nope.csv", *COLUMNS, "--design", "did"))
    assert "nope.csv: cannot open" in err


def test_the_installed_command_runs_without_django(simulated_csv):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = Path(sys.executable).with_name("commonground")
    result = subprocess.run(
        [str(script), "evaluate", str(simulated_csv), *COLUMNS, "--design", "did", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["design"] == "did"


def _covariate_panel(path: Path) -> Path:
    rng = np.random.default_rng(5)
    rows = []
    for i in range(10):
        level, x = rng.normal(50, 5), rng.normal(0, 1)
        for t in range(8):
            y = level + t + 2 * x + rng.normal(0, 0.5) - (3 if i == 0 and t >= 6 else 0)
            rows.append([f"W{i}", 2010 + t, round(float(y), 4), int(i == 0), round(float(x), 4)])
    return write_rows(path, ["ward", "year", "y", "d", "x"], rows)


def test_synthetic_control_with_covariates_and_outcome_periods(capsys, tmp_path):
    path = _covariate_panel(tmp_path / "cov.csv")
    args = [*COLUMNS[:-1], "2016", "--design", "synthetic-control", "--covariates", "x"]
    code, out, err = _run(capsys, path, *args, "--outcome-periods", "2011,2015", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "weights", "pre_rmspe", "estimate", "gaps", "placebo_p"}
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    code, out, err = _run(capsys, path, *args, "--outcome-periods", "2011,2015")
    assert code == 0, err
    assert "predictor weights (V):" in out
    assert "outcome 2015:" in out


def test_outcome_periods_are_checked(capsys, tmp_path):
    path = _covariate_panel(tmp_path / "cov.csv")
    base = [*COLUMNS[:-1], "2016", "--design", "synthetic-control"]
    err = _one_line_error(*_run(capsys, path, *base, "--outcome-periods", "2011"))
    assert "--outcome-periods applies with --design synthetic-control --covariates only" in err
    err = _one_line_error(
        *_run(capsys, path, *base, "--covariates", "x", "--outcome-periods", "2017")
    )
    assert "'2017' is not before the start" in err


def _staggered_csv(path: Path) -> Path:
    rng = np.random.default_rng(9)
    rows = []
    for i in range(18):
        first = {0: 2013, 1: 2016}.get(i % 3, "")
        level = rng.normal(30, 3)
        for year in range(2010, 2020):
            effect = 2.0 if first and year >= first else 0.0
            y = level + 0.5 * (year - 2010) + effect + rng.normal(0, 0.2)
            rows.append([f"W{i:02d}", year, round(float(y), 4), int(bool(first)), first])
    return write_rows(path, ["ward", "year", "y", "d", "first"], rows)


STAGGERED = ["--unit", "ward", "--time", "year", "--outcome", "y", "--treated", "d"]


def test_staggered_did_and_event_study_keep_the_contract_json(capsys, tmp_path):
    path = _staggered_csv(tmp_path / "s.csv")
    args = [*STAGGERED, "--start-column", "first"]
    code, out, err = _run(capsys, path, *args, "--design", "did", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "estimate", "se", "ci", "n_units", "n_periods", "pre_trend_p"}
    assert data["ci"][0] < 2.0 < data["ci"][1]
    assert (data["n_units"], data["n_periods"]) == (18, 10)
    code, out, err = _run(
        capsys, path, *args, "--start", "2013", "--design", "event-study", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "coefficients", "se"}
    assert "-1" not in data["coefficients"]
    assert data["coefficients"]["0"] == pytest.approx(2.0, abs=0.5)
    code, out, err = _run(capsys, path, *args, "--design", "event-study")
    assert code == 0, err
    assert "Callaway and Sant'Anna" in out
    assert "2013 (6), 2016 (6); never treated: 6" in out


def test_staggered_not_yet_treated_and_covariates(capsys, tmp_path):
    path = _staggered_csv(tmp_path / "s.csv")
    args = [*STAGGERED, "--start-column", "first", "--design", "did"]
    never = json.loads(_run(capsys, path, *args, "--json")[1])
    code, out, err = _run(capsys, path, *args, "--control", "not-yet", "--json")
    assert code == 0, err
    not_yet = json.loads(out)
    assert not_yet["ci"][0] < 2.0 < not_yet["ci"][1]
    assert not_yet["estimate"] != never["estimate"]  # the 2016 wards joined 2013's comparison
    code, out, err = _run(capsys, path, *args, "--control", "not-yet")
    assert "not-yet-treated units as the comparison" in out
    rows = [line.split(",") for line in path.read_text().splitlines()]
    rng = np.random.default_rng(1)
    by_ward = {w: round(float(rng.normal()), 4) for w in {r[0] for r in rows[1:]}}
    with_x = write_rows(
        tmp_path / "x.csv", [*rows[0], "x"], [[*r, by_ward[r[0]]] for r in rows[1:]]
    )
    code, out, err = _run(capsys, with_x, *args, "--covariates", "x")
    assert code == 0, err
    assert "adjusted for: x (outcome regression)" in out


def test_staggered_refusals_are_one_line(capsys, tmp_path):
    path = _staggered_csv(tmp_path / "s.csv")
    err = _one_line_error(*_run(capsys, path, *STAGGERED, "--design", "did"))
    assert "required: --start" in err
    args = [*STAGGERED, "--start-column", "first"]
    err = _one_line_error(*_run(capsys, path, *args, "--design", "synthetic-control"))
    assert "--start-column applies to --design did and event-study only" in err
    err = _one_line_error(*_run(capsys, path, *args, "--start", "2016", "--design", "did"))
    assert "is not the earliest start" in err
    err = _one_line_error(
        *_run(capsys, path, *STAGGERED, "--start-column", "begin", "--design", "did")
    )
    assert "no column 'begin' (for --start-column)" in err
