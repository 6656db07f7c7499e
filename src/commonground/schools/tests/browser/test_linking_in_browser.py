"""On a phone, an officer forbids a proposed pair and sees what it costs; a teacher then
confirms a linking day's date.  axe-core finds no serious violation, in English and Urdu."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commonground.core.roles import Role
from commonground.schools import actions
from commonground.schools.models import LinkingDay, SchoolContact
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.people import make_user

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_officer_changes_a_pair_then_a_teacher_confirms(phone, transactional_db, few, language):
    officer = make_user("officer", Role.OFFICER)
    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal(5))
    actions.set_participants(
        actor=officer, linking_year=item, rows=[(s, 1, "Year 4") for s in few[:12]]
    )
    actions.propose(actor=officer, linking_year=item)
    page = phone.page
    found = {}

    sign_in(phone, officer)
    page.goto(f"{language}{item.get_absolute_url()}")
    expect(page.locator("#cost")).to_be_visible()
    found["year"] = blocking_violations(page)
    before = item.pairs.order_by("-difference").first()
    page.locator("#pairs-table button.cg-forbid").first.click()
    expect(page).to_have_url(re.compile("#pairs$"))
    item.refresh_from_db()
    assert not item.pairs.filter(school_a=before.school_a, school_b=before.school_b).exists()
    if item.cost > 0.00001:
        expect(page.locator("#cost")).to_contain_text(f"{item.cost:.2f}")
    else:
        expect(page.locator("#cost")).to_have_attribute("class", "govuk-body")
    found["changed"] = blocking_violations(page)
    page.locator("#confirm").click()
    expect(page.locator("#confirm")).to_have_count(0)

    pair = item.pairs.order_by("-difference").first()
    day = LinkingDay.objects.get(pair=pair, kind="at_a")
    actions.update_day(actor=officer, day=day, date=date(2027, 10, 6))
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=teacher, role="teacher")
    sign_in(phone, teacher)
    page.goto(f"{language}{pair.get_absolute_url()}")
    found["pair"] = blocking_violations(page)
    page.locator(f"#day-{day.pk} button.cg-confirm-date").click()
    expect(page.locator(f"#day-{day.pk}")).to_be_visible()
    day.refresh_from_db()
    assert day.confirmed_a_by == teacher and not day.confirmed
    if language:
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
