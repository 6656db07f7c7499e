"""A grant's money on its page and on /fund/tracking/: what the council awarded, what it has
paid out, and what the project reports spending are three different figures, each labelled with
where it comes from, and spending beyond what was paid is flagged — never "Paid £0" beside
"Spent £2,700" with nothing to say which is which."""

import re
from decimal import Decimal

import pytest

from commonground.fund import actions
from commonground.fund.models import Grant

from .test_grants import delivered  # noqa: F401  (fixture)


@pytest.fixture
def grant(delivered):  # noqa: F811
    return Grant.objects.select_related("round", "proposal").order_by("pk").first()


def _text(response) -> str:
    html = re.sub(r"</?(bdi|span|strong)\b[^>]*>", "", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _report(grant, people, spent: str) -> None:
    actions.report_progress(
        actor=people["partner"], grant=grant, percent_complete=30, spend_to_date=Decimal(spent)
    )


def test_spending_before_any_payment_is_labelled_and_flagged(grant, people, client):
    _report(grant, people, "2700")
    money = grant.money()
    assert (money.awarded, money.paid, money.spent) == (grant.amount, 0, Decimal("2700"))
    assert money.spent_beyond_paid == Decimal("2700")
    page = client.get(grant.get_absolute_url())
    text = _text(page)
    awarded = f"£{grant.amount:,.0f}"
    assert f"Awarded {awarded}" in text
    assert "Paid out by the council £0" in text and f"{awarded} is still to be paid" in text
    assert "Spent, as reported by the project £2,700" in text
    assert "reports spending £2,700 more than the council has paid it so far" in text
    assert 'data-flag="spent-beyond-paid"' in page.content.decode()


def test_no_flag_once_payments_cover_the_spending(grant, people, client):
    first = grant.milestones.order_by("order", "pk").first()
    actions.pay_milestone(actor=people["officer"], milestone=first)
    _report(grant, people, str(first.payment))
    assert grant.money().spent_beyond_paid == 0
    page = client.get(grant.get_absolute_url())
    assert f"Paid out by the council £{first.payment:,.0f}" in _text(page)
    assert "data-flag" not in page.content.decode()


def test_a_grant_with_no_report_says_so(grant, client):
    text = _text(client.get(grant.get_absolute_url()))
    assert "Spent, as reported by the project No report yet" in text


def test_tracking_shows_the_three_figures_and_the_flag(grant, people, client):
    _report(grant, people, "2700")
    page = client.get("/fund/tracking/")
    html = page.content.decode()
    text = _text(page)
    assert "Paid out by the council" in text and "Spent, as reported by the project" in text
    row = text[text.index(grant.proposal.title) :]
    awarded = re.escape(f"£{grant.amount:,.0f}")
    assert re.match(rf"{re.escape(grant.proposal.title)} .+? {awarded} £0 £2,700 £2,700 more", row)
    assert html.count('data-flag="spent-beyond-paid"') == 1
    by_round = text[text.index("By round") :]
    assert re.search(r"Innovation Fund 2025 \d+ £[\d,]+ £0 £2,700 ", by_round)
