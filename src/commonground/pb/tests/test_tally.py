"""Greedy rules on a choose-1 file's vote counts (issue 20): the same outcome, without NumPy.

``commonground pb compute FILE --rule greedy`` reads a choose-1 file into a
:class:`~commonground.pb.tally.Tally` (each project's vote count) through
``_choose_one_votes``, the reader's plain-string path for choose-1 rows.  It must give the
outcome the election gives, refuse every file the election reader refuses with the same
message at the same line, and leave NumPy unimported.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import PabulibError, compute, read_pb, read_pb_string
from commonground.pb.greedy import GREEDY_RULES
from commonground.pb.pabulib import _parse_text, read_pb_for_rule
from commonground.pb.tally import Tally

from .conftest import pabulib_dir, pabulib_files
from .test_bulk_reader import CELLS, votes

pytestmark = pytest.mark.engine

CHOOSE_ONE = [p for p in pabulib_files() if "vote_type;choose-1" in p.read_text("utf-8")]


def _choose_one(rows: str, meta: str = "") -> str:
    count = len(rows.strip().splitlines())
    return (
        f"META\nkey;value\nnum_projects;3\nnum_votes;{count}\nbudget;250\nvote_type;choose-1\n"
        f"{meta}min_project_score_threshold;2\nPROJECTS\nproject_id;cost;name\n"
        "a;100;A\nb;100;B\nc;200;C\nVOTES\nvoter_id;vote;age\n" + rows
    )


def test_the_shared_choose_one_files_are_there():
    assert {p.name for p in CHOOSE_ONE} >= {"Poland_Gdansk_2020.pb"}


@pytest.mark.parametrize("path", CHOOSE_ONE, ids=lambda p: p.stem)
@pytest.mark.parametrize("tie_break", ["pabutools", "equalshares"])
def test_greedy_on_the_tally_is_greedy_on_the_election(path, tie_break):
    election = read_pb(path)
    for rule in GREEDY_RULES:
        tally = read_pb_for_rule(path, rule)
        assert isinstance(tally, Tally)
        if rule == "greedy-threshold" and "min_project_score_threshold" not in election.meta:
            with pytest.raises(ValueError, match="min_project_score_threshold"):
                compute(tally, rule, tie_break=tie_break, seed=7)
            continue
        expected = compute(election, rule, tie_break=tie_break, seed=7).to_dict()
        assert compute(tally, rule, tie_break=tie_break, seed=7).to_dict() == expected


@pytest.mark.parametrize("path", CHOOSE_ONE, ids=lambda p: p.stem)
def test_the_tally_counts_each_projects_voters(path):
    election = read_pb(path)
    tally = read_pb_for_rule(path, "greedy")
    counted = [0] * election.num_projects
    for j in election.items.tolist():
        counted[j] += 1
    assert tally.votes == counted
    assert sum(tally.votes) <= election.num_voters
    assert tally.ids == [p.id for p in election.projects]


def test_other_rules_and_ballots_read_the_election():
    approval = next(p for p in pabulib_files() if "vote_type;approval" in p.read_text("utf-8"))
    assert not isinstance(read_pb_for_rule(approval, "greedy"), Tally)
    assert not isinstance(read_pb_for_rule(CHOOSE_ONE[0], "mes"), Tally)
    with pytest.raises(ValueError, match="needs the ballots"):
        compute(read_pb_for_rule(CHOOSE_ONE[0], "greedy"), "mes")


def test_threshold_and_ties_on_a_small_file():
    text = _choose_one("1;a;30\n2;b;41\n3;c;22\n4;c;19\n5;a;50\n6;;60\n")
    tally = _parse_text(text, None, tally=True)
    assert tally.votes == [2, 1, 2]
    # a and c tie on 2 votes and a's id sorts first; c (200) no longer fits, b (100) does
    assert compute(tally, "greedy").selected == ["a", "b"]
    assert compute(tally, "greedy-no-skip").selected == ["a"]  # stops at c
    assert compute(tally, "greedy-threshold").selected == ["a"]  # b has 1 vote, under 2
    for rule in GREEDY_RULES:
        assert compute(tally, rule).to_dict() == compute(read_pb_string(text), rule).to_dict()
    assert compute(tally, "greedy-threshold").to_dict()["threshold"] == 2


@pytest.mark.parametrize(
    ("rows", "meta"),
    [
        ("1;a;30\n2;d;41\n", ""),  # an unknown project
        ("1;a;30\n2;a,b;41\n", ""),  # two projects on a choose-1 ballot
        ("1;a;30\n1;b;41\n", ""),  # a voter twice
        ("1;a;30\n2;;41\n", "min_length;1\n"),  # an empty ballot under min_length 1
        ("1;a;30\n2;c;41\n", "max_sum_cost;150\n"),  # a ballot over max_sum_cost
        ("1;a;30\n2;b\n", ""),  # a row one field short
    ],
)
def test_a_bad_file_is_refused_as_the_election_reader_refuses_it(rows, meta):
    text = _choose_one(rows, meta)
    with pytest.raises(PabulibError) as election_error:
        read_pb_string(text)
    with pytest.raises(PabulibError) as tally_error:
        _parse_text(text, None, tally=True)
    assert (tally_error.value.line, tally_error.value.message) == (
        election_error.value.line,
        election_error.value.message,
    )


def test_spaces_around_ids_are_read_as_the_row_reader_reads_them():
    text = _choose_one("1; a ;30\n2;b;41\n3; ;22\n")
    assert _parse_text(text, None, tally=True).votes == [1, 1, 0]
    assert _parse_text(text, None).same_as(_parse_text(text, None, bulk=False))


def _tally_or_error(text: str) -> Tally | str:
    try:
        return _parse_text(text, "f.pb", tally=True)
    except PabulibError as error:
        return str(error)


def _rows_or_error(text: str):
    try:
        return _parse_text(text, "f.pb", bulk=False)
    except PabulibError as error:
        return str(error)


def assert_tally_matches_rows(text: str) -> None:
    """The tally refuses what the row reader refuses (same text), else counts its ballots."""
    tally, rows = _tally_or_error(text), _rows_or_error(text)
    if isinstance(rows, str):
        assert tally == rows
    elif rows.vote_type == "choose-1":
        assert isinstance(tally, Tally), tally
        assert tally.votes == [int((rows.items == j).sum()) for j in range(rows.num_projects)]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(CELLS), st.sampled_from(CELLS)), max_size=8),
    st.sampled_from(["", "\nmin_length;1", "\nmax_sum_cost;5", "\nmax_length;1"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_random_choose_one_sections_tally_as_the_rows_read(rows, meta, newline):
    text = votes("voter_id;vote", *[";".join(r) for r in rows], meta=meta, vote_type="choose-1")
    assert_tally_matches_rows(text.replace("\n", newline))


def test_fuzzed_copies_of_real_files_tally_as_the_rows_read():
    """The fuzzer's damaged copies of real files, the choose-1 one among them."""
    from commonground.pb.pabulib import _decode

    from .test_fuzz import MUTANTS

    compared = 0
    for _, _, mutant in MUTANTS:
        try:
            text = _decode(mutant.data, "f.pb")
        except PabulibError:
            continue
        assert_tally_matches_rows(text)
        compared += "choose-1" in text
    assert compared > 10


PROBE = (
    "import sys\n"
    "from commonground.cli import main\n"
    "main(sys.argv[1:])\n"
    "numpy = sys.modules.get('numpy')\n"
    # type() does not load a lazily imported module; reading any attribute would
    "print(numpy is not None and type(numpy).__name__ == 'module', file=sys.stderr)\n"
)


def _numpy_loaded(*args: str) -> tuple[bool, dict]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return done.stderr.strip().splitlines()[-1] == "True", json.loads(done.stdout)


def test_the_command_computes_greedy_on_choose_one_without_numpy():
    path = str(pabulib_dir() / CHOOSE_ONE[0].name)
    loaded, outcome = _numpy_loaded("pb", "compute", path, "--rule", "greedy", "--json")
    assert not loaded
    assert outcome == compute(read_pb(path), "greedy").to_dict()
    loaded, outcome = _numpy_loaded("pb", "compute", path, "--rule", "mes", "--json")
    assert loaded
    assert outcome == compute(read_pb(path), "mes").to_dict()
