"""Voting: who may vote, one changeable ballot each, ballot rules, paper double entry, and
the severing of every voter→ballot link at the close."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import (
    AccessCode,
    Ballot,
    BallotReceipt,
    EligibleVoter,
    PaperBallotEntry,
    VoterLink,
)
from commonground.fund.voters import NotEligible, by_access_code, by_postcode, by_voter_list

from .conftest import shortlisted_round, voter


def test_access_codes_are_single_person_and_stored_hashed(round_voting, people):
    codes = actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=3)
    assert len(set(codes)) == 3 and all(len(c) == 14 for c in codes)
    stored = set(AccessCode.objects.values_list("token", flat=True))
    assert not any(c.replace("-", "") in t for c in codes for t in stored)
    v = by_access_code(round_voting, codes[0].lower().replace("-", " "))
    assert by_access_code(round_voting, codes[0]) == v
    with pytest.raises(NotEligible):
        by_access_code(round_voting, "AAAA-BBBB-CCCC")
    actions.cast_ballot(round_=round_voting, voter=v, choices=["1"])
    assert AccessCode.objects.filter(used=True).count() == 1


def test_postcode_and_age_check(round_voting):
    today = date(2025, 6, 1)
    v = by_postcode(round_voting, "bd8 7pb", date(1980, 2, 3), "Ana Kowalska", today=today)
    assert v == by_postcode(round_voting, "BD87PB", date(1980, 2, 3), "ana  kowalska", today)
    assert v != by_postcode(round_voting, "BD87PB", date(1980, 2, 3), "Jan Kowalski", today)
    with pytest.raises(NotEligible, match="outside"):
        by_postcode(round_voting, "LS1 4AP", date(1980, 2, 3), "Ana", today=today)
    with pytest.raises(NotEligible, match="11 or older"):
        by_postcode(round_voting, "BD1 1HY", date(2015, 1, 1), "Kid", today=today)
    with pytest.raises(NotEligible, match="full postcode"):
        by_postcode(round_voting, "BD1", date(1980, 1, 1), "Ana", today=today)


def test_voter_list_is_hashed(round_voting, people):
    added = actions.upload_voter_list(
        actor=people["officer"], round_=round_voting, identifiers=["AB123", "ab 123", "CD456", ""]
    )
    assert added == 2
    assert "AB123" not in "".join(EligibleVoter.objects.values_list("token", flat=True))
    by_voter_list(round_voting, " ab123 ")
    with pytest.raises(NotEligible):
        by_voter_list(round_voting, "ZZ999")


def test_one_ballot_per_voter_changeable_until_close(round_voting):
    alice = voter(round_voting, "alice")
    assert actions.cast_ballot(round_=round_voting, voter=alice, choices=["1", "2"]) is False
    assert actions.cast_ballot(round_=round_voting, voter=alice, choices=["3"]) is True
    assert Ballot.objects.count() == 1 and Ballot.objects.get().choices == ["3"]
    assert actions.current_choices(round_voting, alice) == ["3"]
    # No audit event per ballot (its time would tie it to an access log): a receipt by day.
    assert not AuditEvent.objects.filter(action__startswith="fund.ballot_").exists()
    kinds = sorted(BallotReceipt.objects.values_list("kind", flat=True))
    assert kinds == ["cast", "changed"]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "at least one"),
        (["9"], "not on the ballot"),
        (["1", "1"], "only once"),
        (["1", "2", "3", "4"], "more than the budget"),
    ],
)
def test_approval_ballot_rules(round_voting, choices, message):
    with pytest.raises(ValidationError, match=message):
        actions.cast_ballot(round_=round_voting, voter=voter(round_voting, "x"), choices=choices)


def test_points_and_ranking_ballots(people, strategy):
    round_ = shortlisted_round(people, strategy, ballot_type="points", points_total=10)
    with pytest.raises(ValidationError, match="10 to share"):
        actions.cast_ballot(round_=round_, voter=voter(round_, "p"), choices={"1": 8, "2": 3})
    actions.cast_ballot(round_=round_, voter=voter(round_, "p"), choices={"1": 7, "2": 3, "3": 0})
    assert Ballot.objects.get().choices == {"1": 7, "2": 3}


def test_ranking_ballot_limits(people, strategy):
    round_ = shortlisted_round(
        people, strategy, slug="ranked", ballot_type="ranking_k", max_choices=2
    )
    with pytest.raises(ValidationError, match="at most 2"):
        actions.cast_ballot(round_=round_, voter=voter(round_, "r"), choices=["1", "2", "3"])
    actions.cast_ballot(round_=round_, voter=voter(round_, "r"), choices=["3", "1"])
    assert Ballot.objects.get().choices == ["3", "1"]


def test_paper_ballot_counts_after_two_matching_entries_by_different_officers(round_voting, people):
    first, second = people["officer"], people["officer2"]
    entry = actions.key_paper_ballot(
        actor=first, round_=round_voting, paper_ref="p-001", choices=["1", "2"]
    )
    assert entry.status == "pending" and Ballot.objects.count() == 0
    with pytest.raises(ValidationError, match="different officer"):
        actions.key_paper_ballot(
            actor=first, round_=round_voting, paper_ref="P-001", choices=["1", "2"]
        )
    entry = actions.key_paper_ballot(
        actor=second, round_=round_voting, paper_ref="P-001", choices=["1", "2"]
    )
    assert entry.status == "matched"
    assert Ballot.objects.get().channel == "paper"
    with pytest.raises(ValidationError, match="already been counted"):
        actions.key_paper_ballot(
            actor=people["officer2"], round_=round_voting, paper_ref="P-001", choices=["1", "2"]
        )
    with pytest.raises(PermissionDenied):
        actions.key_paper_ballot(
            actor=people["partner"], round_=round_voting, paper_ref="P-2", choices=["1"]
        )


def test_paper_ballot_mismatch_is_flagged_then_resolved(round_voting, people):
    actions.key_paper_ballot(
        actor=people["officer"], round_=round_voting, paper_ref="P-7", choices=["1"]
    )
    entry = actions.key_paper_ballot(
        actor=people["officer2"], round_=round_voting, paper_ref="P-7", choices=["2"]
    )
    assert entry.status == "mismatch" and Ballot.objects.count() == 0
    from commonground.core.roles import Role

    from .conftest import make_user

    third = make_user("officer3", Role.OFFICER)
    entry = actions.key_paper_ballot(
        actor=third, round_=round_voting, paper_ref="P-7", choices=["1"]
    )
    assert entry.status == "matched" and Ballot.objects.get().choices == ["1"]


def test_close_vote_severs_every_link(
    round_voting, people, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=2)
    actions.upload_voter_list(actor=people["officer"], round_=round_voting, identifiers=["A1"])
    for name in ("a", "b", "c"):
        actions.cast_ballot(round_=round_voting, voter=voter(round_voting, name), choices=["1"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_vote(actor=people["officer"], round_=round_voting)
    round_voting.refresh_from_db()
    assert round_voting.phase == "results" and round_voting.voter_salt == ""
    assert VoterLink.objects.count() == 0 and EligibleVoter.objects.count() == 0
    assert AccessCode.objects.count() == 0
    assert Ballot.objects.count() == 3
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert ballot_fields == {"id", "round", "channel", "choices", "position"}
    with pytest.raises(PermissionDenied):
        actions.cast_ballot(round_=round_voting, voter=_dead_voter(), choices=["1"])
    assert round_voting.results.count() == 1  # the count ran as a task on commit
    assert AuditEvent.objects.get(action="fund.vote_closed").data["links_severed"] == 3


def _dead_voter():
    from commonground.fund.voters import Voter

    return Voter("0" * 64, "test")


def test_voting_is_refused_outside_the_vote(people, strategy):
    from .conftest import new_round

    round_ = new_round(people["officer"], strategy)
    with pytest.raises(PermissionDenied):
        actions.cast_ballot(round_=round_, voter=_dead_voter(), choices=["1"])
    assert PaperBallotEntry.objects.count() == 0
