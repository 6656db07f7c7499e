"""ESOL need against provision by ward (issue 14, part 3): the census estimate shared out from
MSOAs to wards, learners waiting and free places, the page and map, and figures to Measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commonground.core.models import Area, AuditEvent
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford
from commonground.measures.actions import Figure, record_figures
from commonground.measures.models import Indicator, Observation
from commonground.measures.models.observation import ObservationOrigin
from commonground.measures.validation import parse_period
from commonground.services import esol, esol_gaps, events
from commonground.services.models import EsolClass, Service
from commonground.testing.people import make_user


@pytest.fixture
def places(db):
    """Bradford's five test wards; an MSOA of two LSOAs in two wards with 40 people in need."""
    make_bradford()
    wards = list(Area.objects.wards().order_by("code"))
    msoa = Area.objects.create(code="E02002183", name="Bradford 001", level="msoa")
    for n, ward in enumerate(wards[:2]):
        Area.objects.create(
            code=f"E0100000{n}", name=f"LSOA {n}", level="lsoa", parent=ward,
            statistical_parent=msoa,
        )  # fmt: skip
    indicator = Indicator.objects.create(
        slug=esol_gaps.CENSUS_INDICATOR, name="Cannot speak English well", unit="percent",
        direction="lower", area_levels=["msoa"],
    )  # fmt: skip
    record_figures(
        [Figure(indicator.pk, msoa.pk, parse_period("2021"), "", Decimal("0.5"), Decimal(40),
                Decimal(80))],
        origin=ObservationOrigin.CENSUS,
    )  # fmt: skip
    return {"wards": wards, "officer": make_user("esol-unit", Role.OFFICER)}


def _need(officer, ward, **extra):
    fields = {"first_name": "Amina", "contact": "07700 900123", "languages": ["ur"],
              "level": "entry-1", "recorded_via": "community-worker", "ward": ward}  # fmt: skip
    return esol.record_need(actor=officer, consent=True, **(fields | extra))


def test_census_need_is_shared_equally_between_the_msoas_lsoas_wards(places):
    need = esol_gaps.census_need_by_ward()
    first, second = places["wards"][:2]
    assert need == {first.pk: 20.0, second.pk: 20.0}


def test_wards_with_learners_waiting_beyond_the_places_come_first(places):
    first, _second, third = places["wards"][:3]
    for _ in range(3):
        _need(places["officer"], third)
    _need(places["officer"], first)
    rows = esol_gaps.gaps()
    assert [r.ward for r in rows[:2]] == [third, first]
    assert (rows[0].waiting, rows[0].places_left, rows[0].unmet) == (3, 0, 3)
    assert rows[0].census_need is None and rows[0].places_per_100 is None
    assert rows[1].census_need == 20


def test_free_places_count_in_the_ward_of_the_class_venue(places, directory):
    service = Service.objects.filter(service_at_locations__location__isnull=False).first()
    location = service.service_at_locations.first().location
    location.ward = places["wards"][1]
    location.save()
    EsolClass.objects.create(
        service=service, lowest_level="entry-1", highest_level="entry-3", capacity=12
    )
    row = next(r for r in esol_gaps.gaps() if r.ward == places["wards"][1])
    assert row.places_left >= 12
    assert row.places_per_100 == pytest.approx(100 * row.places_left / 20)


def test_the_page_shows_the_table_and_map_to_the_unit_only(places):
    _need(places["officer"], places["wards"][0])
    client = Client()
    url = reverse("services:esol_gaps")
    assert client.get(url).status_code in (302, 403)
    client.force_login(make_user("tutor", Role.PARTNER))
    assert client.get(url).status_code == 403
    client.force_login(places["officer"])
    html = client.get(url).content.decode()
    assert 'data-testid="esol-gaps"' in html and "cg-esol-map" in html
    assert places["wards"][0].name in html and "census estimate" in html


def test_sending_to_measures_records_each_ward_for_the_quarter_and_is_audited(places):
    _need(places["officer"], places["wards"][0])
    _need(places["officer"], places["wards"][0])
    counts = esol_gaps.publish_to_measures(actor=places["officer"], day=date(2026, 11, 2))
    waiting = Observation.objects.current().get(
        indicator__slug=esol_gaps.WAITING_INDICATOR, area=places["wards"][0]
    )
    assert (waiting.period, waiting.value, waiting.origin) == ("2026-Q4", 2, "services")
    assert counts[esol_gaps.WAITING_INDICATOR] == len(places["wards"])
    again = esol_gaps.publish_to_measures(actor=places["officer"], day=date(2026, 11, 2))
    assert again == {esol_gaps.WAITING_INDICATOR: 0, esol_gaps.PLACES_INDICATOR: 0}
    assert AuditEvent.objects.filter(action=events.ESOL_FIGURES_PUBLISHED).count() == 2


def test_only_officers_send_figures(places):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        esol_gaps.publish_to_measures(actor=make_user("tutor", Role.PARTNER))


def test_class_venues_are_numbered_dots_on_the_map_and_rows_in_a_table(places, directory):
    from commonground.services.models import Location

    service = Service.objects.get(name="ESOL for women: Pre-entry and Entry 1")
    location = service.service_at_locations.first().location
    location.ward = places["wards"][2]  # City (Bradford), where the demo venue stands
    location.save()
    EsolClass.objects.create(
        service=service, lowest_level="pre-entry", highest_level="entry-1", capacity=7
    )
    [venue] = esol_gaps.venues()
    assert (venue.name, venue.ward, venue.places_left) == (
        location.name,
        "City (Bradford)",
        7,
    )
    assert venue.classes == (service.name,)
    html = Client()
    html.force_login(places["officer"])
    page = html.get(reverse("services:esol_gaps")).content.decode()
    start = page.index("cg-esol-map")
    svg = page[start : page.index("</svg>", start)]
    assert svg.count("cg-esol-map__venue") == 1 and "<title>1. " in svg
    assert svg.index("<path") < svg.index("cg-esol-map__venue")  # wards under the dots
    assert 'data-testid="esol-venues"' in page and location.name in page
    assert Location.objects.filter(pk=location.pk, latitude__isnull=False).exists()
