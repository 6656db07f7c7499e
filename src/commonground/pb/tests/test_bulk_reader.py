"""The VOTES section read in bulk gives exactly what the row-by-row reader gives.

``read_pb`` reads the VOTES rows as arrays and hands anything unusual back to the row reader
(``pabulib._Parser._bulk_votes``).  These tests hold the two readers to the same result — the
same election, or the same one-line error at the same line — on every shared file, on the
fuzzer's damaged copies of real files, on hand-made edge cases and on random vote sections;
and they check that the bulk reader really is the one that reads the shared files.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import PabulibError, compute
from commonground.pb.pabulib import _decode, _parse_text, _Parser

from .conftest import SMALL, pabulib_files

pytestmark = pytest.mark.engine


def both(text: str) -> tuple[object, object]:
    """(bulk reader's result, row reader's result): an Election or the error's text."""
    results = []
    for bulk in (True, False):
        try:
            results.append(_parse_text(text, "f.pb", bulk=bulk))
        except PabulibError as error:
            results.append(str(error))
    return results[0], results[1]


def assert_same(text: str) -> object:
    bulk, rows = both(text)
    if isinstance(rows, str):
        assert bulk == rows
    else:
        assert not isinstance(bulk, str), bulk
        assert bulk.same_as(rows)
        assert bulk.voter_columns == rows.voter_columns
        assert bulk.project_columns == rows.project_columns
        assert (bulk.points is None) == (rows.points is None)
    return rows


@pytest.fixture
def bulk_calls(monkeypatch) -> list[bool]:
    """What each ``_bulk_votes`` call answered (True: it read the section)."""
    calls: list[bool] = []
    original = _Parser._bulk_votes

    def spy(self, body):
        calls.append(original(self, body))
        return calls[-1]

    monkeypatch.setattr(_Parser, "_bulk_votes", spy)
    return calls


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.stem)
def test_every_shared_file_is_read_in_bulk_with_the_same_result(path, bulk_calls):
    text = _decode(path.read_bytes(), path.name)
    election = assert_same(text)
    assert bulk_calls == [True]  # the bulk reader read it, and did not hand it back
    assert election.num_voters == int(election.meta["num_votes"])


def votes(header: str, *rows: str, meta: str = "", vote_type: str = "approval") -> str:
    """A small file (projects a, b, c costing 6, 4, 5) with the given VOTES section."""
    lines = SMALL.split("VOTES")[0].replace("vote_type;approval", f"vote_type;{vote_type}")
    lines = lines.replace("num_votes;4", f"num_votes;{len(rows)}{meta}")
    return f"{lines}VOTES\n{header}\n" + "".join(f"{r}\n" for r in rows)


