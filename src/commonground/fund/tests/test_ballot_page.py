"""The ballot page and its receipt, without JavaScript: the summary (spent, left, chosen) comes
from the server on arrival and after "Check my total", an over-budget ballot is refused with the
error summary and the amount over, and the "done" page lists what the voter chose, when, and
until when it can change — read from the ballot the device already points to, storing nothing
new."""

import re
from datetime import date

from django.test import Client

from commonground.fund import actions
from commonground.fund.models import Ballot, BallotReceipt, VoterLink
from commonground.fund.phases import PhaseKind

from .conftest import shortlisted_round


def _signed_in_voter(round_, officer, language: str = "") -> tuple[Client, str]:
    """A device that has entered a valid access code; returns it and the ballot's address."""
    (code,) = actions.issue_access_codes(actor=officer, round_=round_, count=1)
    client = Client()
    response = client.post(f"{language}/fund/{round_.slug}/vote/code/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]
    return client, response["Location"]


def _text(response) -> str:
    """The page's words, one space apart (inline figures join the words around them)."""
    html = re.sub(r"</?(bdi|span|strong)\b[^>]*>", "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_summary_says_what_is_spent_and_left_and_when_it_is_over(round_voting, people):
    client, url = _signed_in_voter(round_voting, people["officer"])
    first = _text(client.get(url))
    assert "£0 of £50,000 chosen, £50,000 left." in first
    assert "Projects chosen: 0." in first
    checked = client.post(url, {"projects": ["1", "3"], "action": "check"})
    assert "£32,000 of £50,000 chosen, £18,000 left." in _text(checked)
    assert "data-over hidden" in checked.content.decode()
    over = client.post(url, {"projects": ["1", "2", "3", "4"], "action": "check"})
    page = over.content.decode()
    assert "cg-ballot-summary--over" in page and "data-over hidden" not in page
    assert "Over the £50,000 budget by £5,000." in _text(over)
    assert Ballot.objects.count() == 0  # checking saves nothing


def test_casting_over_budget_is_refused_and_keeps_the_ticks(round_voting, people):
    client, url = _signed_in_voter(round_voting, people["officer"])
    refused = client.post(url, {"projects": ["1", "2", "3", "4"], "action": "save"})
    page = refused.content.decode()
    assert "govuk-error-summary" in page and "cost more than the budget" in page
    assert "Over the £50,000 budget by £5,000." in _text(refused)
    assert all(re.search(rf'value="{c}"[^>]*checked', page) for c in "1234")
    assert Ballot.objects.count() == 0


def test_the_receipt_lists_the_choices_and_when_it_can_change(round_voting, people):
    phase = round_voting.phases.get(kind=PhaseKind.VOTE)
    phase.ends_on = date(2027, 1, 31)
    phase.save()
    client, url = _signed_in_voter(round_voting, people["officer"])
    links_before = VoterLink.objects.count()
    assert client.post(url, {"projects": ["1", "4"], "action": "save"}).status_code == 302
    done = client.get(f"/fund/{round_voting.slug}/vote/done/")
    text = _text(done)
    receipt = text[text.index("Your receipt") :]
    assert "Cooking Together £12,000" in receipt and "Safe Streets Walks £15,000" in receipt
    assert "Total £27,000" in receipt
    assert "English in the Park" not in receipt and "Young Leaders" not in receipt
    assert re.search(r"recorded at \d\d:\d\d, \d{1,2} \w+ \d{4}", receipt)
    assert "Voting is due to close at the end of the day on Sunday 31 January 2027" in receipt
    # Nothing new is kept for the receipt: one link and one day count, as for any ballot.
    assert VoterLink.objects.count() == links_before + 1
    assert BallotReceipt.objects.count() == 1
    # The Polish page writes the date in the genitive ("31 stycznia 2027").
    polish = _text(client.get(f"/pl/fund/{round_voting.slug}/vote/done/"))
    assert "31 stycznia 2027" in polish


def test_a_device_that_has_not_voted_gets_no_receipt(round_voting):
    response = Client().get(f"/fund/{round_voting.slug}/vote/done/")
    assert response.status_code == 403


def test_points_and_ranked_ballots_show_their_own_summary_and_receipt(people, strategy):
    points = shortlisted_round(people, strategy, ballot_type="points", points_total=10)
    client, url = _signed_in_voter(points, people["officer"])
    over = client.post(url, {"points_1": "7", "points_2": "5", "action": "check"})
    assert "You have given more than your 10 points." in _text(over)
    client.post(url, {"points_1": "6", "points_2": "4", "action": "save"})
    receipt = _text(client.get(f"/fund/{points.slug}/vote/done/"))
    assert "Cooking Together 6 £12,000" in receipt and "English in the Park 4 £8,000" in receipt

    ranked = shortlisted_round(
        people, strategy, slug="ranked", ballot_type="ranking_k", max_choices=2
    )
    client, url = _signed_in_voter(ranked, people["officer"])
    over = client.post(url, {"rank_1": "1", "rank_2": "2", "rank_3": "3", "action": "check"})
    assert "You can choose up to 2 projects." in _text(over)
    assert "Projects chosen: 3 of up to 2." in _text(over)
    client.post(url, {"rank_3": "1", "rank_1": "2", "action": "save"})
    receipt = _text(client.get(f"/fund/{ranked.slug}/vote/done/"))
    assert receipt.index("1 Young Leaders") < receipt.index("2 Cooking Together")
