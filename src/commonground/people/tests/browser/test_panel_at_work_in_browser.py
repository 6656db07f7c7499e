"""The panel at work in a real browser, on a 390 px phone: an officer records who came to a
meeting; a Board member publishes a response to the panel's recommendation, which the public
page then shows (axe-clean in English and Urdu)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commonground.people import actions
from commonground.people.models import SelectionRun
from commonground.testing.accessibility import assert_accessible

from .test_panel_in_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def sitting(transactional_db):
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford
    from commonground.testing.people import make_user

    make_bradford()
    officer = make_user("panel-officer", Role.OFFICER)
    board = make_user("panel-board", Role.BOARD)
    pool = actions.create_pool(
        actor=officer, title="Community voice 2026", slug="voice", panel_size=6,
        characteristics=["sex", "age_band"],
    )  # fmt: skip
    rows = ["id,sex,age_band"] + [
        f"p{n},{['female', 'male'][n % 2]},{['16-29', '30-44', '45-64', '65+'][n % 4]}"
        for n in range(20)
    ]
    actions.import_pool(actor=officer, pool=pool, text="\n".join(rows) + "\n")
    run = SelectionRun.objects.create(pool=pool, seed=5, requested_by=officer)
    run = actions.publish_selection(actor=officer, run=actions.run_selection(run.pk))
    panel = actions.establish_panel(
        actor=officer, run=run, started_on=timezone.localdate() - timedelta(days=30)
    )
    meeting = actions.schedule_meeting(
        actor=officer, panel=panel, title="Getting around", mode="in_person",
        starts_at=timezone.now() - timedelta(days=2), venue="City Hall", agenda="1. Buses",
    )  # fmt: skip
    question = actions.ask_question(actor=board, panel=panel, title="Should night buses run?")
    recommendation = actions.record_recommendation(
        actor=officer, question=question, text="Run night buses at weekends.", support=80
    )
    return {
        "officer": officer,
        "board": board,
        "panel": panel,
        "meeting": meeting,
        "recommendation": recommendation,
    }


def test_an_officer_records_attendance_on_a_phone(phone, sitting):
    page = phone.page
    page.set_default_navigation_timeout(120_000)
    sign_in(phone, sitting["officer"])
    page.goto("/panel/voice/at-work/")
    page.get_by_role("link", name="Getting around").click()
    page.get_by_role("link", name="Record attendance").click()
    expect(page.locator("h1")).to_have_text("Record attendance")
    assert_accessible(page, "record attendance")
    members = list(actions.serving_at(sitting["meeting"]))
    assert len(members) == 6
    for n, member in enumerate(members):
        value = "apologies" if n == 0 else "present"
        page.locator(f"label[for=presence-{member.pk}-{value}]").click()
    page.get_by_role("button", name="Save attendance").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{sitting['meeting'].pk}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved.")
    assert sitting["meeting"].attendance.filter(presence="present").count() == 5


def test_a_board_member_publishes_a_response(phone, sitting):
    page = phone.page
    page.set_default_navigation_timeout(120_000)
    sign_in(phone, sitting["board"])
    question = sitting["recommendation"].question
    page.goto(question.get_absolute_url())
    page.get_by_role("link", name=re.compile("Respond for the Board")).click()
    page.get_by_role("button", name="Publish the response").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "respond, with errors")
    page.get_by_label("Partly accepted").check()
    page.get_by_label("Reasons").fill("Two routes from April; the rest reviewed in six months.")
    page.get_by_role("button", name="Publish the response").click()
    expect(page).to_have_url(re.compile(rf"/questions/{question.pk}/$"))
    page.goto("/panel/voice/our-work/")
    expect(page.locator("main")).to_contain_text("Partly accepted")
    expect(page.locator("main")).to_contain_text("Two routes from April")
    assert_accessible(page, "the panel's public page")
    page.goto("/ur/panel/voice/our-work/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "the panel's public page in Urdu")
