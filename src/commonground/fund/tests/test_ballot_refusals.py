"""A ballot with anything wrong in it is refused whole, with a message, and nothing stored;
"I have finished" really finishes: the ballot can no longer be changed from that device."""

from __future__ import annotations

import pytest
from django.test import Client

from commonground.fund import actions
from commonground.fund.models import Ballot, VoterLink

from .conftest import shortlisted_round


def _voter_client(round_) -> Client:
    (code,) = actions.issue_access_codes(actor=round_.created_by, round_=round_, count=1)
    client = Client()
    response = client.post(f"/fund/{round_.slug}/vote/code/", {"code": code})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("posted", "named"),
    [
        ({"projects": ["99", "1"]}, "99"),
        ({"projects": ["1", "1"]}, "1"),
        ({"projects": ["", "1"]}, "There is a problem"),
        ({"projects": ["1"], "points_1": "5"}, "points_1"),
    ],
)
def test_a_ballot_with_an_unknown_duplicate_or_malformed_choice_is_refused_whole(
    round_voting, posted, named
):
    client = _voter_client(round_voting)
    page = client.post(
        f"/fund/{round_voting.slug}/vote/ballot/", {**posted, "action": "save"}
    ).content.decode()
    assert "govuk-error-summary" in page and "nothing was saved" in page.lower()
    assert named in page
    assert Ballot.objects.count() == 0 and VoterLink.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_rank_refuses_a_ranked_ballot(people, strategy):
    round_ = shortlisted_round(
        people, strategy, slug="ranked", ballot_type="ranking_k", max_choices=2
    )
    client = _voter_client(round_)
    page = client.post(
        f"/fund/{round_.slug}/vote/ballot/", {"rank_1": "1", "rank_77": "2", "action": "save"}
    ).content.decode()
    assert "govuk-error-summary" in page and "77" in page
    assert Ballot.objects.count() == 0


@pytest.mark.django_db
def test_i_have_finished_ends_changes_from_that_cookie(round_voting):
    client = _voter_client(round_voting)
    url = f"/fund/{round_voting.slug}/vote/ballot/"
    assert client.post(url, {"projects": ["1"], "action": "save"}).status_code == 302
    kept = client.cookies[f"fund_voter_{round_voting.pk}"].value
    finished = client.post(f"/fund/{round_voting.slug}/vote/done/", follow=True)
    assert "cannot be changed" in finished.content.decode()
    # Someone who copied the cookie before "I have finished" cannot change the vote.
    client.cookies[f"fund_voter_{round_voting.pk}"] = kept
    page = client.post(url, {"projects": ["2"], "action": "save"})
    assert page.status_code == 200 and "cannot be changed" in page.content.decode()
    assert Ballot.objects.get().choices == ["1"]
    shown = client.get(url).content.decode()
    assert "cannot be changed" in shown
