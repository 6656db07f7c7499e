"""An officer, on a phone, goes from the round's page to the held ballots, rejects one with a
reason and sees it decided; the page has no serious accessibility violation and shows no name,
postcode or date of birth."""

from datetime import date

import pytest
from playwright.sync_api import expect

from commonground.fund import actions
from commonground.fund.models import Ballot, IdentityReview, ReviewStatus
from commonground.fund.tests.conftest import shortlisted_round
from commonground.fund.voters import by_postcode
from commonground.testing.accessibility import blocking_violations, describe

from .conftest import sign_in


@pytest.fixture
def held(transactional_db):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford, make_strategy
    from commonground.fund.tests.conftest import make_user

    strategy = make_strategy(make_bradford())
    people = {
        "officer": make_user("officer", Role.OFFICER),
        "partner": make_user(
            "partner",
            Role.PARTNER,
            Organisation.objects.create(
                name="Girlington Women's Group", slug="g", kind="voluntary"
            ),
        ),
    }
    round_ = shortlisted_round(people, strategy)
    round_.refresh_from_db()
    for born in (date(1980, 2, 3), date(1980, 2, 4), date(1981, 2, 3)):
        voter = by_postcode(round_, "BD8 7PB", born, "Ana Kowalska")
        actions.cast_ballot(round_=round_, voter=voter, choices=["1"])
    return {"round": round_, "officer": people["officer"]}


def test_officer_rejects_a_held_ballot_on_a_phone(phone, held):
    round_ = held["round"]
    sign_in(phone, held["officer"])
    page = phone.page
    page.goto(f"/fund/{round_.slug}/manage/")
    page.locator(f"a[href='/fund/{round_.slug}/voters/reviews/']").click()
    expect(page.locator(".govuk-summary-card")).to_have_count(2)
    text = page.locator("main").inner_text()
    assert "Kowalska" not in text and "7PB" not in text and "1980" not in text
    violations = blocking_violations(page)
    assert not violations, describe(violations)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    first = page.locator(".govuk-summary-card").first
    first.locator("label", has_text="Do not count it").click()
    first.locator("textarea").fill("Same device within two minutes")
    first.locator("button.govuk-button").click()
    expect(page.locator(".govuk-summary-card")).to_have_count(1)
    expect(page.locator("table")).to_contain_text("Same device within two minutes")
    rejected = IdentityReview.objects.get(status=ReviewStatus.REJECTED)
    assert rejected.choices is None and Ballot.objects.filter(round=round_).count() == 1
