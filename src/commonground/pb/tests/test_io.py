"""Reading and writing .pb files: round trips on real data, line-numbered errors."""

from __future__ import annotations

import io

import numpy as np
import pytest

from commonground.pb import (
    Election,
    PabulibError,
    read_pb,
    read_pb_string,
    write_pb,
    write_pb_string,
)

from .conftest import pabulib_files

pytestmark = pytest.mark.engine


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.stem)
def test_round_trip_every_shared_file(path, tmp_path):
    election = read_pb(path)
    assert election.num_voters == int(election.meta["num_votes"])
    assert election.num_projects == int(election.meta["num_projects"])
    out = tmp_path / "copy.pb"
    write_pb(election, out)
    assert read_pb(out).same_as(election)


def test_largest_file_reads_every_ballot(pb_files):
    """The largest shared file (Kraków 2024, 65,101 ballots) is read whole: each project's
    approvals counted from the parsed ballots equal the file's own ``votes`` column, which the
    city published beside them. Its parsing speed is timed in ``benchmarks/pb_engine.py``."""
    largest = max(pb_files, key=lambda p: p.stat().st_size)
    election = read_pb(largest)
    assert election.num_voters == int(election.meta["num_votes"])
    assert "votes" in election.project_columns, largest.name
    counted = np.bincount(election.items, minlength=election.num_projects)
    published = [int(p.extra["votes"]) for p in election.projects]
    assert counted.tolist() == published
    last = largest.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[1].split(";")
    assert election.voter_ids[-1] == last[0]
    assert election.ballot(election.num_voters - 1) == last[1].split(",")


def test_small_file_reads_as_expected(small_text):
    election = read_pb_string(small_text)
    assert [p.id for p in election.projects] == ["a", "b", "c"]
    assert election.projects[1].name == "Library; books"  # CSV quoting
    assert election.ballot(0) == ["a", "b"]
    assert election.budget == 10


def test_crlf_and_bom(small_text):
    text = "\ufeff" + small_text.replace("\n", "\r\n")
    assert read_pb(io.StringIO(text.lstrip("\ufeff"), newline="")).same_as(
        read_pb_string(small_text)
    )


def test_build_from_plain_lists_round_trips():
    election = Election.build(
        projects=[{"id": "p1", "cost": 300, "name": "Trees"}, {"id": "p2", "cost": 200}],
        ballots=[{"p1": 2, "p2": 1}, {"p2": 3}],
        budget=400,
        vote_type="cumulative",
    )
    assert election.ballot(0) == {"p1": 2, "p2": 1}
    assert read_pb_string(write_pb_string(election)).same_as(election)


BROKEN = [
    # (text, line, fragment of the message)
    ("PROJECTS\nproject_id;cost\n", 1, "expected META"),
    ("META\nkey;value\nbudget;abc\nvote_type;approval\nPROJECTS\n", 3, "not a number"),
    ("META\nkey;value\nbudget;10\nvote_type;ranked\nPROJECTS\n", 4, "unknown vote_type"),
    (
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "a;5\na;6\nVOTES\nvoter_id;vote\n",
        8,
        "listed twice",
    ),
    (
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "a;5\nb;x\nVOTES\nvoter_id;vote\n",
        8,
        "not a number",
    ),
    (
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "a;5\nVOTES\nvoter_id;vote\n1;a\n2;z\n",
        11,
        "unknown project 'z'",
    ),
    (
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "a;5\nVOTES\nvoter_id;vote\n1;a;extra\n",
        10,
        "3 fields",
    ),
    (
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n"
        "a;5\nb;3\nVOTES\nvoter_id;vote;points\n1;a,b;2\n",
        11,
        "2 projects but 1 points",
    ),
    (
        "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\na;5\n",
        7,
        "missing VOTES",
    ),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\n", 4, "lacks the 'budget'"),
]


@pytest.mark.parametrize(("text", "line", "message"), BROKEN)
def test_malformed_files_report_the_line(tmp_path, text, line, message):
    path = tmp_path / "broken.pb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PabulibError) as caught:
        read_pb(path)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(path) in str(caught.value)
