"""`commonground consult code|themes` through the installed command: JSON shapes and errors."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from commonground.textanalysis.synthetic import codebook, generate_comments

from .conftest import CODEBOOK, LABELLED

pytestmark = pytest.mark.engine

COMMAND = Path(sys.executable).with_name("commonground")


def consult(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), "consult", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 40 hand-labelled comments, as JSON Lines (response_id, response)."""
    path = tmp_path_factory.mktemp("consult") / "responses.jsonl"
    lines = LABELLED.read_text(encoding="utf-8").splitlines()[:40]
    rows = [json.loads(line) for line in lines]
    path.write_text(
        "\n".join(
            json.dumps({"response_id": r["response_id"], "response": r["response"]}) for r in rows
        )
    )
    return path


def test_code_prints_the_issues_shape(responses: Path) -> None:
    done = consult("code", responses, "--themes", CODEBOOK, "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    ids = {entry["topic_id"] for entry in json.loads(CODEBOOK.read_text())}
    assert [row["response_id"] for row in out] == [f"R{i:03d}" for i in range(1, 41)]
    assert all(set(row) == {"response_id", "labels"} for row in out)
    assert all(set(row["labels"]) <= ids and len(row["labels"]) <= 3 for row in out)
    assert out[0]["labels"][0] == "english_classes"  # "my mum … cant speak english"
    assert done.stderr == ""  # no progress bar when stderr is not a terminal


def test_code_reads_csv_and_threshold_changes_the_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["response_id", "ward", "response"])
        writer.writerow([1, "Manningham", "The buses stop at 7pm, I can't get home from work."])
        writer.writerow(
            [2, "Keighley", "More English classes in the evening please, with a creche."]
        )
        writer.writerow([3, "Tong", ""])
    book = tmp_path / "codebook.json"
    book.write_text(json.dumps(codebook()))
    loose = json.loads(consult("code", path, "--themes", book, "--json").stdout)
    strict = json.loads(
        consult("code", path, "--themes", book, "--json", "--threshold", "0.9").stdout
    )
    assert [r["response_id"] for r in loose] == ["1", "2", "3"]
    assert loose[0]["labels"][0] == "public_transport"
    assert loose[1]["labels"][0] == "english_classes"
    assert strict == [{"response_id": i, "labels": []} for i in ("1", "2", "3")]


def test_code_without_json_prints_a_table(responses: Path) -> None:
    done = consult("code", responses, "--themes", CODEBOOK)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("response_id")
    assert "English classes (" in done.stdout
    assert "of 40 responses have a suggested code" in done.stdout


def test_themes_proposes_a_codebook_that_code_accepts(tmp_path: Path) -> None:
    comments = generate_comments(120, seed=7)
    path = tmp_path / "survey.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"response_id": i, "response": c.text}) for i, c in enumerate(comments)
        )
    )
    done = consult("themes", path, "--json", "--n-themes", "5")
    assert done.returncode == 0, done.stderr
    proposed = json.loads(done.stdout)
    assert 1 <= len(proposed) <= 5
    assert all(set(t) == {"topic_id", "topic_label", "topic_description"} for t in proposed)
    book = tmp_path / "proposed.json"
    book.write_text(done.stdout)
    coded = consult("code", path, "--themes", book, "--json")
    assert coded.returncode == 0, coded.stderr
    assert len(json.loads(coded.stdout)) == 120


def _error(*args: object) -> str:
    done = consult(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.strip()


def test_errors_are_one_line_naming_file_and_line(tmp_path: Path, responses: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    assert _error("code", missing, "--themes", CODEBOOK) == (
        f"commonground consult code: {missing}: no such file"
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"response_id": 1, "response": "ok"}\n{"response_id": 2, "response": \n')
    assert f"{bad}:2: not valid JSON" in _error("code", bad, "--themes", CODEBOOK)
    no_text = tmp_path / "no_text.jsonl"
    no_text.write_text('{"response_id": 1}\n')
    assert f'{no_text}:1: missing "response"' in _error("themes", no_text)
    columns = tmp_path / "columns.csv"
    columns.write_text("id,comment\n1,hello\n")
    assert f"{columns}:1: missing column(s) response_id, response (found: id, comment)" in _error(
        "themes", columns
    )
    book = tmp_path / "book.json"
    book.write_text('[{"topic_id": "a", "topic_label": "A"}, {"topic_label": "B"}]')
    assert f'{book}: entry 1: missing "topic_id"' in _error("code", responses, "--themes", book)
    assert "--themes" in _error("code", responses)
    assert "--threshold must be between -1 and 1" in _error(
        "code", responses, "--themes", CODEBOOK, "--threshold", "7"
    )
