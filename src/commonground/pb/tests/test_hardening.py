"""Bad .pb files and degenerate elections: one ``FILE:LINE: what`` line, exit 2, bounded runs.

Each case is a finding of issue 10: a file that used to give a traceback, a hang, or a result
on a silently different election.  The reader must refuse it with one line naming the file,
the line and what is wrong; the rules must finish on any election the reader accepts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from commonground.pb import RULES, Election, PabulibError, compute, read_pb, read_pb_string
from commonground.pb.cli import main
from commonground.pb.mes import Add1LimitError, MESEngine, mes_add1
from commonground.pb.profile import build_profile
from commonground.pb.tiebreak import tie_break_ranks

from .conftest import SMALL, pabulib_dir

pytestmark = pytest.mark.engine

SRC = Path(__file__).resolve().parents[3]
PB_CLI = [sys.executable, "-m", "commonground.pb.cli"]


def _refused(tmp_path: Path, capsys, data: bytes | str, line: int | None, fragment: str) -> str:
    """Run the CLI on ``data``; assert exit 2 and one stderr line ``FILE:LINE: …fragment…``."""
    path = tmp_path / "mutant.pb"
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    code = main(["compute", str(path), "--rule", "mes-add1u", "--json"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    prefix = f"{path}:{line}:" if line is not None else f"{path}:"
    assert lines[0].startswith(prefix), lines[0]
    assert fragment in lines[0], lines[0]
    return lines[0]


# ------------------------------------------------------------------ bytes and CSV
def test_non_utf8_byte_names_its_line(tmp_path, capsys):
    data = SMALL.encode("utf-8").replace(b"Bikes", b"B\xffkes")
    _refused(tmp_path, capsys, data, 12, "not UTF-8")


def test_nul_byte_names_its_line(tmp_path, capsys):
    _refused(tmp_path, capsys, SMALL.replace("2;a\n", "2;a\x00\n"), 16, "NUL")


def test_nul_in_a_string_is_refused():
    with pytest.raises(PabulibError, match="NUL"):
        read_pb_string(SMALL.replace("Park", "Pa\x00rk"))


def test_csv_field_too_large_is_one_line(tmp_path, capsys):
    _refused(tmp_path, capsys, SMALL.replace("Park", "P" * 200_000), 10, "field")


def test_endless_input_is_bounded(capsys):
    assert main(["compute", "/dev/zero", "--rule", "greedy", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("/dev/zero: larger than 256 MiB") and err.count("\n") == 1


def test_empty_file(tmp_path, capsys):
    _refused(tmp_path, capsys, b"", 1, "empty")


# ------------------------------------------------------------------ numbers
@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("a;6;Park", "a;1e400;Park", 10, "too large"),
        ("a;6;Park", "a;" + "1" + "0" * 100 + ";Park", 10, "too large"),
        ("a;6;Park", "a;0;Park", 10, "must be more than 0"),
        ("a;6;Park", "a;-6;Park", 10, "negative"),
        ("a;6;Park", "a;5,5;Park", 10, "comma"),
        ("a;6;Park", "a;1_0;Park", 10, "underscore"),
        ("a;6;Park", "a;;Park", 10, "empty"),
        ("budget;10", "budget;0", 6, "must be more than 0"),
        ("budget;10", "budget;inf", 6, "not a number"),
        ("num_votes;4", "num_votes;4.5", 5, "whole number"),
        ("num_votes;4", "num_votes;99999999999999999999999", 5, "num_votes"),
    ],
)
def test_bad_numbers(tmp_path, capsys, old, new, line, fragment):
    assert old in SMALL
    _refused(tmp_path, capsys, SMALL.replace(old, new), line, fragment)


# ------------------------------------------------------------------ META counts
def test_dropped_vote_line_with_true_meta_is_refused(tmp_path, capsys):
    """Meaning changed (a voter lost): refused, never a result on fewer voters."""
    _refused(tmp_path, capsys, SMALL.replace("2;a\n", ""), 5, "num_votes")


def test_dropped_project_line_is_refused(tmp_path, capsys):
    text = SMALL.replace("c;5;Bikes\n", "").replace("3;b,c", "3;b").replace("4;c", "4;b")
    _refused(tmp_path, capsys, text, 4, "num_projects")


def test_meta_counts_are_required(tmp_path, capsys):
    _refused(tmp_path, capsys, SMALL.replace("num_votes;4\n", ""), None, "num_votes")


def test_file_cut_at_a_row_boundary_is_refused(tmp_path, capsys):
    _refused(tmp_path, capsys, SMALL[: SMALL.index("3;b,c")], 5, "num_votes")


def test_real_file_cut_at_a_row_boundary_is_refused(tmp_path, capsys):
    lines = (pabulib_dir() / "Poland_Warszawa_2026.pb").read_bytes().splitlines(keepends=True)
    _refused(tmp_path, capsys, b"".join(lines[:-200]), None, "num_votes")


# ------------------------------------------------------------------ ballots against META
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (SMALL.replace("vote_type;approval", "vote_type;approval\nmax_length;1"), "max_length"),
        (SMALL.replace("vote_type;approval", "vote_type;approval\nmin_length;2"), "min_length"),
        (SMALL.replace("vote_type;approval", "vote_type;approval\nmax_length;x"), "max_length"),
        (
            SMALL.replace("vote_type;approval", "vote_type;approval\nmin_length;3\nmax_length;2"),
            "min_length",
        ),
        (
            SMALL.replace("vote_type;approval", "vote_type;approval\nmax_length;" + "9" * 30),
            "max_length",
        ),
        (SMALL.replace("vote_type;approval", "vote_type;ordinal\nmax_length;1"), "max_length"),
        (
            SMALL.replace("vote_type;approval", "vote_type;approval\nmax_sum_cost;-1"),
            "max_sum_cost",
        ),
        (
            SMALL.replace(
                "vote_type;approval", "vote_type;approval\nmin_project_score_threshold;abc"
            ),
            "min_project_score_threshold",
        ),
        (SMALL.replace("4;c\n", "4;\n"), ""),  # an empty ballot is allowed without min_length
    ],
)
def test_ballots_are_checked_against_meta(tmp_path, capsys, text, fragment):
    path = tmp_path / "meta.pb"
    path.write_text(text, encoding="utf-8")
    code = main(["compute", str(path), "--rule", "mes-add1u", "--json"])
    out, err = capsys.readouterr()
    if not fragment:
        assert code == 0, err
        return
    assert code == 2, out
    assert len(err.splitlines()) == 1 and err.startswith(f"{path}:")
    assert fragment in err


CUMULATIVE = """META
key;value
num_projects;2
num_votes;2
budget;10
vote_type;cumulative
max_points;3
max_sum_points;4
PROJECTS
project_id;cost
a;5
b;5
VOTES
voter_id;vote;points
1;a,b;3,1
2;a;2
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("2;a;2", "2;a;4", 16, "max_points"),
        ("1;a,b;3,1", "1;a,b;3,3", 15, "max_sum_points"),
        ("2;a;2", "2;a;1e400", 16, "too large"),
        ("2;a;2", "2;a;-2", 16, "negative"),
        ("2;a;2", "2;a;x", 16, "not a number"),
        ("2;a;2", "1;a;2", 16, "listed twice"),
        ("2;a;2", ";a;2", 16, "empty voter_id"),
        ("max_points;3", "max_points;abc", 7, "max_points"),
    ],
)
def test_points_are_checked(tmp_path, capsys, old, new, line, fragment):
    assert old in CUMULATIVE
    _refused(tmp_path, capsys, CUMULATIVE.replace(old, new), line, fragment)


