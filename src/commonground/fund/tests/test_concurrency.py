"""The same voter submitting from several devices at once: exactly one ballot, none lost.

Real threads, real transactions (``transactional_db``), each thread on its own database
connection, all released together by a barrier.  On PostgreSQL this exercises the unique
index race and the ``FOR SHARE`` / ``FOR UPDATE`` locks; SQLite's in-memory test database cannot
race threads, so there a sequential interleaving checks the invariant.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from commonground.fund import actions
from commonground.fund.models import Ballot, VoterLink

from .conftest import shortlisted_round, voter

CHOICES = [["1"], ["2"], ["3"], ["4"], ["1", "2"], ["2", "4"]]


def _hammer(round_, voters, threads_per_voter: int, repeats: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(voters) * threads_per_voter)

    def work(v, k):
        try:
            barrier.wait(timeout=30)
            for r in range(repeats):
                choices = CHOICES[(k + r) % len(CHOICES)]
                actions.cast_ballot(round_=round_, voter=v, choices=choices)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(v, k)) for v in voters for k in range(threads_per_voter)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's shared-cache in-memory test database raises 'table is "
    "locked' instead of waiting, so threads cannot be raced there (the sequential test below "
    "runs on both)",
)


@pytest.mark.django_db
def test_interleaved_changes_keep_one_ballot(round_voting):
    a, b = voter(round_voting, "a"), voter(round_voting, "b")
    for choices in CHOICES:
        actions.cast_ballot(round_=round_voting, voter=a, choices=choices)
        actions.cast_ballot(round_=round_voting, voter=b, choices=list(reversed(choices)))
    assert Ballot.objects.count() == 2
    assert actions.current_choices(round_voting, a) == CHOICES[-1]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_from_one_voter_make_exactly_one_ballot(people, strategy):
    round_ = shortlisted_round(people, strategy)
    alice = voter(round_, "alice")
    errors = _hammer(round_, [alice], threads_per_voter=12, repeats=5)
    assert errors == []
    assert VoterLink.objects.filter(round=round_, token=alice.token).count() == 1
    ballots = list(Ballot.objects.filter(round=round_))
    assert len(ballots) == 1 and ballots[0].choices in CHOICES


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_voters_at_once_none_lost_none_doubled(people, strategy):
    round_ = shortlisted_round(people, strategy)
    many = 20
    voters = [voter(round_, f"v{i}") for i in range(many)]
    errors = _hammer(round_, voters, threads_per_voter=3, repeats=2)
    assert errors == []
    links = Counter(VoterLink.objects.filter(round=round_).values_list("token", flat=True))
    assert set(links) == {v.token for v in voters} and set(links.values()) == {1}
    assert Ballot.objects.filter(round=round_).count() == many
    # Closing the vote keeps every ballot and severs every link.
    actions.close_vote(actor=people["officer"], round_=round_)
    assert Ballot.objects.filter(round=round_).count() == many
    assert VoterLink.objects.count() == 0
