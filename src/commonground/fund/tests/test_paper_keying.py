"""Paper ballots keyed twice, by two officers, never lost: one row per paper, locked before
its entries are read; the close refuses while a paper is waiting or in conflict, unless an
officer decides each with a reason; after the close only anonymous tallies remain."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import Ballot, PaperBallotEntry

from .conftest import shortlisted_round

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's shared-cache in-memory test database raises 'table is "
    "locked' instead of waiting, so threads cannot be raced there",
)

PAPERS = [f"P-{i:04d}" for i in range(15)]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_officers_keying_the_same_papers_at_once_count_each_exactly_once(people, strategy):
    round_ = shortlisted_round(people, strategy)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def key_all(officer, order):
        try:
            barrier.wait(timeout=30)
            for ref in order:
                choices = ["1", "3"] if int(ref[-1]) % 2 else ["2"]
                actions.key_paper_ballot(
                    actor=officer, round_=round_, paper_ref=ref, choices=choices
                )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=key_all, args=(people["officer"], PAPERS)),
        threading.Thread(target=key_all, args=(people["officer2"], PAPERS)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert Ballot.objects.filter(round=round_, channel="paper").count() == len(PAPERS)
    assert actions.papers_needing_a_decision(round_) == []


@pytest.mark.django_db
def test_close_refuses_while_papers_wait_or_disagree_until_each_is_decided(
    round_voting, people, django_capture_on_commit_callbacks
):
    officer, officer2 = people["officer"], people["officer2"]
    actions.key_paper_ballot(actor=officer, round_=round_voting, paper_ref="P-1", choices=["1"])
    actions.key_paper_ballot(actor=officer, round_=round_voting, paper_ref="P-2", choices=["1"])
    actions.key_paper_ballot(actor=officer2, round_=round_voting, paper_ref="P-2", choices=["2"])
    actions.key_paper_ballot(actor=officer, round_=round_voting, paper_ref="P-3", choices=["4"])
    actions.key_paper_ballot(actor=officer2, round_=round_voting, paper_ref="P-3", choices=["4"])
    with pytest.raises(ValidationError) as refused:
        actions.close_vote(actor=officer, round_=round_voting)
    message = " ".join(refused.value.messages)
    assert "P-1" in message and "P-2" in message and "P-3" not in message
    round_voting.refresh_from_db()
    assert round_voting.phase == "vote"
    waiting = {p.ref: p for p in actions.papers_needing_a_decision(round_voting)}
    assert set(waiting) == {"P-1", "P-2"}
    with pytest.raises(ValidationError, match="reason"):
        actions.decide_paper(actor=officer2, round_=round_voting, paper_ref="P-1", reason="")
    # P-1: only one officer keyed it and the paper is lost: set aside.  P-2: count officer2's.
    actions.decide_paper(
        actor=officer2, round_=round_voting, paper_ref="P-1", reason="Paper torn, unreadable."
    )
    entry = PaperBallotEntry.objects.get(paper=waiting["P-2"], entered_by=officer2)
    actions.decide_paper(
        actor=officer,
        round_=round_voting,
        paper_ref="P-2",
        entry_id=entry.pk,
        reason="Checked the paper: the cross is on project 2.",
    )
    decided = AuditEvent.objects.filter(action="fund.paper_ballot_decided")
    assert decided.count() == 2 and all(e.reason for e in decided)
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_vote(actor=officer, round_=round_voting)
    assert sorted(b.choices for b in Ballot.objects.filter(channel="paper")) == [["2"], ["4"]]
    assert PaperBallotEntry.objects.count() == 0
    closed = AuditEvent.objects.get(action="fund.vote_closed")
    assert closed.data["papers"] == {"counted": 1, "counted_by_decision": 1, "set_aside": 1}


@pytest.mark.django_db
def test_officer_decides_a_conflicting_paper_on_the_page(round_voting, people):
    url = f"/fund/{round_voting.slug}/paper-ballots/"
    one, two = Client(), Client()
    one.force_login(people["officer"])
    two.force_login(people["officer2"])
    one.post(url, {"paper_ref": "B-9", "projects": ["1"]})
    page = two.post(url, {"paper_ref": "B-9", "projects": ["2"]}).content.decode()
    assert 'data-status="mismatch"' in page and "B-9" in page
    refused = one.post(f"/fund/{round_voting.slug}/manage/close_vote/", follow=True)
    assert "B-9" in refused.content.decode()
    entry = PaperBallotEntry.objects.get(entered_by=people["officer"])
    page = one.post(
        url, {"action": "decide", "paper_ref": "B-9", "entry": str(entry.pk), "reason": ""}
    ).content.decode()
    assert "govuk-error-summary" in page
    one.post(
        url,
        {"action": "decide", "paper_ref": "B-9", "entry": str(entry.pk), "reason": "Re-read it."},
    )
    assert Ballot.objects.get(channel="paper").choices == ["1"]
    assert actions.papers_needing_a_decision(round_voting) == []
