"""Signing in, in a real browser: each person lands on "Your tasks", with their tools in the
header (issue 11, part 2: an officer who signs in lands on a page that links to
/conversations/manage/, /measures/uploads/ and /measures/manage/)."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from commonground.core.models import Organisation, User
from commonground.core.roles import Role
from commonground.testing.accessibility import assert_accessible

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
OFFICER_TOOLS = ["/conversations/manage/", "/measures/uploads/", "/measures/manage/"]


def _account(username: str, role: Role) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name="Asha")
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def _sign_in(page, username: str, start: str = "/sign-in/") -> None:
    page.goto(start)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_officer_who_signs_in_lands_on_their_tasks_with_links_to_their_tools(visit, site):
    _account("officer", Role.OFFICER)
    page = visit.page

    _sign_in(page, "officer")

    expect(page).to_have_url(re.compile(r"/tasks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your tasks")
    for path in OFFICER_TOOLS:
        expect(page.locator(f'main a[href="{path}"]').first).to_be_visible()
    tools = page.get_by_role("navigation", name="Your tools")
    expect(tools.get_by_role("link", name="Your tasks")).to_have_attribute("aria-current", "page")
    for name in ("Manage conversations", "Upload figures", "Manage measures"):
        expect(tools.get_by_role("link", name=name)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "cg-tasks-officer.png", full_page=True)
    assert_accessible(page, "your tasks (officer)")

    # The header's tools are on every page, not only this one.
    page.goto("/about/")
    tools = page.get_by_role("navigation", name="Your tools")
    tools.get_by_role("link", name="Manage conversations").click()
    expect(page).to_have_url(re.compile(r"/conversations/manage/$"))
    assert not visit.console_errors, visit.console_errors


def test_a_partner_lands_on_their_tasks_in_urdu_when_they_sign_in_in_urdu(visit, site):
    partner = _account("partner", Role.PARTNER)
    organisation = Organisation.objects.create(name="Girlington", slug="girlington")
    partner.organisation = organisation
    partner.save(update_fields=["organisation"])
    page = visit.page

    page.goto("/ur/sign-in/")
    page.locator("input[name=username]").fill("partner")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ur/tasks/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator('main a[href="/ur/measures/uploads/"]').first).to_be_visible()
    expect(page.locator('a[href="/ur/conversations/manage/"]')).to_have_count(0)
    assert_accessible(page, "your tasks (partner, Urdu)")


def test_next_still_wins(visit, site):
    _account("board", Role.BOARD)
    page = visit.page

    _sign_in(page, "board", start="/sign-in/?next=/measures/board/")

    expect(page).to_have_url(re.compile(r"/measures/board/$"))


def test_the_tools_fold_behind_a_button_on_a_phone(phone, site):
    _account("officer", Role.OFFICER)
    page = phone.page

    _sign_in(page, "officer")

    expect(page).to_have_url(re.compile(r"/tasks/$"))
    tools = page.get_by_role("navigation", name="Your tools")
    toggle = tools.get_by_role("button", name="Your tools")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(tools.get_by_role("link", name="Manage measures")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