ACCEPTED = {
    "plain": votes("voter_id;vote", "1;a,b", "2;a", "3;b,c", "4;c"),
    "extra columns kept raw": votes("voter_id;vote;age;sex", "1;a,b; 42 ;F", "2;c;;M"),
    "columns in another order": votes("age;vote;voter_id", "30;a;x", "40;b,c;y"),
    "empty ballot": votes("voter_id;vote", "1;", "2;a"),
    "all ballots empty": votes("voter_id;vote", "1;", "2;"),
    "spaces around ids": votes("voter_id;vote", " 1 ;a, b", "2; c "),
    "CRLF": votes("voter_id;vote", "1;a,b", "2;c").replace("\n", "\r\n"),
    "no last line end": votes("voter_id;vote", "1;a,b", "2;c").rstrip("\n"),
    "blank lines at the end": votes("voter_id;vote", "1;a", "2;c") + "\n\n",
    "blank line between voters": votes("voter_id;vote", "1;a", "", "2;c").replace(
        "num_votes;3", "num_votes;2"
    ),
    "quoted field": votes("voter_id;vote;note", '1;a;"x; y"', "2;c;z"),
    "lone CR line ends": votes("voter_id;vote", "1;a", "2;c").replace("\n1;a\n", "\n1;a\r"),
    "cumulative": votes(
        "voter_id;vote;points", "1;a,b;2,1", "2;c;3", vote_type="cumulative", meta="\nmax_points;3"
    ),
    "points with leading zeros": votes(
        "voter_id;vote;points", "1;a,b;002,1", "2;c;0000000003", vote_type="cumulative"
    ),
    "points with spaces": votes("voter_id;vote;points", "1;a,b;2, 1", vote_type="scoring"),
    "fractional points": votes("voter_id;vote;points", "1;a,b;0.5,1", vote_type="cumulative"),
    "ordinal": votes("voter_id;vote", "1;c,a,b", "2;b", vote_type="ordinal"),
    "choose-1": votes("voter_id;vote", "1;a", "2;c", "3;", vote_type="choose-1"),
    "within max_sum_cost": votes("voter_id;vote", "1;a,b", "2;c", meta="\nmax_sum_cost;10"),
    "within length limits": votes(
        "voter_id;vote", "1;a,b", "2;c", meta="\nmin_length;1\nmax_length;2"
    ),
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_unusual_but_valid_sections_read_the_same(text):
    election = assert_same(text)
    assert not isinstance(election, str), election


def test_bulk_reader_keeps_extra_columns_verbatim():
    election = _parse_text(ACCEPTED["extra columns kept raw"], None)
    assert election.voter_extra == {"age": [" 42 ", ""], "sex": ["F", "M"]}
    assert election.voter_ids == ["1", "2"]
    assert election.ballot(0) == ["a", "b"]


def test_optional_columns_are_sliced_only_when_asked_for():
    """A rule never reads age or sex: computing one leaves them unsliced (issue 20), and
    asking for one gives the column the row reader keeps."""
    election = _parse_text(ACCEPTED["extra columns kept raw"], None)
    compute(election, "mes")
    assert election.voter_extra._sliced == {}
    assert list(election.voter_extra) == ["age", "sex"]
    assert election.voter_extra["sex"] == ["F", "M"]
    assert set(election.voter_extra._sliced) == {"sex"}


REFUSED = {
    "unknown project": (votes("voter_id;vote", "1;a", "2;z"), 16, "unknown project 'z'"),
    "voter twice": (votes("voter_id;vote", "1;a", "1;b"), 16, "listed twice"),
    "empty voter id": (votes("voter_id;vote", "1;a", " ;b"), 16, "empty voter_id"),
    "project twice": (votes("voter_id;vote", "1;a", "2;b,c,b"), 16, "same project twice"),
    "too few fields": (votes("voter_id;vote;age", "1;a;3", "2;b"), 16, "2 fields"),
    "too many fields": (votes("voter_id;vote", "1;a", "2;b;9"), 16, "3 fields"),
    "choose-1 with two": (
        votes("voter_id;vote", "1;a", "2;b,c", vote_type="choose-1"),
        16,
        "chose 2 projects",
    ),
    "over max_length": (
        votes("voter_id;vote", "1;a", "2;a,b,c", meta="\nmax_length;2"),
        17,
        "more than META max_length",
    ),
    "under min_length": (
        votes("voter_id;vote", "1;a,b", "2;", meta="\nmin_length;1"),
        17,
        "fewer than META min_length",
    ),
    "over max_sum_cost": (
        votes("voter_id;vote", "1;b", "2;a,c", meta="\nmax_sum_cost;10"),
        17,
        "more than META max_sum_cost",
    ),
    "points count": (
        votes("voter_id;vote;points", "1;a,b;1", vote_type="cumulative"),
        15,
        "2 projects but 1 points",
    ),
    "points over max_points": (
        votes(
            "voter_id;vote;points", "1;a;2", "2;b;4", vote_type="cumulative", meta="\nmax_points;3"
        ),
        17,
        "more than META max_points",
    ),
    "points sum": (
        votes(
            "voter_id;vote;points",
            "1;a,b;2,2",
            vote_type="cumulative",
            meta="\nmax_sum_points;3",
        ),
        16,
        "in all, more than META max_sum_points",
    ),
    "huge points": (
        votes("voter_id;vote;points", "1;a;" + "9" * 30, vote_type="cumulative"),
        15,
        "too large",
    ),
    "not a number": (
        votes("voter_id;vote;points", "1;a;x", vote_type="cumulative"),
        15,
        "points 'x'",
    ),
    "voter lost": (
        votes("voter_id;vote", "1;a", "2;b").replace("num_votes;2", "num_votes;3"),
        5,
        "num_votes is 3 but there are 2",
    ),
}


@pytest.mark.parametrize(("text", "line", "fragment"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_sections_name_the_same_line(text, line, fragment):
    bulk, rows = both(text)
    assert isinstance(bulk, str), "the bulk reader accepted a malformed section"
    assert bulk == rows
    assert bulk.startswith(f"f.pb:{line}: ")
    assert fragment in bulk


def test_fuzzed_copies_of_real_files_read_the_same():
    """The fuzzer's damaged copies (cut lines, swapped sections, bad bytes and numbers,
    duplicated or dropped voters): both readers agree on every one."""
    from .test_fuzz import MUTANTS

    compared = 0
    for _, _, mutant in MUTANTS:
        try:
            text = _decode(mutant.data, "f.pb")
        except PabulibError:
            continue  # refused before either reader starts
        assert_same(text)
        compared += 1
    assert compared > len(MUTANTS) // 2


CELLS = ["1", "2", " 3", "", "a", "b", "c", "a,b", "b,a", "a,a", "c, a", "z", "2,1", "0", "01"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["approval", "choose-1", "cumulative", "ordinal"]),
    st.lists(
        st.tuples(st.sampled_from(CELLS), st.sampled_from(CELLS), st.sampled_from(CELLS)),
        max_size=8,
    ),
    st.sampled_from(["", "\nmax_length;2", "\nmin_length;1", "\nmax_points;2"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_random_vote_sections_read_the_same(vote_type, rows, meta, newline):
    text = votes(
        "voter_id;vote;points", *[";".join(r) for r in rows], meta=meta, vote_type=vote_type
    )
    assert_same(text.replace("\n", newline))
