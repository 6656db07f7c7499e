"""The pages, walked with Django's test client: an officer sets up a round, a group proposes,
an officer assesses, a resident votes in Polish with an access code, officers key a paper
ballot twice, the result and the tracking page show."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from commonground.core.models import AuditEvent, Pillar
from commonground.fund import actions
from commonground.fund.models import Ballot, Proposal, Round

from .conftest import voter


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_officer_sets_up_a_round_through_the_form(people, strategy):
    client = _client(people["officer"])
    form = client.get("/fund/new-round/").content.decode()
    assert "New round" in form and 'name="budget"' in form and 'name="rule"' in form
    pillar = Pillar.objects.get(slug="getting-along")
    response = client.post(
        "/fund/new-round/",
        {
            "title": "Innovation Fund 2026",
            "slug": "if-2026",
            "summary": "Year two.",
            "strategy": strategy.pk,
            "currency": "GBP",
            "budget": "40000",
            "pillars": [pillar.pk],
            "eligible_applicants": ["constituted_group", "collaboration"],
            "min_partners": "2",
            "min_cost": "500",
            "max_cost": "10000",
            "eligibility_checklist": "Constituted?\nBank account?",
            "voter_min_age": "11",
            "verification": ["access_code"],
            "postcode_prefixes": "bd1, BD 3",
            "ballot_type": "approval_k",
            "max_choices": "3",
            "rule": "mes-add1u",
            "lines": "E05001347 = 10000",
            "proposals_starts_on": "2026-01-05",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    round_ = Round.objects.get(slug="if-2026")
    assert round_.postcode_prefixes == ["BD1", "BD3"]
    assert round_.eligibility_checklist == ["Constituted?", "Bank account?"]
    assert round_.area_budgets.get().budget == Decimal("10000")
    assert round_.phases.get(kind="proposals").starts_on.isoformat() == "2026-01-05"
    response = client.post(f"/fund/{round_.slug}/manage/open_round/")
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.phase == "proposals"
    assert _client().get("/fund/").content.decode().count("Innovation Fund 2026") >= 1


def test_group_drafts_then_submits_and_sees_its_status(round_draft, people):
    round_ = actions.open_round(actor=people["officer"], round_=round_draft)
    client = _client(people["partner"])
    page = client.get(f"/fund/{round_.slug}/propose/")
    assert page.status_code == 200 and "budget-TOTAL_FORMS" in page.content.decode()
    pillar = round_.pillars.get(slug="getting-along")
    form = {
        "title": "Cooking Together",
        "summary": "Shared meals.",
        "description": "Monthly.",
        "language": "pl",
        "applicant_kind": "constituted_group",
        "pillars": [pillar.pk],
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-item": "Food",
        "budget-0-amount": "3000",
        "budget-1-item": "",
        "budget-1-amount": "",
        "outputs-TOTAL_FORMS": "1",
        "outputs-INITIAL_FORMS": "0",
        "outputs-0-description": "Meals shared",
        "outputs-0-target": "400",
        "save": "1",
    }
    response = client.post(f"/fund/{round_.slug}/propose/", form)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == "draft" and proposal.cost == Decimal("3000")
    assert proposal.language == "pl" and proposal.promised.get().target == 400
    status = client.get(proposal.get_absolute_url()).content.decode()
    assert "Draft" in status
    form.pop("save")
    form["submit"] = "1"
    form["organisation"] = proposal.organisation_id  # the page pre-selects it
    response = client.post(f"/fund/{round_.slug}/proposals/{proposal.pk}/edit/", form)
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    mine = client.get("/fund/proposals/").content.decode()
    assert "Cooking Together" in mine and "Submitted" in mine


def test_officer_assesses_through_the_pages(round_draft, people):
    from .conftest import PROJECTS, propose

    round_ = actions.open_round(actor=people["officer"], round_=round_draft)
    proposal = propose(round_, people["partner"], *PROJECTS[0])
    round_ = actions.open_assessment(actor=people["officer"], round_=round_)
    client = _client(people["officer"])
    queue = client.get(f"/fund/{round_.slug}/assessment/").content.decode()
    assert "Cooking Together" in queue
    url = f"/fund/{round_.slug}/assessment/{proposal.pk}/"
    response = client.post(
        url,
        {
            "form": "assessment",
            "a-kind": "eligibility",
            "a-outcome": "pass",
            "a-q0": "yes",
            "a-q1": "yes",
            "a-comment": "All in order.",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"form": "shortlist", "s-include": "yes", "s-reason": ""})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "shortlisted"
    shown = _client(people["partner"]).get(proposal.get_absolute_url()).content.decode()
    assert "All in order." in shown and "Shortlisted for the vote" in shown
    response = client.post(url, {"form": "revision", "r-reason": ""})
    assert "There is a problem" in response.content.decode()


def test_resident_votes_in_polish_with_an_access_code(round_voting, people):
    (code,) = actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=1)
    client = Client()
    start = client.get(f"/pl/fund/{round_voting.slug}/vote/")
    assert start.status_code == 200 and 'lang="pl"' in start.content.decode()
    response = client.post(f"/pl/fund/{round_voting.slug}/vote/code/", {"code": "WRONG-CODE"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    response = client.post(f"/pl/fund/{round_voting.slug}/vote/code/", {"code": code})
    assert response.status_code == 302 and response["Location"].endswith("/vote/ballot/")
    ballot = client.get(response["Location"]).content.decode()
    assert 'data-cost="12000.00"' in ballot and "ballot.js" in ballot
    # No JavaScript: "check my total" answers from the server.
    checked = client.post(response["Location"], {"projects": ["1", "3"], "action": "check"})
    assert "32" in checked.content.decode() and Ballot.objects.count() == 0
    too_much = client.post(
        response["Location"], {"projects": ["1", "2", "3", "4"], "action": "save"}
    )
    assert "govuk-error-summary" in too_much.content.decode()
    done = client.post(response["Location"], {"projects": ["1", "3"], "action": "save"})
    assert done.status_code == 302
    assert Ballot.objects.get().choices == ["1", "3"]
    # Changing the vote: the ballot page shows the current choices, and saving replaces them.
    again = client.get(response["Location"]).content.decode()
    assert re.search(r'value="3"[^>]*checked', again)
    client.post(response["Location"], {"projects": ["2"], "action": "save"})
    assert Ballot.objects.get().choices == ["2"]
    # The device remembers the voter by a signed cookie holding the voter token only: no
    # code, and no server-side session row that would outlive the vote.
    kept = str(client.cookies) + str(dict(client.session))
    assert code not in kept and code.replace("-", "") not in kept
    assert f"fund_voter_{round_voting.pk}" in client.cookies
    finished = client.post(f"/pl/fund/{round_voting.slug}/vote/done/")
    assert finished.status_code == 302 and not client.cookies[f"fund_voter_{round_voting.pk}"].value


def test_two_officers_key_a_paper_ballot(round_voting, people):
    url = f"/fund/{round_voting.slug}/paper-ballots/"
    first = _client(people["officer"]).post(url, {"paper_ref": "B-0042", "projects": ["2", "4"]})
    assert 'data-status="pending"' in first.content.decode()
    second = _client(people["officer2"]).post(url, {"paper_ref": "b-0042", "projects": ["2", "4"]})
    assert 'data-status="matched"' in second.content.decode()
    assert Ballot.objects.get().channel == "paper"
    assert AuditEvent.objects.filter(action="fund.paper_ballot_keyed").count() == 2


def test_results_page_explains_and_draws(round_voting, people):
    for i, choices in enumerate([["1", "2"], ["1", "2"], ["3"], ["4"]]):
        actions.cast_ballot(
            round_=round_voting, voter=voter(round_voting, f"r{i}"), choices=choices
        )
    round_ = actions.close_vote(actor=people["officer"], round_=round_voting)
    client = _client(people["officer"])
    assert client.post(f"/fund/{round_.slug}/manage/compute_results/").status_code == 302
    page = _client().get(f"/fund/{round_.slug}/results/").content.decode()
    assert "<svg" in page and "Why each project won or lost" in page
    assert "Funded with equal shares." in page and "people voted for it" in page
    used = [float(x) for x in re.findall(r"used ([\d.]+)% of", page)]
    assert used and max(used) <= 100  # equal shares never pay more than the shares there are
    polish = _client().get(f"/pl/fund/{round_.slug}/results/").content.decode()
    assert 'lang="pl"' in polish and "Dlaczego każdy projekt wygrał lub przegrał" in polish
    pb = _client().get(f"/fund/{round_.slug}/results/district.pb").content.decode()
    assert pb.startswith("META") and "num_votes;4" in pb


@pytest.mark.parametrize(
    ("url", "shows"),
    [
        (
            "/fund/",
            [
                "Stronger Communities Innovation Fund",
                'href="/fund/innovation-2025/"',
                "Innovation Fund 2025",
                "Vote",
                "£50,000",
                'href="/fund/tracking/"',
            ],
        ),
        (
            "/fund/tracking/",
            [
                "How funded projects are doing",
                "No grants yet.",
                'href="/fund/grants/360giving.json"',
                'href="/fund/grants/360giving.csv"',
            ],
        ),
        (
            "/ur/fund/",
            [
                'dir="rtl"',
                "مضبوط برادریوں کا انوویشن فنڈ",
                'href="/ur/fund/innovation-2025/"',
                'href="/ur/fund/tracking/"',
            ],
        ),
        (
            "/pl/fund/",
            [
                "Fundusz Innowacji Silniejszych Społeczności",
                'href="/pl/fund/innovation-2025/"',
                "Głosowanie",
                'href="/pl/fund/tracking/"',
            ],
        ),
    ],
)
def test_public_pages_show_the_rounds(url, shows, round_voting):
    """Anyone sees the fund in their language: the round on its vote, its budget, the links on."""
    response = _client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert [text for text in shows if text not in page] == []


def test_the_vote_pages_are_translated(round_voting):
    polish = _client().get(f"/pl/fund/{round_voting.slug}/vote/").content.decode()
    assert "Zagłosuj na projekty" in polish
    urdu = _client().get(f"/ur/fund/{round_voting.slug}/vote/").content.decode()
    assert 'dir="rtl"' in urdu and "ووٹ" in urdu
