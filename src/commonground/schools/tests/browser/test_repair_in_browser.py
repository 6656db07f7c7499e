"""On a phone, after two schools decline, an officer sees the freed partners, the new pairs and
what keeping the standing pairs costs, makes them, then registers the year in test and learn.
axe-core finds no serious violation, in English and Urdu."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commonground.core.roles import Role
from commonground.schools import actions
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.people import make_user

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_officer_repairs_after_declines_and_registers(phone, transactional_db, few, language):
    officer = make_user("officer", Role.OFFICER)
    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal(5))
    actions.set_participants(
        actor=officer, linking_year=item, rows=[(s, 1, "Year 4") for s in few[:12]]
    )
    actions.propose(actor=officer, linking_year=item)
    actions.confirm_year(actor=officer, linking_year=item)
    first, second = list(item.pairs.order_by("-difference"))[:2]
    for pair in (first, second):
        actions.answer_pair(actor=officer, pair=pair, school=pair.school_a, accept=False)
    before = item.pairs.count()
    page = phone.page
    found = {}

    sign_in(phone, officer)
    page.goto(f"{language}{item.get_absolute_url()}")
    expect(page.locator("#repair-cost")).to_be_visible()
    expect(page.locator("#repair")).to_be_visible()
    found["repair"] = blocking_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#repair-confirm").click()
    expect(page).to_have_url(re.compile("#pairs$"))
    assert item.pairs.count() > before
    expect(page.locator("#repair-confirm")).to_have_count(0)

    page.goto(f"{language}/schools/linking/years/{item.pk}/results/")
    page.locator("#id_owner").fill("Linking team")
    page.locator("#id_start_date").fill("2027-09-01")
    found["results"] = blocking_violations(page)
    page.locator("#register").click()
    expect(page).to_have_url(re.compile(r"/evaluation/\d+/$|/\d+/$"))
    item.refresh_from_db()
    assert item.intervention is not None and item.intervention.owner == "Linking team"
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
