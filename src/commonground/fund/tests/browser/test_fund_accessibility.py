"""axe-core on the fund's pages: the public ones (rounds, a round, the ballot on a phone in
English, Urdu and Polish, results, tracking, a grant) and the officers' (round editor,
assessment, paper ballot keying, voters and access-code cards, grant conditions).

A serious or critical violation fails; each test visits all its pages first and then lists
every violation found, page by page, so one run shows everything to fix.
"""

import re

import pytest
from playwright.sync_api import expect

from commonground.fund import actions
from commonground.fund.models import Grant
from commonground.fund.tests.conftest import PROJECTS, propose, shortlisted_round, voter
from commonground.testing.accessibility import blocking_violations, describe

from .conftest import sign_in


@pytest.fixture
def fund(transactional_db):
    """A round open for voting, one in assessment, and one delivered with grants."""
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.fund.tests.conftest import make_user, new_round

    strategy = make_strategy(make_bradford())
    group = Organisation.objects.create(
        name="Girlington Women's Group", slug="girlington", kind="voluntary"
    )
    people = {
        "officer": make_user("officer", Role.OFFICER),
        "officer2": make_user("officer2", Role.OFFICER),
        "partner": make_user("partner", Role.PARTNER, group),
    }
    people["partner2"] = people["partner"]
    officer = people["officer"]
    voting = shortlisted_round(people, strategy)
    delivered = shortlisted_round(people, strategy, slug="if-2024", title="Innovation Fund 2024")
    for i, choices in enumerate([["1", "2"], ["1", "2"], ["3"], ["4", "2"]]):
        actions.cast_ballot(round_=delivered, voter=voter(delivered, f"v{i}"), choices=choices)
    delivered = actions.close_vote(actor=officer, round_=delivered)
    actions.compute_results(actor=delivered.created_by, round_=delivered)
    actions.award_grants(actor=officer, round_=delivered, conditions="Quarterly reports.")
    assessing = new_round(officer, strategy, slug="if-2026", title="Innovation Fund 2026")
    assessing = actions.open_round(actor=officer, round_=assessing)
    proposal = propose(assessing, people["partner"], *PROJECTS[0])
    assessing = actions.open_assessment(actor=officer, round_=assessing)
    return {
        "people": people,
        "voting": voting,
        "delivered": delivered,
        "assessing": assessing,
        "proposal": proposal,
        "grant": Grant.objects.filter(round=delivered).first(),
    }


def _scan(page, name: str, found: dict[str, list]) -> None:
    expect(page.locator("main")).to_be_visible()
    blocking = blocking_violations(page)
    if blocking:
        found[f"{name} ({page.url})"] = blocking


def _report(found: dict[str, list]) -> str:
    return "\n".join(f"{name}:\n{describe(violations)}" for name, violations in found.items())


def test_public_fund_pages(visit, fund):
    voting, delivered, grant = fund["voting"], fund["delivered"], fund["grant"]
    pages = [
        ("rounds", "/fund/"),
        ("round", f"/fund/{voting.slug}/"),
        ("projects on the ballot", f"/fund/{voting.slug}/projects/"),
        ("how to vote", f"/fund/{voting.slug}/vote/"),
        ("access code", f"/fund/{voting.slug}/vote/code/"),
        ("postcode and age", f"/fund/{voting.slug}/vote/postcode/"),
        ("results", f"/fund/{delivered.slug}/results/"),
        ("results in Urdu", f"/ur/fund/{delivered.slug}/results/"),
        ("tracking", "/fund/tracking/"),
        ("grant", f"/fund/{delivered.slug}/grants/{grant.pk}/"),
    ]
    found: dict[str, list] = {}
    for name, path in pages:
        visit.page.goto(path)
        _scan(visit.page, name, found)
    assert not found, _report(found)


@pytest.mark.parametrize("language", ["en", "ur", "pl"])
def test_ballot_on_a_phone(phone, fund, language):
    round_ = fund["voting"]
    (code,) = actions.issue_access_codes(actor=fund["people"]["officer"], round_=round_, count=1)
    prefix = "" if language == "en" else f"/{language}"
    page = phone.page
    found: dict[str, list] = {}
    page.goto(f"{prefix}/fund/{round_.slug}/vote/code/")
    page.locator("#id_code").fill("WRONG-CODE-0000")
    page.locator("main form button.govuk-button").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _scan(page, f"access code error ({language})", found)
    page.locator("#id_code").fill(code)
    page.locator("main form button.govuk-button").click()
    expect(page).to_have_url(re.compile(r"/vote/ballot/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    _scan(page, f"ballot ({language})", found)
    page.locator("label[for=project-1]").click()
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    _scan(page, f"ballot saved ({language})", found)
    assert not found, _report(found)


def test_officer_fund_pages(visit, fund):
    sign_in(visit, fund["people"]["officer"])
    voting, assessing, grant = fund["voting"], fund["assessing"], fund["grant"]
    pages = [
        ("manage", f"/fund/{voting.slug}/manage/"),
        ("round editor", f"/fund/{assessing.slug}/manage/settings/"),
        ("new round", "/fund/new-round/"),
        ("assessment queue", f"/fund/{assessing.slug}/assessment/"),
        ("assessment", f"/fund/{assessing.slug}/assessment/{fund['proposal'].pk}/"),
        ("paper ballot keying", f"/fund/{voting.slug}/paper-ballots/"),
        ("voters and access codes", f"/fund/{voting.slug}/voters/"),
        ("grant conditions and milestones", f"/fund/{grant.round.slug}/grants/{grant.pk}/edit/"),
    ]
    found: dict[str, list] = {}
    page = visit.page
    for name, path in pages:
        page.goto(path)
        _scan(page, name, found)
    # The sheet of access-code cards, as the officer gets it from the form.
    page.goto(f"/fund/{voting.slug}/voters/")
    page.locator("#id_c-count").fill("3")
    page.locator("form:has(#id_c-count) button.govuk-button").click()
    expect(page.locator(".card")).to_have_count(3)
    _scan(page, "access-code cards", found)
    assert not found, _report(found)
