"""Fixtures for page tests: a few real Bradford wards and a strategy built with the ORM.

The strategy is built here, not by the strategy loader, so page tests do not depend on the
YAML format; its text is quoted from Bradford's published 2018–2023 strategy so pages
are tested with realistic lengths. Ward boundaries are the real ONS polygons when the
shared data folder is present, and a small square otherwise.
"""

import json
from datetime import date
from decimal import Decimal
from functools import cache

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from commonground.core.models import (
    Area,
    BaselineFigure,
    Challenge,
    CommunityOfInterest,
    FocusCommunity,
    FocusTheme,
    GuidingPrinciple,
    Objective,
    Organisation,
    Pillar,
    Priority,
    Strategy,
)

BRADFORD = "E08000032"
WARD_BOUNDARIES = settings.SHARED_DIR / "data" / "uk" / "boundaries" / "wards2013_E08000032.geojson"

# code, name, usual residents (Census 2021, TS021)
WARDS = [
    ("E05001341", "Baildon", 15_915),
    ("E05001342", "Bingley", 18_042),
    ("E05001347", "City (Bradford)", 23_529),
    ("E05001357", "Keighley West", 16_982),
    ("E05001365", "Tong", 21_056),
]

PILLARS = [
    {
        "slug": "getting-on",
        "name": "Getting On",
        "summary": "Equality of opportunity - addressing factors affecting economic "
        "participation and poverty including language skills and educational attainment.",
        "outcome": "More people will have improved their quality of life, feeling happier "
        "about the future, being able to fully participate and better equipped to engage "
        "in the economy.",
        "objectives": [
            "Improve opportunities for those furthest away from the labour market enabling "
            "them to engage in the economy.",
            "Provide opportunities for anyone who wants to learn to speak, read and write "
            "English so they can fully participate in education, employment or life in "
            "Bradford District.",
            "Create clear pathways and referral routes to enable people to easily navigate "
            "services and the District.",
        ],
        "priority": ("employment", "Employment", "Labour market disadvantage"),
    },
    {
        "slug": "getting-along",
        "name": "Getting Along",
        "summary": "Promoting greater interaction, dialogue and understanding between people "
        "from different backgrounds.",
        "outcome": "More people will have a greater understanding of other people's views "
        "and cultures across Bradford District.",
        "objectives": [
            "Influence schools to test new approaches to their School Admissions Policy.",
            "Increase social contact between people of different backgrounds including "
            "school age children.",
        ],
        "priority": ("education", "Education", "School segregation"),
    },
    {
        "slug": "getting-involved",
        "name": "Getting Involved",
        "summary": "Generating and connecting people to opportunities to participate in "
        "community and civic life and strengthening leadership.",
        "outcome": "More people from all backgrounds will feel they understand, respect and "
        "connect with each other.",
        "objectives": [
            "Increase social mixing across the District, widening exposure and opportunities "
            "in building friendships and networks.",
        ],
        "priority": ("social-mixing", "Social mixing", "Residential segregation"),
    },
    {
        "slug": "feeling-safe",
        "name": "Feeling Safe",
        "summary": "Tackling crime and the fear of crime so that everyone feels safe.",
        "outcome": "More people will say they feel satisfied with their neighbourhood and "
        "feel safer across our District.",
        "objectives": [
            "Reduce negative views and stereotypes that some of the District's residents "
            "hold about people who are different from themselves.",
            "Equip people with the skills to resolve conflict.",
        ],
        "priority": (
            "perceptions-of-the-other",
            "Perceptions of the other",
            "Personal, religious, cultural norms, values and attitudes",
        ),
    },
]


@cache
def real_ward_boundaries() -> dict[str, dict]:
    """Ward code → GeoJSON geometry from the shared ONS file, or {} if it is not here."""
    if not WARD_BOUNDARIES.exists():
        return {}
    features = json.loads(WARD_BOUNDARIES.read_text())["features"]
    return {f["properties"]["WD13CD"]: f["geometry"] for f in features}


def square(x: float, y: float, size: float = 0.02) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_bradford() -> Area:
    """Bradford District with five of its wards and one LSOA in Baildon."""
    boundaries = real_ward_boundaries()
    district = Area.objects.create(
        code=BRADFORD, name="Bradford", level="district", population=546_403, vintage="2021"
    )
    for index, (code, name, population) in enumerate(WARDS):
        Area.objects.create(
            code=code,
            name=name,
            level="ward",
            parent=district,
            population=population,
            boundary=boundaries.get(code) or square(-1.9 + index * 0.03, 53.8),
            boundary_source="ONS wards 2013 (generalised, clipped)",
        )
    Area.objects.create(
        code="E01010569",
        name="Bradford 001A",
        level="lsoa",
        parent=Area.objects.get(code="E05001341"),
        population=1_712,
    )
    return district


