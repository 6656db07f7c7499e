"""The panel in a real browser: a resident registers interest in Urdu on a phone; the form is
axe-clean in English and Urdu; an officer sets quotas that cannot be met and is told why."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from commonground.people import actions
from commonground.people.models import ContactDetails, Pool, Respondent
from commonground.testing.accessibility import assert_accessible

pytestmark = pytest.mark.browser

FEATURES = ["sex", "age_band", "ethnicity"]


def sign_in(tab, user) -> None:
    tab.context.clear_cookies()
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": tab.base_url}]
    )


@pytest.fixture
def world(transactional_db):
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford
    from commonground.testing.people import make_user

    make_bradford()
    officer = make_user("panel-officer", Role.OFFICER)
    pool = actions.create_pool(
        actor=officer,
        title="Community voice 2026",
        slug="voice",
        panel_size=10,
        characteristics=FEATURES,
    )
    rows = ["id,sex,age_band,ethnicity"] + [
        f"p{n},{['female', 'male'][n % 2]},{['16-29', '30-44', '45-64', '65+'][n % 4]},"
        f"{['white', 'asian', 'black', 'mixed'][n % 4]}"
        for n in range(24)
    ]
    actions.import_pool(actor=officer, pool=pool, text="\n".join(rows) + "\n")
    return {"officer": officer, "pool": pool}


def test_a_resident_registers_interest_in_urdu_on_a_phone(phone, world):
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    pool: Pool = world["pool"]
    page.goto(f"/ur/panel/{pool.slug}/register/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("label[for=id_c_sex_0]").click()  # female
    page.locator("label[for=id_c_age_band_1]").click()  # 30 to 44
    page.locator("label[for=id_c_ethnicity_5]").click()  # prefer not to say
    page.locator("#id_name").fill("Test Resident")
    page.locator("#id_phone").fill("07700 900456")
    page.locator("label[for=id_consent]").click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ur/panel/{pool.slug}/register/done/$"))
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text(pool.title)
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    person = Respondent.objects.get(pool=pool, source="form")
    assert person.characteristics == {
        "sex": "female",
        "age_band": "30-44",
        "ethnicity": "prefer_not_to_say",
    }
    assert ContactDetails.objects.get(respondent=person).language == "ur"


def test_the_registration_form_is_accessible_in_english_and_urdu(visit, world):
    page = visit.page
    page.set_default_navigation_timeout(120_000)
    slug = world["pool"].slug
    page.goto(f"/panel/{slug}/register/")
    expect(page.locator("h1")).to_have_text("Register your interest")
    assert_accessible(page, "register your interest")
    page.locator("main form button[type=submit]").click()  # nothing filled in: errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "register your interest, with errors")
    page.goto(f"/ur/panel/{slug}/register/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "register your interest in Urdu")


def test_an_officer_sets_quotas_that_cannot_be_met_and_sees_why(visit, world):
    page = visit.page
    page.set_default_navigation_timeout(120_000)
    slug = world["pool"].slug
    sign_in(visit, world["officer"])
    page.goto(f"/panel/{slug}/quotas/")
    page.locator("#min-sex-female").fill("7")
    page.locator("#max-sex-female").fill("10")
    page.locator("#min-sex-male").fill("7")
    page.locator("#max-sex-male").fill("10")
    page.get_by_role("button", name="Save quotas").click()
    expect(page).to_have_url(re.compile(rf"/panel/{slug}/quotas/$"))
    feasibility = page.locator("#feasibility")
    expect(feasibility).to_contain_text("The quotas cannot be met from this pool.")
    expect(page.locator("main .govuk-list--bullet li").first).to_contain_text(
        re.compile(r"lower the minimum of sex=(fe)?male from 7 to")
    )
    assert_accessible(page, "quotas, infeasible")
    assert world["pool"].quotas.get(value="female").minimum == 7  # saved, not lost
