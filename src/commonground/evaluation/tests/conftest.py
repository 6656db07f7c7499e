"""Wards with an agreement measure over ten years; one ward's intervention starts in 2021."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from commonground.core.models import Area
from commonground.core.roles import Role
from commonground.measures.models import Indicator, Observation
from commonground.testing.people import make_user

from ..models import Intervention, Kind, LogicOutcome


@pytest.fixture
def officer(db):
    return make_user("officer-evaluation", Role.OFFICER)


@pytest.fixture
def resident(db):
    return make_user("resident-evaluation", Role.RESIDENT)


@pytest.fixture
def wards(db) -> list[Area]:
    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    return [
        Area.objects.create(
            code=f"E0500{i:04d}", name=f"Ward {i:02d}", level="ward", parent=district
        )
        for i in range(12)
    ]


@pytest.fixture
def agreement(wards) -> Indicator:
    """'People from different backgrounds get on well', by ward, 2012–2024; ward 0 gains 4
    points from 2021 (as do wards 1 and 2), the others move in parallel."""
    indicator = Indicator.objects.create(
        slug="get-on-well", name="People get on well together", unit="percent", frequency="annual"
    )
    rng = np.random.default_rng(7)
    year_effect = rng.normal(0, 1, 13)
    rows = []
    for i, ward in enumerate(wards):
        level = 60 + 2 * ((i + 6) % 12)  # the treated wards sit mid-range
        for k, year in enumerate(range(2012, 2025)):
            value = (
                level + year_effect[k] + rng.normal(0, 0.6) + (4.0 if i < 3 and year >= 2021 else 0)
            )
            rows.append(
                Observation(
                    indicator=indicator,
                    area=ward,
                    period=str(year),
                    period_start=dt.date(year, 1, 1),
                    period_end=dt.date(year, 12, 31),
                    value=round(value, 3),
                    origin="upload",
                )
            )
    Observation.objects.bulk_create(rows)
    return indicator


@pytest.fixture
def intervention(officer, wards, agreement) -> Intervention:
    item = Intervention.objects.create(
        title="School linking in Ward 00",
        kind=Kind.PILOT,
        owner="Council schools team",
        start_date=dt.date(2021, 1, 1),
        inputs="Two linking coordinators\n£40,000",
        activities="Paired classes meet termly",
        outputs="24 classes linked",
        created_by=officer,
    )
    item.wards.set([wards[0]])
    LogicOutcome.objects.create(
        intervention=item, text="More people say others get on", indicator=agreement
    )
    return item


@pytest.fixture
def census(wards) -> Indicator:
    """A census figure by ward (2011): the share aged 16–24, which drifts with the ward's
    agreement level, so matching on it is informative."""
    from commonground.measures.models.indicator import Origin

    indicator = Indicator.objects.create(
        slug="census-aged-16-24",
        name="Aged 16 to 24",
        unit="percent",
        frequency="decennial",
        origin=Origin.CENSUS,
    )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area=ward,
            period="2011",
            period_start=dt.date(2011, 3, 27),
            period_end=dt.date(2011, 3, 27),
            value=10 + ((i + 6) % 12) * 0.5 + (i % 3) * 0.3,
            origin="upload",
        )
        for i, ward in enumerate(wards)
    )
    return indicator
