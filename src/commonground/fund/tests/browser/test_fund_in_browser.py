"""The fund in a real browser: a group proposes, an officer assesses, a resident votes on a
phone in Polish with an access code, and two officers key one paper ballot."""

import re

import pytest
from playwright.sync_api import expect

from commonground.fund import actions
from commonground.fund.models import Ballot, Proposal
from commonground.fund.tests.conftest import PROJECTS, new_round, propose, shortlisted_round

from .conftest import sign_in


@pytest.fixture
def people(transactional_db):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.fund.tests.conftest import make_user

    strategy = make_strategy(make_bradford())
    group = Organisation.objects.create(
        name="Girlington Women's Group", slug="girlington", kind="voluntary"
    )
    return {
        "strategy": strategy,
        "officer": make_user("officer", Role.OFFICER),
        "officer2": make_user("officer2", Role.OFFICER),
        "partner": make_user("partner", Role.PARTNER, group),
    }


def test_group_drafts_and_submits_a_proposal(visit, people):
    round_ = new_round(people["officer"], people["strategy"])
    round_ = actions.open_round(actor=people["officer"], round_=round_)
    sign_in(visit, people["partner"])
    page = visit.page
    page.goto(f"/fund/{round_.slug}/")
    page.get_by_role("link", name="Propose a project").click()
    page.get_by_label("Title").fill("Cooking Together")
    page.get_by_label("Summary").fill("Shared meals for new and settled neighbours.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft has been saved.")).to_be_visible()
    page.get_by_label("Full description").fill("Monthly meals in community centres.")
    page.get_by_label("Kind of applicant").select_option("constituted_group")
    page.get_by_label("Getting Along").check()
    page.locator("#id_budget-0-item").fill("Food and venue")
    page.locator("#id_budget-0-amount").fill("6000")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_text("Your proposal has been submitted.")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Submitted")
    assert Proposal.objects.get().cost == 6000


def test_officer_assesses_and_shortlists(visit, people):
    round_ = actions.open_round(
        actor=people["officer"], round_=new_round(people["officer"], people["strategy"])
    )
    proposal = propose(round_, people["partner"], *PROJECTS[0])
    actions.open_assessment(actor=people["officer"], round_=round_)
    sign_in(visit, people["officer"])
    page = visit.page
    page.goto(f"/fund/{round_.slug}/assessment/")
    page.get_by_role("link", name="Cooking Together").click()
    form = page.locator("form", has=page.locator("input[value=assessment]"))
    form.get_by_label("Eligibility screening").check()
    form.get_by_label("Passes", exact=True).check()
    for question in round_.eligibility_checklist:
        form.get_by_role("group", name=question).get_by_label("Yes").check()
    form.get_by_label("Comment to the proposer").fill("Meets every rule.")
    form.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_text("Your decision has been recorded")).to_be_visible()
    shortlist = page.locator("form", has=page.locator("input[value=shortlist]"))
    shortlist.get_by_label("Yes, shortlist it").check()
    shortlist.get_by_role("button", name="Record shortlisting decision").click()
    proposal.refresh_from_db()
    assert proposal.status == "shortlisted"
    assert proposal.decisions.filter(kind="eligible", reason="Meets every rule.").exists()


def test_resident_votes_on_a_phone_in_polish_with_an_access_code(phone, people):
    round_ = shortlisted_round(_as_fixture_people(people), people["strategy"])
    (code,) = actions.issue_access_codes(actor=people["officer"], round_=round_, count=1)
    page = phone.page
    page.goto(f"/pl/fund/{round_.slug}/vote/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.locator(f"a[href='/pl/fund/{round_.slug}/vote/code/']").click()
    page.locator("#id_code").fill(code.lower())
    page.locator("main form button.govuk-button").click()
    expect(page).to_have_url(re.compile(r"/pl/fund/.+/vote/ballot/$"))
    total = page.locator('#ballot-summary [data-slot="spent"]')
    page.locator("label[for=project-1]").click()
    page.locator("label[for=project-2]").click()
    expect(total).to_contain_text("20")  # £20,000 of £50,000 chosen, live
    expect(page.locator("#ballot-summary")).to_have_attribute("aria-live", "polite")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    assert Ballot.objects.get().choices == ["1", "2"]
    assert not phone.console_errors


def test_two_officers_key_the_same_paper_ballot(browser, live_server, people):
    from commonground.testing.browser import Visit

    round_ = shortlisted_round(_as_fixture_people(people), people["strategy"])
    statuses = []
    for officer in ("officer", "officer2"):
        tab = Visit(browser, live_server.url, viewport={"width": 1280, "height": 900})
        sign_in(tab, people[officer])
        tab.page.goto(f"/fund/{round_.slug}/paper-ballots/")
        tab.page.get_by_label("Ballot paper number").fill("P-0042")
        tab.page.locator("label[for=project-3]").click()
        tab.page.get_by_role("button", name="Save this entry").click()
        statuses.append(tab.page.locator("#paper-result").get_attribute("data-status"))
        tab.close()
    assert statuses == ["pending", "matched"]
    assert Ballot.objects.get().channel == "paper"


def _as_fixture_people(people):
    """shortlisted_round wants the full cast; add the second partner it does not use."""
    return {**people, "partner2": people["partner"]}
