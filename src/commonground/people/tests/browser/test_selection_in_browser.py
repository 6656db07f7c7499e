"""An officer, on a 390 px phone, creates a pool, runs a selection with an announced seed,
watches it finish and publishes it; every page on the way is axe-clean in English and Urdu.
The invitation letters page is checked the same way."""

import re

import pytest
from playwright.sync_api import expect

from commonground.people import actions
from commonground.people.models import Pool, SelectionRun
from commonground.testing.accessibility import assert_accessible

from .test_panel_in_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(transactional_db):
    from commonground.core.roles import Role
    from commonground.core.tests.conftest import make_bradford
    from commonground.testing.people import make_user

    make_bradford()
    return make_user("panel-officer", Role.OFFICER)


def fill_pool(officer, pool: Pool) -> None:
    rows = ["id,sex,age_band"] + [
        f"p{n},{['female', 'male'][n % 2]},{['16-29', '30-44', '45-64', '65+'][n % 4]}"
        for n in range(24)
    ]
    actions.import_pool(actor=officer, pool=pool, text="\n".join(rows) + "\n")
    actions.set_quotas(
        actor=officer,
        pool=pool,
        rows=[
            {"feature": "sex", "value": v, "minimum": 2, "maximum": 4} for v in ("female", "male")
        ],
    )


def test_an_officer_creates_a_pool_runs_a_selection_and_publishes_it_on_a_phone(phone, officer):
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    page.set_default_timeout(60_000)
    sign_in(phone, officer)
    page.goto("/panel/")
    page.get_by_role("link", name="Create a pool").click()
    expect(page).to_have_url(re.compile(r"/panel/new/$"))
    page.get_by_role("button", name="Create the pool").click()  # nothing filled in: errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "create a pool, with errors")
    page.locator("#id_title").fill("Shipley voice")
    page.locator("#id_purpose").fill("Advise the Board on the high street.")
    page.locator("#id_panel_size").fill("6")
    page.locator("input[name=characteristics][value=sex]").check()
    page.locator("input[name=characteristics][value=age_band]").check()
    page.get_by_role("button", name="Create the pool").click()
    expect(page).to_have_url(re.compile(r"/panel/shipley-voice/$"))
    pool = Pool.objects.get(slug="shipley-voice")
    assert pool.purpose == "Advise the Board on the high street."
    assert set(pool.characteristics) == {"sex", "age_band"}
    fill_pool(officer, pool)

    page.goto("/panel/shipley-voice/")
    page.locator("#id_algorithm").select_option("maximin")
    page.locator("#id_seed").fill("2026")
    assert_accessible(page, "the pool, before the draw")
    page.get_by_role("button", name="Run the selection").click()
    expect(page).to_have_url(re.compile(r"/panel/shipley-voice/runs/\d+/$"))
    expect(page.locator("#run-progress")).to_contain_text("Finished.")
    expect(page.locator("main")).to_contain_text("2026")
    run = SelectionRun.objects.get(pool=pool)
    assert run.seed == 2026 and run.status == "done" and len(run.panel) == 6
    assert_accessible(page, "a finished selection")
    page.goto(f"/ur/panel/shipley-voice/runs/{run.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "a finished selection in Urdu")

    page.goto(f"/panel/shipley-voice/runs/{run.pk}/")
    page.locator("#run-progress form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/panel/shipley-voice/results/{run.pk}/$"))
    expect(page.locator("main")).to_contain_text("2026")
    run.refresh_from_db()
    assert run.published_at is not None
    assert_accessible(page, "published results")
    page.goto(f"/ur/panel/shipley-voice/results/{run.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    assert_accessible(page, "published results in Urdu")


def test_the_invitation_letters_page_is_accessible_in_english_and_urdu(phone, officer):
    page = phone.page
    page.set_default_navigation_timeout(120_000)
    pool = actions.create_pool(
        actor=officer, title="Keighley voice", slug="keighley", panel_size=5,
        characteristics=["sex"], purpose="Parks.",
    )  # fmt: skip
    actions.add_addresses(
        actor=officer, pool=pool, text="1 Oak Road, Keighley BD21 1AA\n2 Oak Road"
    )
    batch = actions.create_invitations(actor=officer, pool=pool, size=2)
    sign_in(phone, officer)
    page.goto("/panel/keighley/invitations/")
    expect(page.locator("main table")).to_contain_text("0.0%")
    assert_accessible(page, "invitation letters")
    page.goto("/ur/panel/keighley/invitations/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "invitation letters in Urdu")
    page.goto(f"/panel/keighley/invitations/{batch.pk}/letters/")
    expect(page.locator("article.letter")).to_have_count(2)
    assert_accessible(page, "the letters to print")
