"""The review screen of suggested codes on a phone, in Urdu: doubtful first, a confidence
cut-off with its expected precision, and ticked suggestions accepted (issue 12, part 5)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.consult import actions
from commonground.consult.models import Coding, CodingStatus, ConsultationStatus
from commonground.consult.tests.conftest import board_table, make_user, new_consultation
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser

SCORES = [0.91, 0.35, 0.62, 0.74]


@pytest.fixture
def world(transactional_db) -> dict:
    """Committed data for the live server: four suggestions with different confidences."""
    strategy = make_strategy(make_bradford())
    officer = make_user("coding-officer", Role.OFFICER)
    consultation = actions.set_status(
        actor=officer,
        consultation=new_consultation(officer, strategy),
        status=ConsultationStatus.OPEN,
    )
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    codings = [
        Coding.objects.create(comment=c, theme=theme, status=CodingStatus.SUGGESTED, score=s)
        for c, s in zip(consultation.comments.order_by("pk"), SCORES, strict=False)
    ]
    return {"officer": officer, "consultation": consultation, "codings": codings}


def test_an_officer_reviews_suggestions_in_urdu_on_a_phone(phone, world):
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    client = Client()
    client.force_login(world["officer"])
    phone.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": phone.base_url}]
    )
    slug = world["consultation"].slug
    page.goto(f"/ur/conversations/{slug}/themes/suggestions/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    rows = page.locator("[data-testid=suggestions] tbody tr")
    expect(rows).to_have_count(len(SCORES))
    shown = [int(t.strip("%\u200f ")) for t in rows.locator("td:last-child").all_inner_texts()]
    assert shown == sorted(round(s * 100) for s in SCORES)  # the most doubtful first
    assert_accessible(page, "suggested codes in Urdu on a phone")

    page.locator("#least-filter").select_option("60")
    page.locator("main form[method=get] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"least=60"))
    expect(rows).to_have_count(sum(s >= 0.6 for s in SCORES))
    page.locator("[data-testid=suggestions] tbody label").first.click()
    page.locator("button[name=decision][value=accept]").click()
    expect(rows).to_have_count(sum(s >= 0.6 for s in SCORES) - 1)
    accepted = Coding.objects.get(status=CodingStatus.ACCEPTED)
    assert accepted.score == min(s for s in SCORES if s >= 0.6)
    assert accepted.decided_by == world["officer"]
