"""The ``commonground pb`` command, called in-process and as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commonground.pb.cli import main

from .conftest import SMALL

pytestmark = pytest.mark.engine

SRC = Path(__file__).resolve().parents[3]


@pytest.fixture
def small_file(tmp_path) -> Path:
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_compute_json(small_file, capsys):
    assert main(["compute", str(small_file), "--rule", "greedy", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rule"] == "greedy"
    assert data["selected"] == ["a", "b"]  # all tie on 2 approvals: ids in order; c no longer fits
    assert data["total_cost"] == 10
    assert data["budget"] == 10


def test_compute_plain_lists_ids_then_total(small_file, capsys):
    assert main(["compute", str(small_file), "--rule", "mes"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("total cost:")


def test_compare_and_analyse(small_file, capsys):
    assert main(["compare", str(small_file), "--rules", "greedy,mes-add1u,phragmen"]) == 0
    assert "mes-add1u" in capsys.readouterr().out
    assert main(["analyse", str(small_file), "--rule", "mes", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["voters"] == 4
    assert {e["code"] for e in report["explanation"]} == {"a", "b", "c"}
    assert report["ejr_up_to_one"]["checked"]


def test_bad_file_exits_2_with_line(tmp_path, capsys):
    path = tmp_path / "bad.pb"
    path.write_text(SMALL.replace("a;6;Park", "a;six;Park"), encoding="utf-8")
    assert main(["compute", str(path), "--rule", "greedy"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{path}:10:")


def test_subprocess_json_is_pure(small_file):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "commonground.pb.cli",
            "compute",
            str(small_file),
            "--rule",
            "mes-add1u",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(done.stdout)["rule"] == "mes-add1u"


STARTUP_PROBE = """
import json, sys
from commonground.cli import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("rich", "django", "pabutools"))
heavy = ("commonground.pb.analysis", "commonground.pb.explain")
loaded += [m for m in heavy if m in sys.modules]
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def run_probe(*args: str) -> tuple[dict, str]:
    """Run ``commonground ARGS`` in a fresh interpreter; (what it loaded, its stdout)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


@pytest.mark.parametrize("rule", ["greedy", "mes-add1u"])
def test_compute_json_loads_only_what_it_needs(small_file, rule):
    """A plain ``compute --json`` imports neither ``rich`` nor the analysis modules nor
    Django: start-up is NumPy, the reader and the rules."""
    probe, out = run_probe("pb", "compute", str(small_file), "--rule", rule, "--json")
    assert probe == {"code": 0, "loaded": []}
    assert json.loads(out)["rule"] == rule


def test_tables_still_load_rich_when_they_print(small_file):
    probe, out = run_probe("pb", "analyse", str(small_file), "--rule", "mes")
    assert "rich.table" in probe["loaded"]
    assert "commonground.pb.analysis" in probe["loaded"]
    assert "why each project was or was not funded" in out
