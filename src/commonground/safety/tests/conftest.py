"""Fixtures: a ward with three real Bradford LSOAs (ONS 2011 boundaries), the people of each
role, the partners who file tension reports (a police team, a school's teacher), and a way to
make reports and tension schedules quickly. Shared by the unit tests and the browser tests
(``browser/conftest.py`` adds only what a browser needs)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache

import pytest
from django.test import Client
from django.utils import timezone
from shapely.geometry import shape

from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.paths import shared_dir
from commonground.safety import actions
from commonground.safety.models import ReportingCentre, Strand, TensionSchedule
from commonground.safety.strands import ensure_default_strands
from commonground.testing.people import make_user

LSOA_FILE = shared_dir() / "data" / "uk" / "boundaries" / "lsoa2011_E08000032.geojson"


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "phone", "visit"}


@pytest.fixture(autouse=True)
def default_strands(request) -> None:
    """The strands the data migration adds, present in every database test.

    A transactional test (the browser tests' live server) empties the tables when it ends,
    rows from data migrations included, so a later test on the same worker would find no
    strands to tick; the migration's own function puts them back.
    """
    if not DATABASE_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("db" if "db" in request.fixturenames else "transactional_db")
    ensure_default_strands()


@cache
def lsoa_features() -> list[dict]:
    if not LSOA_FILE.is_file():
        pytest.fail(f"shared boundary file not found: {LSOA_FILE}")
    return json.loads(LSOA_FILE.read_text())["features"][:3]


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English (a request to /ur/… leaves Urdu active in the thread)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    """A fixed key from the environment, as production has."""
    from commonground.safety import crypto

    monkeypatch.setenv("SAFETY_ENCRYPTION_KEY", "q2v5c0gqQ1pW7wT1aF9m4n8rK3sJ6hX0yZ2uB5dE7gA=")
    crypto.keys.cache_clear()
    yield
    crypto.keys.cache_clear()


@pytest.fixture
def places(db) -> dict[str, Area]:
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    ward = Area.objects.create(code="E05001347", name="City", level="ward", parent=district)
    other = Area.objects.create(code="E05001342", name="Bingley", level="ward", parent=district)
    found = {"district": district, "ward": ward, "other_ward": other}
    for i, feature in enumerate(lsoa_features()):
        props = feature["properties"]
        found[f"lsoa{i}"] = Area.objects.create(
            code=props["LSOA11CD"],
            name=props["LSOA11NM"],
            level="lsoa",
            parent=ward if i < 2 else other,
            boundary=feature["geometry"],
        )
    return found


def inside(area: Area) -> tuple[float, float]:
    """(latitude, longitude) of a point inside the area."""
    point = shape(area.boundary).representative_point()
    return point.y, point.x


@pytest.fixture
def people(db) -> dict:
    centre_org = Organisation.objects.create(name="Keighley Community Hub", slug="hub")
    ReportingCentre.objects.create(organisation=centre_org)
    centre_worker = make_user("centre", Role.PARTNER, organisation=centre_org)
    centre_worker.organisation = centre_org
    centre_worker.save()
    return {
        "caseworker": make_user("casey", Role.CASEWORKER),
        "officer": make_user("olive", Role.OFFICER),
        "partner": make_user("pat", Role.PARTNER),
        "board": make_user("bo", Role.BOARD),
        "resident": make_user("rez", Role.RESIDENT),
        "admin": make_user("ada", Role.ADMIN),
        "centre": centre_worker,
    }


def _partner_of(username: str, organisation: Organisation, email: str = ""):
    """A partner account whose organisation (the one its tension reports are filed for) is
    ``organisation``."""
    partner = make_user(username, Role.PARTNER, organisation=organisation)
    partner.organisation = organisation
    partner.email = email or partner.email
    partner.save()
    return partner


@pytest.fixture
def police(db):
    """A neighbourhood policing team's partner account, who files tension reports."""
    org = Organisation.objects.create(name="City Neighbourhood Policing Team", slug="npt")
    return _partner_of("npt", org)


@pytest.fixture
def teacher(db):
    """A school's partner account (Carlton Bolling School), reminded to file tension reports."""
    org = Organisation.objects.create(name="Carlton Bolling School", slug="school")
    return _partner_of("teacher", org, email="teacher@example.org")


def overdue_schedule(officer, organisation, ward, *, days_ago: float = 9) -> TensionSchedule:
    """A weekly tension schedule set ``days_ago`` days ago and never reported on: overdue."""
    return actions.set_tension_schedule(
        actor=officer,
        organisation=organisation,
        ward=ward,
        every_days=7,
        now=timezone.now() - timedelta(days=days_ago),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def make_report(
    *,
    description="Shouted abuse at me at the bus stop",
    strands=("race",),
    occurred_on=None,
    lsoa=None,
    ward=None,
    **extra,
):
    new = actions.NewReport(
        reporter_role=extra.pop("reporter_role", "victim"),
        description=description,
        strands=list(Strand.objects.filter(slug__in=strands)),
        occurred_on=occurred_on or date(2026, 5, 4),
        reported_to_police=extra.pop("reported_to_police", "no"),
        support=extra.pop("support", ["contact"]),
        lsoa=lsoa,
        ward=ward,
        **extra,
    )
    return actions.submit_report(new)
