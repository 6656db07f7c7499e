"""What a resident sees in a real browser: the home page, a pillar, Urdu, a phone."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser


def test_home_page(visit, site):
    page = visit.page
    page.goto("/")

    expect(page).to_have_title(re.compile(re.escape(site.title)))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(site.title)
    pillars = page.locator("#pillars + .cg-card-list .cg-card__link")
    expect(pillars).to_have_count(4)
    # what a resident can use any day: everything near a postcode, services, events, reporting,
    # schools, what works, volunteering, Open Book, mixing challenges, myths and facts,
    # Future Leaders
    find = page.locator("#find-and-join + .cg-card-list .cg-card__link")
    expect(find).to_have_count(11)
    for name in (
        "Getting involved near you",
        "Volunteer",
        "Open Book talks",
        "Mixing challenges",
        "Myths and facts",
    ):
        expect(find.get_by_text(name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Report a hate incident")).to_be_visible()
    expect(page.get_by_role("link", name="Getting Involved", exact=True)).to_be_visible()
    expect(page.get_by_text("66%")).to_be_visible()
    expect(page.get_by_role("navigation", name="Language")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "cg-home-en.png", full_page=True)
    assert not visit.console_errors, visit.console_errors


def test_pillar_page_shows_objectives_outcome_and_baseline(visit, site):
    page = visit.page
    page.goto("/")
    page.get_by_role("link", name="Getting On").click()

    expect(page).to_have_url(re.compile(r"/pillars/getting-on/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Getting On")
    objectives = page.locator(".cg-objectives li")
    expect(objectives).to_have_count(3)
    expect(objectives.first).to_contain_text("furthest away from the labour market")
    expect(page.get_by_text("More people will have improved their quality of life")).to_be_visible()
    table = page.get_by_role("table", name="Baseline figures for Getting On")
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(3)  # header and two figures
    expect(table).to_contain_text("nearly 24,000")
    expect(table).to_contain_text("ONS Census 2011")
    page.screenshot(path=SCREENSHOTS / "cg-pillar-en.png", full_page=True)


def test_switching_to_urdu_and_back(visit, site):
    page = visit.page
    page.goto("/pillars/getting-on/")
    language = page.get_by_role("navigation", name="Language")

    language.get_by_role("link", name="اردو").click()

    expect(page).to_have_url(re.compile(r"/ur/pillars/getting-on/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ur")
    expect(page.get_by_role("heading", name="مقاصد")).to_be_visible()  # "Objectives"
    expect(page.get_by_text("یہ مواد انگریزی میں دستیاب ہے۔")).to_be_visible()
    # Right to left for real: the first menu item sits right of the last one.
    items = page.locator(".govuk-service-navigation__item")
    first, last = items.first.bounding_box(), items.nth(3).bounding_box()
    assert first["x"] > last["x"]

    page.goto("/ur/")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "cg-home-ur.png", full_page=True)

    page.get_by_role("navigation", name="زبان").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="About the programme").first).to_be_visible()


def test_polish_home(visit, site):
    page = visit.page
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Polski").click()

    expect(page).to_have_url(re.compile(r"/pl/$"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("link", name="O programie").first).to_be_visible()


def test_phone_sized_page(phone, site):
    page = phone.page
    page.goto("/")

    # The menu collapses behind a button on a phone and opens on a tap.
    menu = page.get_by_role("navigation", name="Menu")
    toggle = menu.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(menu.get_by_role("link", name="Wards")).to_be_hidden()
    toggle.click()
    expect(menu.get_by_role("link", name="Wards")).to_be_visible()
    # Nothing is wider than the screen.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    page.screenshot(path=SCREENSHOTS / "cg-home-phone.png", full_page=True)


def test_ward_filter_updates_the_list_as_you_type(visit, site):
    page = visit.page
    page.goto("/areas/")
    rows = page.locator("#ward-results tbody tr")
    expect(rows).to_have_count(5)

    page.get_by_label("Find a ward by name").fill("keigh")

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Keighley West")
    expect(page.locator("#ward-count")).to_have_text("1 ward matches “keigh”")
    expect(page).to_have_url(re.compile(r"\?q=keigh$"))
    page.get_by_role("link", name="Keighley West").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keighley West")
    expect(page.locator("figure.cg-map svg[role=img]")).to_be_visible()