def make_strategy(district: Area | None) -> Strategy:
    """Bradford's 2018–2023 strategy: four pillars, focus communities, principles, figures."""
    strategy = Strategy.objects.create(
        slug="bradford-2018-2023",
        title="A Stronger Communities Strategy for Bradford District 2018 – 2023",
        place_name="Bradford District",
        district=district,
        period_start=2018,
        period_end=2023,
        summary="Our five year strategy to build stronger, more integrated communities "
        "across Bradford District.",
        ambition="Our shared ambition is to make Bradford District a great place for everyone.",
        vision="We know that when we feel a great sense of belonging and connection within "
        "a place, this makes us stronger, happier, healthier and more prosperous.",
        partnership_name="Bradford Stronger Communities Partnership",
        partnership="The Bradford Stronger Communities Partnership brings together the "
        "council, police, health, the voluntary sector and faith groups.",
        contact_email="stronger.communities@example.org",
        source_title="A Stronger Communities Strategy for Bradford District 2018 – 2023",
        source_url="https://example.org/bradford-stronger-communities-strategy.pdf",
        is_current=True,
    )
    for number, spec in enumerate(PILLARS, start=1):
        pillar = Pillar.objects.create(
            strategy=strategy,
            slug=spec["slug"],
            number=number,
            name=spec["name"],
            summary=spec["summary"],
            description=spec["summary"],
            outcome_statement=spec["outcome"],
        )
        for n, text in enumerate(spec["objectives"], start=1):
            Objective.objects.create(pillar=pillar, number=n, text=text)
        slug, name, challenge = spec["priority"]
        priority = Priority.objects.create(
            pillar=pillar, number=1, slug=slug, name=name, description=f"{name} priority."
        )
        Challenge.objects.create(
            priority=priority,
            number=1,
            slug=slugify(challenge),
            name=challenge,
            description=f"Evidence for {challenge.lower()}.",
        )
    getting_on = strategy.pillars.get(slug="getting-on")
    BaselineFigure.objects.create(
        strategy=strategy,
        pillar=getting_on,
        key="english-not-well",
        label="People who do not speak English well or at all",
        value=Decimal("24000"),
        qualifier="nearly",
        unit="people",
        area_label="Bradford District",
        area=district,
        period_label="2011",
        as_of=date(2011, 3, 27),
        source="ONS Census 2011",
        number=1,
    )
    BaselineFigure.objects.create(
        strategy=strategy,
        pillar=getting_on,
        key="bame-women-employment",
        label="Working-age BAME women in employment",
        value=Decimal("38"),
        unit="percent",
        area_label="Bradford District",
        period_label="2017",
        as_of=date(2017, 12, 31),
        as_of_precision="year",
        source="Annual Population Survey",
        number=2,
    )
    BaselineFigure.objects.create(
        strategy=strategy,
        pillar=strategy.pillars.get(slug="feeling-safe"),
        key="satisfied-with-area",
        label="Residents satisfied with their area as a place to live",
        value=Decimal("66"),
        unit="percent",
        area_label="Bradford District",
        period_label="2017",
        as_of=date(2017, 12, 31),
        as_of_precision="year",
        source="West Yorkshire Police and Crime Commissioner survey",
        headline=True,
        number=3,
    )
    for number, (slug, name, themes) in enumerate(
        [
            ("young-people", "Young people", ["Attainment", "Identity and belonging"]),
            ("women", "Women", ["Economic inactivity", "English language"]),
            ("new-communities", "New communities", ["Orientation", "English language"]),
        ],
        start=1,
    ):
        community = CommunityOfInterest.objects.create(slug=slug, name=name)
        focus = FocusCommunity.objects.create(
            strategy=strategy,
            community=community,
            number=number,
            description=f"Why {name.lower()} need more of our support.",
        )
        for n, text in enumerate(themes, start=1):
            FocusTheme.objects.create(focus_community=focus, number=n, text=text)
    for number, (name, description) in enumerate(
        [
            ("Community", "Be courageous in taking personal responsibility."),
            ("Telling our story well", "Stories powerfully influence beliefs and actions."),
        ],
        start=1,
    ):
        GuidingPrinciple.objects.create(
            strategy=strategy, number=number, name=name, description=description
        )
    return strategy


@pytest.fixture(autouse=True)
def english_between_tests():
    """A request to /ur/… leaves Urdu active in the thread: start and end each test in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def bradford(db) -> Area:
    return make_bradford()


@pytest.fixture
def strategy(bradford) -> Strategy:
    return make_strategy(bradford)


@pytest.fixture
def partner(bradford) -> Organisation:
    organisation = Organisation.objects.create(
        name="Bradford Council for Mosques", slug="council-for-mosques", kind="faith"
    )
    organisation.areas.add(Area.objects.get(code="E05001347"))
    return organisation
