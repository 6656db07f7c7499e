"""Residents who come too early or too late are told what is closed and when (from the
round's timetable), never "Your account does not have the role this page needs": that is for
a real role refusal only."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from commonground.fund import actions
from commonground.fund.models import Round

from .conftest import PROJECTS, new_round, propose

ROLE_REFUSAL = "does not have the role"
TIMETABLE = {
    "proposals": (date(2027, 1, 4), date(2027, 1, 29)),
    "assessment": (date(2027, 2, 1), date(2027, 2, 12)),
    "vote": (date(2027, 2, 15), date(2027, 3, 3)),
    "results": (date(2027, 3, 10), None),
}


@pytest.fixture
def timed_round(people, strategy) -> Round:
    return new_round(people["officer"], strategy, slug="timed", timetable=TIMETABLE)


def _page(user, url: str) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def _at(round_: Round, phase: str) -> Round:
    Round.objects.filter(pk=round_.pk).update(phase=phase)
    return Round.objects.get(pk=round_.pk)


def test_a_closed_vote_says_when_it_closed(timed_round, people):
    round_ = _at(timed_round, "results")
    status, page = _page(people["resident"], f"/fund/{round_.slug}/vote/")
    assert status == 403
    assert "Voting closed on 3 March 2027." in page and ROLE_REFUSAL not in page


def test_a_vote_not_yet_open_says_when_it_opens(timed_round, people):
    round_ = _at(timed_round, "assessment")
    status, page = _page(people["resident"], f"/fund/{round_.slug}/vote/")
    assert status == 403
    assert "Voting opens on 15 February 2027." in page and ROLE_REFUSAL not in page


def test_results_not_yet_out_say_when_they_will_be(timed_round, people):
    round_ = _at(timed_round, "vote")
    status, page = _page(people["resident"], f"/fund/{round_.slug}/results/")
    assert status == 403
    assert "Results will be published on 10 March 2027." in page and ROLE_REFUSAL not in page


def test_a_closed_call_for_proposals_says_when_it_closed(timed_round, people):
    round_ = actions.open_round(actor=people["officer"], round_=timed_round)
    draft = propose(round_, people["partner"], *PROJECTS[0], submit=False)
    round_ = actions.open_assessment(actor=people["officer"], round_=round_)
    closed_on = date_format(timezone.localdate(), "j F Y")  # closed today, not as planned
    for user, url in [
        (people["resident"], f"/fund/{round_.slug}/propose/"),
        (people["partner"], f"/fund/{round_.slug}/proposals/{draft.pk}/edit/"),
    ]:
        status, page = _page(user, url)
        assert status == 403
        assert f"Proposals closed on {closed_on}." in page, url
        assert ROLE_REFUSAL not in page


def test_the_closed_page_is_in_the_residents_language(timed_round, people):
    round_ = _at(timed_round, "results")
    status, page = _page(people["resident"], f"/pl/fund/{round_.slug}/vote/")
    assert status == 403
    assert "marca 2027" in page  # genitive month: "3 marca 2027"
    assert ROLE_REFUSAL not in page


def test_a_real_role_refusal_still_says_so(timed_round, people):
    status, page = _page(people["resident"], f"/fund/{timed_round.slug}/manage/")
    assert status == 403 and ROLE_REFUSAL in page
