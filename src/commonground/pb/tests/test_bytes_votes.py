"""The vote entries matched in the bytes (issue 20) give the same ballots as the row reader.

:meth:`commonground.pb.pabulib._Parser._bytes_votes` reads approval and choose-1 sections
without a string per field: entries are cut out of the bytes and matched against the project
ids as fixed-width byte strings (64-bit integers for ids up to 8 bytes).  It must be the path
that reads the shared files, and wherever it answers it must give the row reader's election;
where it cannot be sure (spaces around an entry, an unknown project) it declines and the
earlier paths decide, with the same result or the same error at the same line.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.pb import PabulibError
from commonground.pb.pabulib import _decode, _parse_text, _Parser

from .conftest import pabulib_files

pytestmark = pytest.mark.engine


@pytest.fixture
def byte_calls(monkeypatch) -> list[bool]:
    calls: list[bool] = []
    original = _Parser._bytes_votes

    def spy(self, layout):
        calls.append(original(self, layout))
        return calls[-1]

    monkeypatch.setattr(_Parser, "_bytes_votes", spy)
    return calls


def _both(text: str):
    out = []
    for bulk in (True, False):
        try:
            out.append(_parse_text(text, "f.pb", bulk=bulk))
        except PabulibError as error:
            out.append(str(error))
    return out


def _file(ids: list[str], ballots: list[list[str]], vote_type: str = "approval") -> str:
    projects = "".join(f"{p};{i + 1}\n" for i, p in enumerate(ids))
    rows = "".join(f"v{k};{','.join(b)};{k % 7}\n" for k, b in enumerate(ballots))
    return (
        f"META\nkey;value\nnum_projects;{len(ids)}\nnum_votes;{len(ballots)}\nbudget;100\n"
        f"vote_type;{vote_type}\nPROJECTS\nproject_id;cost\n{projects}"
        f"VOTES\nvoter_id;vote;age\n{rows}"
    )


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.stem)
def test_shared_files_without_points_are_matched_in_the_bytes(path, byte_calls):
    text = _decode(path.read_bytes(), path.name)
    fast, rows = _both(text)
    assert fast.same_as(rows)
    # points columns (cumulative, scoring) take the string path
    assert byte_calls == ([] if rows.points is not None else [True])


@pytest.mark.parametrize(
    "ids",
    [
        ["1", "10", "100", "2"],  # prefixes of one another
        ["a-very-long-project-id-1", "a-very-long-project-id-2", "x"],  # wider than 8 bytes
        ["Łódź-1", "Łódź-2", "żółw"],  # UTF-8 ids
        ["12345678", "1234567", "87654321"],  # exactly 8 bytes
    ],
)
def test_ids_of_every_width_are_matched(ids, byte_calls):
    ballots = [[ids[0], ids[-1]], [ids[1]], [], list(reversed(ids))]
    fast, rows = _both(_file(ids, ballots))
    assert byte_calls == [True]
    assert fast.same_as(rows)
    assert fast.ballot(3) == list(reversed(ids))
    assert fast.voter_extra["age"] == ["0", "1", "2", "3"]


@pytest.mark.parametrize(
    ("ballot", "same_error"),
    [
        (["1", " 2"], False),  # spaces: declined here, accepted by the string path
        (["1", "3"], True),  # unknown project
        (["1", "123456789"], True),  # longer than every id
        (["1", ""], True),  # an empty entry
    ],
)
def test_entries_the_bytes_cannot_match_are_left_to_the_other_paths(ballot, same_error, byte_calls):
    text = _file(["1", "2"], [["1"], ballot])
    fast, rows = _both(text)
    assert byte_calls == [False]
    if same_error:
        assert isinstance(rows, str)
        assert fast == rows
    else:
        assert fast.same_as(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(st.sampled_from("abcXYZ019-_żł"), min_size=1, max_size=12),
        min_size=1,
        max_size=8,
        unique=True,
    ).flatmap(
        lambda ids: st.tuples(
            st.just(ids),
            st.lists(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)), max_size=12),
        )
    )
)
def test_generated_sections_read_the_same(case):
    ids, ballots = case
    fast, rows = _both(_file(ids, ballots))
    if isinstance(rows, str):
        assert fast == rows
    else:
        assert fast.same_as(rows)
