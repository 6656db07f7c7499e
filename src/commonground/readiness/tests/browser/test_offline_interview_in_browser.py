"""An interviewer on a phone loses the connection while writing notes: the notes are kept on
the device, sent by themselves when the connection is back, and nothing is recorded twice."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.readiness.models import Interview
from commonground.testing.accessibility import assert_accessible
from commonground.testing.browser_apps import lose_signal, page_knows, signal_back

pytestmark = pytest.mark.browser


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def assessment(transactional_db):
    from datetime import date

    from commonground.core.models import Area
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford
    from commonground.readiness import actions
    from commonground.testing.people import make_user

    make_bradford()
    officer = make_user("officer", Role.OFFICER)
    interviewer = make_user("ivan", Role.PARTNER)
    item = actions.create_assessment(
        actor=officer,
        issue="Women's participation in employment",
        ward=Area.objects.wards().order_by("name").first(),
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 2, 27),
        scorer_a=officer,
        scorer_b=make_user("bartek", Role.PARTNER),
        team=[interviewer],
        guide_en="1. How much of a concern is this here?",
        guide_ur="١. یہاں یہ کتنی تشویش کی بات ہے؟",
        respondent_roles="community centre manager",
    )
    return item, interviewer


def test_notes_written_offline_are_kept_and_sent_when_back_online(phone, assessment):
    item, interviewer = assessment
    page = phone.page
    # the first page starts the whole site; the context's timeout reaches the later tabs too
    phone.context.set_default_navigation_timeout(120_000)
    page.set_default_navigation_timeout(120_000)
    sign_in(phone, interviewer)
    # the form posts to its own address: with no signal nothing may reach it, whatever the
    # page or the service worker that controls it does
    sync = f"/readiness/{item.pk}/interviews/new/"
    page.goto(f"/ur/readiness/{item.pk}/interviews/new/")
    expect(page.locator("main")).to_contain_text("یہاں یہ کتنی تشویش کی بات ہے")
    assert_accessible(page, "interview form in Urdu")
    page.goto(f"/readiness/{item.pk}/interviews/new/")

    page.fill("#id_respondent_role", "community centre manager")
    page.fill("#id_held_on", "2026-01-20")
    page.select_option("#id_language", "pl")
    lose_signal(page.context, sync)
    page.fill("#id_notes", "Kobiety mówią, że brakuje opieki nad dziećmi.")
    page_knows(page, online=False)  # the form decides by navigator.onLine whether to send
    page.get_by_role("button", name="Save the interview").click()
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("You are offline")
    assert Interview.objects.count() == 0
    stored = page.evaluate("JSON.stringify(localStorage)")
    assert "brakuje opieki" in stored

    # the phone closes the tab; opened again later, online: the notes come back, unsent
    context = page.context
    page.close()
    signal_back(context, sync)
    page = context.new_page()
    page.goto(f"{phone.base_url}/readiness/{item.pk}/interviews/new/")
    status = page.locator("[data-offline-status]")
    expect(page.locator("#id_notes")).to_have_value("Kobiety mówią, że brakuje opieki nad dziećmi.")
    expect(status).to_contain_text("put back")
    assert Interview.objects.count() == 0  # never sent without the interviewer

    # offline again, send: kept; online: sent by itself, once
    lose_signal(page.context, sync)
    page_knows(page, online=False)  # a page just opened reads online for a moment
    page.get_by_role("button", name="Save the interview").click()
    expect(status).to_contain_text("You are offline")
    assert Interview.objects.count() == 0
    with page.expect_navigation():
        signal_back(page.context, sync)
    expect(page.locator("main")).to_contain_text("brakuje opieki")
    interview = Interview.objects.get()
    assert interview.language == "pl" and interview.respondent_role == "community centre manager"
    assert interview.notes == "Kobiety mówią, że brakuje opieki nad dziećmi."

    # the draft is gone once it reached the server: a new form starts empty
    page.goto(f"{phone.base_url}/readiness/{item.pk}/interviews/new/")
    expect(page.locator("#id_notes")).to_have_value("")
    assert Interview.objects.count() == 1
