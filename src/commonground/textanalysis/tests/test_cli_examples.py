"""``commonground consult code … --examples CODED.jsonl``: officers' codings teach the coder."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from commonground.textanalysis.argkp import load_split
from commonground.textanalysis.coding import Suggestion, evaluate

pytestmark = pytest.mark.engine

COMMAND = Path(sys.executable).parent / "commonground"
AUSTERITY = "We should adopt an austerity regime"


def consult(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), "consult", "code", *map(str, args)], capture_output=True, text=True
    )


def test_three_coded_examples_per_theme_raise_f1_on_the_rest(tmp_path: Path) -> None:
    """ArgKP dev topic (not tuned on): the first three arguments of each key point coded by an
    "officer", the other 128 scored.  Measured F1 0.627 without, 0.727 with the examples."""
    topic = next(t for t in load_split("dev") if t.topic == AUSTERITY)
    coded: set[int] = set()
    for entry in topic.codebook:
        members = [
            i for i, gold in enumerate(topic.truth) if entry["topic_id"] in gold and i not in coded
        ]
        coded.update(members[:3])
    examples = tmp_path / "coded.jsonl"
    examples.write_text(
        "".join(
            json.dumps({**topic.responses[i], "labels": topic.truth[i]}) + "\n"
            for i in sorted(coded)
        )
    )
    rest = [i for i in range(len(topic.responses)) if i not in coded]
    responses = tmp_path / "rest.jsonl"
    responses.write_text("".join(json.dumps(topic.responses[i]) + "\n" for i in rest))
    codebook = tmp_path / "codebook.json"
    codebook.write_text(json.dumps(topic.codebook))
    truth = [topic.truth[i] for i in rest]

    scores = {}
    for name, extra in (("without", []), ("with", ["--examples", examples])):
        done = consult(responses, "--themes", codebook, "--json", *extra)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert [row["response_id"] for row in out] == [
            topic.responses[i]["response_id"] for i in rest
        ]
        scores[name] = evaluate([Suggestion(row["labels"]) for row in out], truth)["f1"]
    assert scores["with"] >= scores["without"] + 0.05, scores
    assert scores["with"] >= 0.68, scores


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"response_id": 1, "response": "Buses", "labels": ["nope"]}',
            ':1: label "nope" is not a topic_id',
        ),
        ('{"response_id": 1, "response": "Buses"}', ':1: "labels" must be a list of topic ids'),
        ('\n{"response_id": 1, "labels": ["a"]}', ':2: "response" must be a string'),
        ("{not json", ":1: not valid JSON"),
        ("", ": no coded responses"),
    ],
)
def test_bad_examples_are_one_line_naming_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    codebook = tmp_path / "codebook.json"
    codebook.write_text(json.dumps([{"topic_id": "a", "topic_label": "Buses"}]))
    responses = tmp_path / "responses.jsonl"
    responses.write_text('{"response_id": 1, "response": "No buses at night"}\n')
    examples = tmp_path / "coded.jsonl"
    examples.write_text(content)
    done = consult(responses, "--themes", codebook, "--examples", examples, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"commonground consult code: {examples}")
    assert message in done.stderr and done.stderr.count("\n") == 1
