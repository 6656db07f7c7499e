"""The directory and the ESOL unit in the browser: a resident searches in Urdu on a 390 px
phone for a free ESOL class near a postcode and opens it; a community worker records a need,
the unit offers a place and the provider updates its class's places; axe-core is clean on the
search page in English and Urdu."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser

FREE_CLASS = "خواتین کے لیے ای ایس او ایل: ابتدائی سے پہلے اور انٹری 1"
"""The Urdu name of the demo's free ESOL class for women in Manningham (BD8 7AA)."""
PAID_CLASS = "ESOL Level 1 and Level 2 exam course"


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def directory(transactional_db):
    """The demo Bradford directory, committed so the live server sees it."""
    from commonground.services import demo

    demo.load_demo(lambda line: None)
    return demo


def test_resident_finds_a_free_esol_class_in_urdu_on_a_phone(phone, directory):
    from commonground.services.models import TaxonomyTerm

    esol = TaxonomyTerm.objects.get(name__startswith="ESOL (English")
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    page.goto("/ur/services/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_need").select_option(str(esol.pk))
    page.locator("#id_postcode").fill("bd8 9aa")
    page.locator("#id_within").select_option("3000")
    page.locator("label[for=id_free]").click()
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ur/services/\?.*free=on"))
    results = page.locator("li.services-result")
    expect(results.first).to_be_visible()
    expect(page.locator("main")).to_contain_text(FREE_CLASS)
    expect(page.locator("main")).not_to_contain_text("Level 1")  # costs money: left out
    for name in results.locator("h2").all_inner_texts():
        assert "ای ایس او ایل" in name or "ESOL" in name, name  # only ESOL, nothing else
    assert_accessible(page, "search results in Urdu on a phone")

    page.get_by_role("link", name=FREE_CLASS).click()
    expect(page).to_have_url(re.compile(r"/ur/services/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_contain_text(FREE_CLASS)
    expect(page.locator("main")).to_contain_text("BD8 7AA")
    assert not phone.console_errors


@pytest.mark.parametrize("language", ["en", "ur"])
def test_search_page_is_accessible(visit, directory, language):
    page = visit.page
    page.set_default_navigation_timeout(120_000)
    prefix = "/ur" if language == "ur" else ""
    page.goto(f"{prefix}/services/")
    assert_accessible(page, f"search page ({language})")
    page.goto(f"{prefix}/services/?q=ESOL&postcode=BD1+1AA&within=5000")
    expect(page.locator("li.services-result").first).to_be_visible()
    assert_accessible(page, f"search results ({language})")


def test_worker_records_a_need_the_unit_offers_a_place_the_provider_updates_places(
    visit, directory
):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.services.models import EsolClass, EsolNeed, Placement, Service
    from commonground.testing.people import make_user

    provider, _ = Organisation.objects.get_or_create(
        name="Manningham CLC", defaults={"slug": "manningham-clc", "kind": "voluntary"}
    )
    service = Service.objects.select_related("organization").get(
        name="ESOL for women: Pre-entry and Entry 1"
    )
    service.organization.partner = provider
    service.organization.save()
    esol_class = EsolClass.objects.create(
        service=service, lowest_level="pre-entry", highest_level="entry-1", capacity=8,
        childcare=True,
    )  # fmt: skip
    worker = make_user("worker", Role.PARTNER, provider)
    unit = make_user("unit", Role.OFFICER)
    page = visit.page
    page.set_default_navigation_timeout(120_000)

    sign_in(visit, worker)
    page.goto("/services/esol/need/")
    page.locator("#id_first_name").fill("Amina")
    page.locator("#id_contact").fill("07700 900123")
    page.locator("label", has_text=re.compile(r"^Urdu$")).first.click()
    page.locator("#id_level").select_option("entry-1")
    page.locator("label", has_text="Helping my children").click()
    page.locator("label", has_text=re.compile(r"^Monday$")).first.click()
    page.locator("label[for=id_needs_childcare]").click()
    page.locator("#id_recorded_via").select_option("community-worker")
    page.locator("label[for=id_consent]").click()
    page.get_by_role("button", name="Add to the waiting list").click()
    expect(page.locator("body")).to_contain_text("The learner is on the ESOL waiting list.")
    need = EsolNeed.objects.get()
    assert need.first_name == "Amina" and need.languages == ["ur"] and need.goals == ["children"]
    assert need.needs_childcare and need.recorded_via == "community-worker"

    sign_in(visit, unit)
    page.goto("/services/esol/waiting/")
    assert_accessible(page, "ESOL waiting list")
    row = page.locator("tbody tr", has_text="Amina")
    expect(row).to_contain_text("ESOL for women")
    row.get_by_role("button", name="Offer a place").first.click()
    expect(page.locator("body")).to_contain_text("Place offered.")
    assert Placement.objects.get().state == "offered"

    sign_in(visit, worker)
    page.goto("/services/esol/provider/")
    expect(page.locator("main")).to_contain_text("Amina")
    page.locator(f"#capacity-{esol_class.pk}").fill("12")
    page.get_by_role("button", name="Save places").click()
    expect(page.locator(f"#capacity-{esol_class.pk}")).to_have_value("12")
    assert EsolClass.objects.get(pk=esol_class.pk).capacity == 12
    assert_accessible(page, "provider's learners and classes")
