"""Voting on a 390 px phone, in English and in Urdu (right to left): the running total stays in
view while the voter ticks projects far down the page, the over-budget message appears the
moment the choices cost too much (before "Cast"), and the receipt lists what was chosen."""

import re

import pytest
from playwright.sync_api import expect

from commonground.fund import actions
from commonground.fund.models import Ballot
from commonground.fund.tests.conftest import shortlisted_round

from .test_fund_in_browser import _as_fixture_people
from .test_fund_in_browser import people as people  # the shared fixture

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["", "/ur"])
def test_the_total_stays_in_view_and_says_at_once_when_over_budget(phone, people, language):
    round_ = shortlisted_round(_as_fixture_people(people), people["strategy"])
    (code,) = actions.issue_access_codes(actor=people["officer"], round_=round_, count=1)
    page = phone.page
    page.set_viewport_size(PHONE)
    page.goto(f"{language}/fund/{round_.slug}/vote/code/")
    page.locator("#id_code").fill(code)
    page.locator("main form button.govuk-button").click()
    expect(page).to_have_url(re.compile(r"/fund/.+/vote/ballot/$"))
    summary = page.locator("#ballot-summary")
    over = summary.locator("[data-over]")
    expect(over).to_be_hidden()
    # £12,000 + £8,000 + £20,000 + £15,000 = £55,000 of a £50,000 budget.
    for n in ("1", "2", "3", "4"):
        page.locator(f"label[for=project-{n}]").click()
        expect(page.locator(f"#project-{n}")).to_be_checked()
        expect(summary).to_be_in_viewport(ratio=1)  # the whole total, not a sliver of it
        expect(summary.locator('[data-slot="count"]')).to_have_text(n)
    assert page.evaluate("window.scrollY") > 200  # the last project lay below the first screen
    expect(over).to_be_visible()  # before anything is sent
    expect(over).to_contain_text(re.compile(r"£5,?000"))  # Urdu writes no grouping
    expect(summary.locator('[data-slot="spent"]')).to_have_text(re.compile(r"^£55,?000$"))
    expect(summary.locator('[data-slot="count"]')).to_have_text("4")
    assert Ballot.objects.count() == 0
    page.locator("label[for=project-3]").click()  # untick £20,000
    expect(over).to_be_hidden()
    expect(summary.locator('[data-slot="left"]')).to_have_text(re.compile(r"^£15,?000$"))
    expect(summary).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    receipt = page.locator("#receipt")
    expect(receipt).to_contain_text("Cooking Together")
    expect(receipt).to_contain_text("English in the Park")
    expect(receipt).to_contain_text("Safe Streets Walks")
    expect(receipt).not_to_contain_text("Young Leaders")
    expect(receipt.locator("tfoot")).to_contain_text(re.compile(r"£35,?000"))
    assert Ballot.objects.get().choices == ["1", "2", "4"]
    if language:
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert not phone.console_errors
