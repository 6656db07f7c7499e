"""axe-core on every measures page, public and officer, in English and Urdu (right to left).

A serious or critical violation fails; the message names each rule and the elements it was
found on. The data has a withheld figure, a secondary suppression, a breakdown-only measure
on the ward profile, a corrected figure (for the history page) and a target.
"""

from datetime import date
from decimal import Decimal

import pytest

from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.measures import actions
from commonground.measures.models import Indicator
from commonground.measures.strategy import sync_strategy
from commonground.testing.accessibility import blocking_violations, describe

from ..conftest import HEADER, make_user
from .test_upload_journey import sign_in

pytestmark = pytest.mark.browser

PUBLIC = [
    ("measures", "/measures/"),
    ("board overview", "/measures/board/"),
    ("board report", "/measures/report/?quarter=2021-Q4"),
    ("ward index", "/measures/areas/"),
    ("ward profile", "/measures/areas/E05001365/"),
    ("indicator (count)", "/measures/indicators/hate-crimes/"),
    ("indicator (share)", "/measures/indicators/satisfied-with-area/"),
    ("figure history", "/measures/indicators/hate-crimes/history/?area=E05001365&period=2021"),
]
PAGES = PUBLIC + [(f"{name} in Urdu", f"/ur{path}") for name, path in PUBLIC]
OFFICER = [
    ("uploads", "/measures/uploads/"),
    ("late data", "/measures/late/"),
    ("manage measures", "/measures/manage/"),
    ("manage one measure", "/measures/manage/satisfied-with-area/"),
    ("manage one measure in Urdu", "/ur/measures/manage/satisfied-with-area/"),
]


@pytest.fixture
def measures_site(transactional_db, settings):
    settings.MEASURES_SUPPRESS_BELOW = 5
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
        breakdowns={"strand": ["race", "faith"]},
    )
    satisfied = Indicator.objects.get(slug="satisfied-with-area")
    actions.set_owner(satisfied, owner=police)
    actions.set_target(satisfied, value=Decimal(72), target_date=date(2025, 12, 31))
    Indicator.objects.filter(pk=satisfied.pk).update(
        area_levels=["district", "ward"], breakdowns={"sex": ["female", "male"]}
    )
    rows = []
    for year, total in ((2020, 1760), (2021, 1810)):
        rows += [f"hate-crimes,E08000032,{year},,{total},,"]
        wards = (("E05001341", 3), ("E05001342", 55), ("E05001365", 120))
        rows += [f"hate-crimes,{code},{year},,{n},," for code, n in wards]
        rows += [f"hate-crimes,E08000032,{year},strand=race,{total - 4},,"]
        rows += [f"hate-crimes,E08000032,{year},strand=faith,4,,"]
    rows += [
        "satisfied-with-area,E08000032,2021,,,1700,2400",
        "satisfied-with-area,E05001365,2021,sex=female,,50,80",
        "satisfied-with-area,E05001365,2021,sex=male,,40,80",
    ]
    for content in (rows, [r.replace(",120,", ",121,") for r in rows]):
        upload = actions.receive_upload(
            police, file_name="f.csv", content=(HEADER + "\n".join(content)).encode()
        )
        assert actions.accept_upload(upload).status == "accepted", upload.report
    council = Organisation.objects.create(name="Bradford Council", slug="council", kind="council")
    make_user("officer", Role.OFFICER, council)


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_public_measures_pages_have_no_serious_violations(visit, measures_site, name, path):
    visit.page.goto(path)
    blocking = blocking_violations(visit.page)
    assert not blocking, f"axe found on the {name} page ({path}):\n{describe(blocking)}"


def test_officer_measures_pages_have_no_serious_violations(visit, measures_site):
    sign_in(visit.page, "officer")
    found = {}
    for name, path in OFFICER:
        visit.page.goto(path)
        assert visit.page.url.endswith(path), f"{path} did not open for the officer"
        if blocking := blocking_violations(visit.page):
            found[f"{name} ({path})"] = describe(blocking)
    # A refused form shows its error summary and messages: they must be accessible too.
    visit.page.goto("/measures/manage/satisfied-with-area/")
    visit.page.get_by_role("button", name="Save the target").click()
    visit.page.get_by_text("There is a problem").wait_for()
    if blocking := blocking_violations(visit.page):
        found["target form with errors"] = describe(blocking)
    assert not found, "\n".join(f"{page}:\n{text}" for page, text in found.items())
