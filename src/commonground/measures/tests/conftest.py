"""Fixtures for measures tests: Bradford's wards and strategy (core's fixtures), partners,
indicators with owners, and uploads saved under a temporary MEDIA_ROOT."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401 (fixtures)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.measures import actions, api, views
from commonground.measures.models import Indicator
from commonground.measures.strategy import sync_strategy
from commonground.measures.tasks import process_upload

HEADER = "indicator,area_code,period,breakdown,value,numerator,denominator\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEASURES_SUPPRESS_BELOW = 5


@pytest.fixture
def inline_tasks(monkeypatch):
    """Run web uploads' background task at once, whatever TASK_BACKEND says."""
    monkeypatch.setattr(
        views, "process_upload", SimpleNamespace(enqueue=lambda pk: process_upload.call(pk))
    )


@pytest.fixture
def inline_api_tasks(monkeypatch):
    """Run API uploads' background task at commit, whatever TASK_BACKEND says."""
    monkeypatch.setattr(
        api, "process_upload", SimpleNamespace(enqueue=lambda pk: process_upload.call(pk))
    )


@pytest.fixture
def bradford(db) -> Area:
    return make_bradford()


@pytest.fixture
def strategy(bradford):
    return make_strategy(bradford)


@pytest.fixture
def police(db) -> Organisation:
    return Organisation.objects.create(
        name="West Yorkshire Police", slug="west-yorkshire-police", kind="police"
    )


@pytest.fixture
def council(db) -> Organisation:
    return Organisation.objects.create(name="Bradford Council", slug="council", kind="council")


def make_user(username: str, role: Role, organisation: Organisation | None = None) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password-1")
    user.organisation = organisation
    user.save()
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def partner_user(police) -> User:
    return make_user("pc-data", Role.PARTNER, police)


@pytest.fixture
def indicators(strategy, police) -> dict[str, Indicator]:
    """The strategy's indicators, plus a police-owned count by ward and a ward survey share."""
    sync_strategy(strategy)
    hate = Indicator.objects.create(
        slug="hate-crimes",
        name="Reported hate crimes",
        unit="count",
        decimal_places=0,
        owner=police,
        area_levels=["district", "ward"],
        breakdowns={"strand": ["race", "faith"]},
        frequency="annual",
        source="West Yorkshire Police",
        pillar=strategy.pillars.get(slug="feeling-safe"),
    )
    satisfied = Indicator.objects.get(slug="satisfied-with-area")
    satisfied.owner = police
    satisfied.area_levels = ["district", "ward"]
    satisfied.breakdowns = {"community": [], "sex": ["female", "male"]}
    satisfied.direction = "higher"
    satisfied.save()
    return {"hate-crimes": hate, "satisfied-with-area": satisfied}


@pytest.fixture
def figures(indicators, police):
    """Hate crimes by ward over three years (one ward's count small), and a survey share."""
    rows = []
    for year, total in ((2019, 1700), (2020, 1760), (2021, 1810)):
        rows.append(f"hate-crimes,E08000032,{year},,{total},,")
        rows += [
            f"hate-crimes,{code},{year},,{count},,"
            for code, count in (("E05001341", 3), ("E05001342", 55), ("E05001365", 120))
        ]
        rows.append(f"hate-crimes,E08000032,{year},strand=race,{total - 400},,")
        rows.append(f"hate-crimes,E08000032,{year},strand=faith,{4},,")
    rows += [
        "satisfied-with-area,E08000032,2021,,,1700,2400",
        "satisfied-with-area,E05001365,2021,,,60,90",
        "satisfied-with-area,E08000032,2021,community=new-communities,,3,4",
    ]
    upload = actions.receive_upload(
        police, file_name="f.csv", content=(HEADER + "\n".join(rows)).encode(), actor_label="t"
    )
    assert actions.accept_upload(upload).status == "accepted", upload.report