def test_valid_cumulative_file_still_reads():
    election = read_pb_string(CUMULATIVE)
    assert election.ballot(0) == {"a": Fraction(3), "b": Fraction(1)}


def test_every_shared_file_passes_the_checks(pb_files):
    for path in pb_files:
        election = read_pb(path)
        assert election.num_voters == int(election.meta["num_votes"])


# ------------------------------------------------------------------ bounded rules
def _pathological(voters: int = 30) -> Election:
    """Budapest 2024 cut to 30 voters (META counts fixed): Add1 used to step one forint at a
    time for ever (certificates are void with so many exact ties)."""
    lines = (pabulib_dir() / "Hungary_Budapest_2024.pb").read_text("utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith("voter_id"))) + 1
    text = "\n".join(lines[: start + voters]) + "\n"
    text = text.replace("num_votes;28943", f"num_votes;{voters}")
    return read_pb_string(text)


def test_add1_loop_is_bounded_with_a_clear_error():
    profile = build_profile(_pathological())
    ranks = tie_break_ranks(profile.ids, profile.costs, profile.num_supporters.tolist())
    with pytest.raises(Add1LimitError, match="Add1") as caught:
        mes_add1(MESEngine(profile, ranks), work_limit=5_000_000)
    assert isinstance(caught.value, ValueError)


def test_cli_on_pathological_add1_finishes_with_one_line(tmp_path):
    election = _pathological()
    from commonground.pb import write_pb

    path = tmp_path / "thirty.pb"
    write_pb(election, path)
    done = subprocess.run(
        [*PB_CLI, "compute", str(path), "--rule", "mes-add1u", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=30,
        check=False,
    )
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 0:
        json.loads(done.stdout)
    else:
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(f"{path}:")


DEGENERATE = {
    "no voters": Election.build([{"id": "a", "cost": 5}, {"id": "b", "cost": 3}], [], 10),
    "all-zero costs": Election.build(
        [{"id": "a", "cost": 0}, {"id": "b", "cost": 0}], [["a"], ["b"], ["a", "b"]], 10
    ),
    "one project": Election.build([{"id": "a", "cost": 5}], [["a"]], 10),
    "no projects": Election.build([], [[], []], 10),
    "empty ballots": Election.build([{"id": "a", "cost": 5}], [[], []], 10),
    "zero points": Election.build([{"id": "a", "cost": 5}], [{"a": 0}], 10, vote_type="cumulative"),
    "huge budget": Election.build(
        [{"id": "a", "cost": 5}, {"id": "b", "cost": 7}], [["a"], ["b"]], 10**15
    ),
}


@pytest.mark.parametrize("name", DEGENERATE)
@pytest.mark.parametrize("tie_break", ["pabutools", "equalshares"])
def test_degenerate_elections_finish(name, tie_break):
    election = DEGENERATE[name]
    for rule in RULES:
        try:
            outcome = compute(election, rule, tie_break=tie_break)
        except ValueError as error:  # a rule that does not apply says so in one line
            assert "\n" not in str(error)
            continue
        assert outcome.total_cost <= outcome.budget or rule == "mes-add1-overspend"
