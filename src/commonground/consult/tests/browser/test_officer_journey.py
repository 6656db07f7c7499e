"""Conversations in a real browser: an officer enters a board table (dots and sticky notes)
and a focus group, finds them in the evidence base, codes a comment in place, and reads the
report; axe finds no serious problem on any public conversations page, in English or Urdu."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.consult import actions, analysis
from commonground.consult.models import (
    Activity,
    AnalysisKind,
    Coding,
    CodingStatus,
    ConsultationStatus,
    Method,
)
from commonground.consult.tests.conftest import board_table, make_user, new_consultation
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.testing.accessibility import assert_accessible
from commonground.testing.browser import Visit

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> dict:
    """Committed data, so the live server's thread sees it: an open consultation."""
    strategy = make_strategy(make_bradford())
    officer = make_user("consult-officer", Role.OFFICER)
    consultation = actions.set_status(
        actor=officer,
        consultation=new_consultation(officer, strategy),
        status=ConsultationStatus.OPEN,
    )
    return {"officer": officer, "consultation": consultation}


def sign_in(tab: Visit, user) -> None:
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


def test_officer_enters_a_board_table_and_a_focus_group_then_codes_and_reports(visit, world):
    consultation = world["consultation"]
    sign_in(visit, world["officer"])
    page = visit.page

    # A board table: dots per option and a pile of sticky notes, one a line.
    page.goto(f"/conversations/{consultation.slug}/manage/")
    page.get_by_role("link", name="Board table", exact=True).click()
    page.wait_for_url(re.compile(r"/activities/new/board-table/$"))
    page.get_by_label("Name").fill("Board table at Girlington Centre")
    page.get_by_label("Date").fill("2025-03-15")
    page.get_by_label("Venue or place").fill("Girlington Centre")
    page.get_by_label("Ward").select_option(label="City (Bradford)")
    page.get_by_label("Number of participants").fill("16")
    page.get_by_label("Said yes out loud, recorded by the facilitator").check()
    page.get_by_label("Employment").fill("8")
    page.get_by_label("Mixing at school").fill("5")
    page.get_by_label("Sticky notes, one a line").fill(
        "More apprenticeships for school leavers\nEvening English classes\nSafer parks at night"
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    expect(page.get_by_text("with 3 items in the evidence base")).to_be_visible()
    expect(page.get_by_test_id("tallies")).to_contain_text("Employment")

    # A focus group, in Urdu, with consent forms.
    page.goto(f"/conversations/{consultation.slug}/activities/new/focus-group/")
    page.get_by_label("Name").fill("Women's focus group")
    page.get_by_label("Date").fill("2025-03-18")
    page.get_by_label("Ward").select_option(label="Tong")
    page.get_by_label("Language it was held in").select_option("ur")
    page.get_by_label("Number of participants").fill("9")
    page.get_by_label("Signed a consent form").check()
    page.get_by_label("Points and quotes heard, one a line").fill(
        "Childcare stops us going to English classes\nWe want jobs near home"
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    assert Activity.objects.filter(method=Method.FOCUS_GROUP).count() == 1

    # Both are in the one evidence base; a search narrows it as you type.
    page.goto(f"/conversations/{consultation.slug}/evidence/")
    expect(page.get_by_test_id("evidence-count")).to_contain_text("5 items found")
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_label("Search the text").fill("english classes")
    expect(page.get_by_test_id("evidence-count")).to_contain_text("2 items found")
    assert "q=english" in page.url

    # Code a comment in place: the theme list swaps without leaving the page.
    theme = actions.create_theme(
        actor=world["officer"], consultation=consultation, label="Learning English"
    )
    page.reload()
    page.wait_for_function("window.htmx !== undefined")  # else the form posts the plain way
    first = page.get_by_test_id("evidence-item").first
    first.get_by_label("Add a theme").select_option(label=theme.label)
    first.get_by_role("button", name="Add theme").click()
    expect(first.locator("strong.govuk-tag")).to_have_text("Learning English")
    expect(first.get_by_role("button", name="Remove Learning English")).to_be_visible()
    assert Coding.objects.filter(theme=theme, status=CodingStatus.ACCEPTED).count() == 1
    assert "/evidence/" in page.url

    # The report, drafted for officers before it is published.
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    analysis.run_now(consultation, AnalysisKind.THEMES)
    page.goto(f"/conversations/{consultation.slug}/report/")
    expect(page.get_by_role("heading", name="What people said")).to_be_visible()
    expect(page.get_by_test_id("priorities")).to_contain_text("Employment")
    expect(page.locator("figure.cg-chart svg").first).to_be_visible()
    expect(page.get_by_text("Draft: only officers can see this report")).to_be_visible()
    assert not visit.console_errors


def test_a_run_shows_progress_then_links_to_the_result(visit, world):
    consultation = world["consultation"]
    board_table(world["officer"], consultation)  # new evidence queues priorities by itself
    sign_in(visit, world["officer"])
    page = visit.page
    page.goto(f"/conversations/{consultation.slug}/analysis/priorities/")
    expect(page.get_by_test_id("priorities")).to_contain_text("Employment")
    page.get_by_role("button", name="Compute again").click()
    page.wait_for_url(re.compile(r"/analysis/runs/\d+/$"))
    # The immediate test backend may finish before the page loads; either way the link shows.
    page.get_by_role("link", name="See the result").click()
    page.wait_for_url(re.compile(r"/analysis/priorities/$"))
    expect(page.get_by_test_id("priorities")).to_contain_text("Employment")


@pytest.mark.parametrize("prefix", ["", "/ur"], ids=["English", "Urdu"])
def test_public_conversation_pages_have_no_serious_accessibility_violations(visit, world, prefix):
    consultation = world["consultation"]
    officer = world["officer"]
    board_table(officer, consultation)
    theme = actions.create_theme(actor=officer, consultation=consultation, label="Jobs")
    for comment in consultation.comments.all():
        actions.code_comment(actor=officer, comment=comment, theme=theme)
    actions.record_you_said_we_did(
        actor=officer, theme=theme, you_said="Too few jobs", we_did="A jobs fair every month"
    )
    for kind in (AnalysisKind.PRIORITIES, AnalysisKind.THEMES, AnalysisKind.REACH):
        analysis.run_now(consultation, kind)
    actions.publish_report(actor=officer, consultation=consultation)
    page = visit.page
    for name, path in [
        ("conversations", "/conversations/"),
        ("consultation", f"/conversations/{consultation.slug}/"),
        ("report", f"/conversations/{consultation.slug}/report/"),
        ("you said, we did", f"/conversations/{consultation.slug}/you-said-we-did/"),
    ]:
        page.goto(prefix + path)
        page.wait_for_selector("main h1")
        assert_accessible(page, name)
