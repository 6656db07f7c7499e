"""A participant writes in their programme log on a phone (390 px), in English and in Urdu;
the page is axe-clean in both, and the entry is theirs alone."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def world(transactional_db):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.leaders import actions
    from commonground.testing.people import make_user

    council = Organisation.objects.create(
        name="Northtown Council", slug="northtown", kind="council"
    )
    police = Organisation.objects.create(name="Riverside Police", slug="riverside", kind="police")
    officer = make_user("fl-officer", Role.OFFICER)
    participant = make_user("fl-participant", Role.PARTNER, council)
    today = date.today()
    cohort = actions.create_cohort(
        actor=officer,
        name="Future Leaders 2027",
        slug="fl-2027",
        year=2027,
        size=20,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=20),
    )
    application = actions.apply(
        actor=participant,
        cohort=cohort,
        organisation=council,
        grade="officer",
        minority="yes",
        goals=["public_speaking", "finance"],
        learn="Speaking up",
        consent=True,
    )
    actions.decide(actor=officer, application=application, status="selected", score=9)
    session = actions.add_session(
        actor=officer,
        cohort=cohort,
        kind="workshop",
        title="Chairing meetings well",
        on=today - timedelta(days=1),
        place="City Hall",
    )
    actions.record_attendance(actor=officer, session=session, present=[application.pk])
    actions.add_mentor(
        actor=officer,
        name="Asif Qureshi",
        organisation=police,
        role="District Commander",
        strengths=["public_speaking"],
    )
    actions.match_mentors(actor=officer, cohort=cohort)
    return {"participant": participant, "cohort": cohort, "application": application}


def test_a_participant_writes_a_log_entry_on_a_phone_in_english_and_urdu(phone, world):
    from commonground.leaders.models import LogEntry

    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    sign_in(phone, world["participant"])
    path = f"/leaders/fl-2027/participants/{world['application'].reference}/"
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Your programme and log")
    expect(page.locator("main")).to_contain_text("Asif Qureshi")
    assert_accessible(page, "participant's log")
    page.locator("main form button[type=submit]").first.click()  # nothing written: an error
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "participant's log, with an error")
    page.locator("label[for=id_kind_1]").click()  # a reflection
    page.locator("#id_session").select_option(label="Chairing meetings well")
    page.locator("#id_text").fill("I chaired my first meeting and kept to time.")
    page.get_by_role("button", name="Save to my log").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.locator(".log-entry").first).to_contain_text("kept to time")
    entry = LogEntry.objects.get()
    assert entry.kind == "reflection" and entry.session.title == "Chairing meetings well"

    page.goto(f"/ur{path}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".log-entry").first).to_contain_text("kept to time")
    page.locator("#id_text").fill("آج میں نے بات کی")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/ur{re.escape(path)}$"))
    expect(page.locator(".log-entry").first).to_contain_text("آج میں نے بات کی")
    assert_accessible(page, "participant's log in Urdu")
    assert LogEntry.objects.count() == 2
