"""`commonground readiness score` through ``main([...])`` and as a process: the contract."""

import json
import subprocess
import sys

import pytest

from commonground.readinessmodel.cli import main

pytestmark = pytest.mark.engine

HEADER = "interview,dimension,scorer,score"


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _full(interviews=2, score="4"):
    lines = [HEADER]
    for n in range(1, interviews + 1):
        for letter in "ABCDEF":
            lines += [f"{n},{letter},a,4", f"{n},{letter},b,5", f"{n},{letter},consensus,{score}"]
    return lines


def test_json_has_exactly_the_contract_keys(capsys, worked):
    code, out, err = _run(capsys, worked, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"dimensions", "overall", "stage", "stage_name", "agreement"}
    assert list(data["dimensions"]) == list("ABCDEF")
    assert list(data["agreement"]) == list("ABCDEF")
    assert data["dimensions"]["C"] == pytest.approx(25 / 6)
    assert data["overall"] == 263 / 72
    assert (data["stage"], data["stage_name"]) == (3, "vague awareness")
    assert data["agreement"]["A"] == 2 / 3


def test_text_output_names_stage_and_lowest(capsys, worked):
    code, out, _ = _run(capsys, worked)
    assert code == 0
    assert "stage 3, vague awareness" in out
    assert "Start with the lowest: B, F." in out


def test_runs_as_the_commonground_command(worked):
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", "readiness", "score", str(worked), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stage"] == 3


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (lambda s: s.__setitem__(4, "1,A,consensus,10"), 5, "10 is outside 1–9"),
        (lambda s: s.__setitem__(4, "1,A,consensus,0.5"), 5, "0.5 is outside 1–9"),
        (lambda s: s.__setitem__(2, "1,A,a,0"), 3, "0 is outside 1–9"),
        (lambda s: s.__setitem__(3, "1,A,b,4.5"), 4, "not a whole number"),
        (lambda s: s.__setitem__(7, "1,G,consensus,4"), 8, 'unknown dimension "G"'),
        (lambda s: s.__setitem__(6, "1,B,c,4"), 7, 'unknown scorer "c"'),
        (lambda s: s.__setitem__(10, "1,D,a,4,5"), 11, "the row has 5 fields but the header 4"),
        (lambda s: s.__setitem__(10, "1,C,consensus,4;5"), 11, '"4;5" is not a number'),
        (lambda s: s.__setitem__(10, "1,C,consensus,"), 11, "the score is empty"),
        (lambda s: s.__setitem__(10, "1,C,consensus,nan"), 11, "is not a number"),
        (lambda s: s.__setitem__(10, "1,C"), 11, "no scorer"),
        (lambda s: s.__setitem__(23, "2,B,a,4"), 24, "a second a score"),
    ],
)
def test_bad_rows_exit_2_with_one_line_naming_the_line(capsys, sheet, change, line, words):
    lines = _full()
    change(lines)
    code, out, err = _run(capsys, sheet(lines), "--json")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"sheet.csv:{line}: line {line}" in err
    assert words in err


def test_missing_consensus_names_the_interviews_first_row_for_that_dimension(capsys, sheet):
    lines = _full()
    del lines[lines.index("2,D,consensus,4")]
    code, _, err = _run(capsys, sheet(lines), "--json")
    assert code == 2
    first = lines.index("2,D,a,4") + 1
    assert f"sheet.csv:{first}: line {first}:" in err
    assert 'interview "2" has no consensus score for dimension D' in err


def test_interview_without_any_row_for_a_dimension_names_its_first_row(capsys, sheet):
    lines = [x for x in _full() if not x.startswith("2,E,")]
    code, _, err = _run(capsys, sheet(lines), "--json")
    assert code == 2
    first = lines.index("2,A,a,4") + 1
    assert f"line {first}:" in err
    assert "dimension E" in err


def test_dimension_with_no_scores_at_all_is_named(capsys, sheet):
    lines = [x for x in _full() if ",F," not in x]
    code, _, err = _run(capsys, sheet(lines), "--json")
    assert code == 2
    assert "dimension F (Resources related to the issue) has no scores" in err
    assert err.count("\n") == 1


def test_missing_column_names_line_one(capsys, sheet):
    code, _, err = _run(capsys, sheet(["interview,dimension,who,score", "1,A,a,4"]), "--json")
    assert code == 2
    assert 'sheet.csv:1: line 1: no column "scorer"' in err


def test_first_error_in_file_order_wins(capsys, sheet):
    lines = _full()
    lines[3] = "1,A,b,12"
    lines[5] = "1,B,a,0"
    code, _, err = _run(capsys, sheet(lines), "--json")
    assert code == 2
    assert "sheet.csv:4:" in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the sheet is empty"),
        (b"interview,dimension,scorer,score\n1,A,a,\xff\n", "2: line 2: not UTF-8"),
        (b"interview,dimension,scorer,score\n", "dimension A"),
        (b'interview,dimension,scorer,score\n"1,A,a,4\n', "not readable as CSV"),
    ],
)
def test_damaged_files_are_one_line(capsys, tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, _, err = _run(capsys, path, "--json")
    assert code == 2
    assert err.count("\n") == 1
    assert words in err


def test_missing_file_and_bad_flags_are_one_line(capsys, tmp_path):
    code, _, err = _run(capsys, tmp_path / "absent.csv")
    assert code == 2
    assert "cannot be read" in err
    code, _, err = _run(capsys, tmp_path / "absent.csv", "--jsn")
    assert code == 2
    assert err.count("\n") == 1


def test_byte_order_mark_padding_and_case_are_accepted(capsys, tmp_path):
    lines = ["Interview, Dimension ,Scorer,Score"]
    lines += [f"1,{d.lower()},CONSENSUS, 4.5 " for d in "ABCDEF"]
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n\r\n").encode())
    code, out, err = _run(capsys, path, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["overall"] == 4.5
    assert data["agreement"] == dict.fromkeys("ABCDEF")  # no interview has both a and b
