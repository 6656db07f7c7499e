"""A partner uploads a CSV in the browser: a bad area code is reported by row and column,
the fixed file is accepted, and a correction shows as a new version with its history."""

import pytest

from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.measures.models import Indicator, Observation
from commonground.measures.strategy import sync_strategy

from ..conftest import HEADER, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def partner(transactional_db, inline_tasks, settings, tmp_path):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role

    sync_strategy(make_strategy(make_bradford()))
    police = Organisation.objects.create(
        name="West Yorkshire Police", slug="west-yorkshire-police", kind="police"
    )
    Indicator.objects.create(
        slug="hate-crimes",
        name="Reported hate crimes",
        unit="count",
        decimal_places=0,
        owner=police,
        area_levels=["district", "ward"],
    )
    return make_user("pc-data", Role.PARTNER, police)


def sign_in(page, username: str) -> None:
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password-1")
    page.locator("form button[type=submit], form input[type=submit]").last.click()


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.goto("/measures/uploads/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_selector("h1")
    page.wait_for_function("!document.querySelector('[data-upload-status]')", timeout=15000)


def test_partner_fixes_a_bad_row_and_sees_the_new_version(visit, partner, tmp_path):
    page = visit.page
    sign_in(page, "pc-data")
    bad = HEADER + "hate-crimes,E08000032,2022,,1900,,\nhate-crimes,E05009999,2022,,40,,\n"
    upload(page, tmp_path, "hate.csv", bad)
    problems = page.locator("[data-testid=problems] tbody tr")
    assert problems.count() == 1
    row = problems.first.inner_text()
    assert "3" in row and "area_code" in row and "no area has the code 'E05009999'" in row
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()

    upload(page, tmp_path, "hate.csv", bad.replace("E05009999", "E05001365"))
    assert page.get_by_text("Upload accepted").is_visible()

    upload(
        page,
        tmp_path,
        "hate-corrected.csv",
        bad.replace("E05009999", "E05001365").replace(",40,", ",43,"),
    )
    assert "1 corrected" in page.locator(".govuk-panel__body").inner_text()
    page.get_by_role("link", name="version 2").first.click()
    page.wait_for_url("**/history/**")
    versions = page.locator("[data-testid=versions] tbody tr")
    versions.first.wait_for()
    assert versions.count() == 2
    assert "current" in versions.nth(0).inner_text() and "43" in versions.nth(0).inner_text()
    assert "replaced" in versions.nth(1).inner_text() and "40" in versions.nth(1).inner_text()
    assert not visit.console_errors
