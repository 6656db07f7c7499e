"""ArgKP as a coding set (``textanalysis/argkp.py``) and the coder measured on a topic it was
not tuned on, through the real ``commonground consult code`` command."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from commonground.textanalysis.argkp import EmbeddingCache, argkp_dir, load_split
from commonground.textanalysis.cli import read_responses
from commonground.textanalysis.coding import Suggestion, evaluate, load_codebook

pytestmark = pytest.mark.engine

COMMAND = Path(sys.executable).parent / "commonground"
SCHOOL_UNIFORM = "We should abandon the use of school uniform"


@pytest.fixture(scope="module")
def dev():
    return {topic.topic: topic for topic in load_split("dev")}


def test_splits_hold_the_shared_tasks_topics() -> None:
    """24 train, 4 dev and 3 test topics; the arguments that match at least one key point."""
    counts = {}
    for split in ("train", "dev", "test"):
        topics = load_split(split)
        counts[split] = (len(topics), sum(len(t.responses) for t in topics))
        assert all(7 <= len(t.codebook) <= 14 or split == "train" for t in topics)
        assert all(t.gold[r["response_id"]] for t in topics for r in t.responses)
    assert counts == {"train": (24, 4018), "dev": (4, 671), "test": (3, 500)}
    with pytest.raises(ValueError, match="unknown ArgKP split 'validation'"):
        load_split("validation")


def test_a_topics_codebook_merges_both_stances_and_keeps_matched_arguments(dev) -> None:
    topic = dev[SCHOOL_UNIFORM]
    folder = argkp_dir() / "kpm_data"
    with (folder / "key_points_dev.csv").open(encoding="utf-8") as handle:
        key_points = [row for row in csv.DictReader(handle) if row["topic"] == SCHOOL_UNIFORM]
    with (folder / "arguments_dev.csv").open(encoding="utf-8") as handle:
        arguments = [row for row in csv.DictReader(handle) if row["topic"] == SCHOOL_UNIFORM]
    assert {row["stance"] for row in key_points} == {"1", "-1"}  # pro and con in one codebook
    assert len(topic.codebook) == len(key_points) == 10
    assert len(arguments) == 238 and len(topic.responses) == 198  # 40 match no key point
    assert sum(len(labels) for labels in topic.truth) == 219  # some arguments make two points
    first = topic.codebook[0]
    assert set(first) == {"topic_id", "topic_label", "topic_description", "topic"}
    assert first["topic_id"] == "kp_4_0"
    assert first["topic_label"] == "Children can still express themselves using other means"
    assert topic.gold["arg_4_121"] == ["kp_4_5"]


def test_written_files_are_what_the_command_reads(dev, tmp_path: Path) -> None:
    topic = dev[SCHOOL_UNIFORM]
    responses, codebook = topic.write(tmp_path)
    read = read_responses(responses)
    assert [r.response_id for r in read] == [r["response_id"] for r in topic.responses]
    assert [r.response for r in read] == topic.texts
    assert [e.topic_id for e in load_codebook(codebook)] == [e["topic_id"] for e in topic.codebook]


def test_the_command_beats_the_floor_on_a_dev_topic(dev, tmp_path: Path) -> None:
    """A topic nobody tuned on, through the contract command.  Measured F1 0.605 (precision
    0.558, recall 0.662); the previous method scored 0.504 on it."""
    topic = dev[SCHOOL_UNIFORM]
    responses, codebook = topic.write(tmp_path)
    done = subprocess.run(
        [str(COMMAND), "consult", "code", str(responses), "--themes", str(codebook), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [row["response_id"] for row in out] == [r["response_id"] for r in topic.responses]
    assert all(len(row["labels"]) <= 2 for row in out)
    result = evaluate([Suggestion(row["labels"]) for row in out], topic.truth)
    assert result["f1"] >= 0.57, result
    assert result["precision"] >= 0.52 and result["recall"] >= 0.60, result


def test_the_embedding_cache_embeds_each_text_once(encoder, tmp_path: Path) -> None:
    calls: list[int] = []

    class Counting:
        def encode(self, texts, **kwargs):
            calls.append(len(texts))
            return encoder.encode(texts, **kwargs)

    texts = ["School uniform reduces bullying", "Uniforms are expensive", "Uniforms are expensive"]
    first = EmbeddingCache("test", tmp_path).encode(texts, Counting())
    again = EmbeddingCache("test", tmp_path).encode(texts[::-1], Counting())  # read from disk
    assert calls == [2]
    np.testing.assert_array_equal(first, again[::-1])
    np.testing.assert_allclose(first, encoder.encode(texts), atol=1e-6)
