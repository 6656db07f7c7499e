"""Fixtures for the consult app's tests: Bradford, its strategy, people in each role, and an
open consultation with options, built through the actions (so fixtures exercise the same
code as the pages)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from commonground.consult import actions
from commonground.consult.actions import OptionSpec
from commonground.consult.models import Activity, Consultation, ConsultationStatus, Method
from commonground.core.models import Area, CommunityOfInterest, User
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.testing.people import make_user

OPTIONS = [
    OptionSpec("Employment", {"ur": "روزگار", "pl": "Zatrudnienie"}),
    OptionSpec("English language", {"ur": "انگریزی زبان", "pl": "Język angielski"}),
    OptionSpec("Mixing at school", {"ur": "اسکول میں میل جول", "pl": "Integracja w szkole"}),
    OptionSpec("Feeling safe", {"ur": "محفوظ محسوس کرنا", "pl": "Poczucie bezpieczeństwa"}),
]

CITY = "E05001347"
TONG = "E05001365"


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


@pytest.fixture
def people(strategy) -> dict[str, User]:
    return {
        "officer": make_user("officer", Role.OFFICER),
        "researcher": make_user("researcher", Role.PARTNER),
        "resident": make_user("resident", Role.RESIDENT),
        "board": make_user("board", Role.BOARD),
    }


@pytest.fixture
def officer(people) -> User:
    return people["officer"]


def new_consultation(officer: User, strategy, slug: str = "belonging-2025", **overrides):
    now = timezone.now()
    fields = {
        "title": "What would make Bradford District a better place to belong?",
        "slug": slug,
        "purpose": "We are asking residents what matters most for the next strategy.",
        "opens_at": now - timedelta(days=7),
        "closes_at": now + timedelta(days=30),
        "languages": ["en", "ur", "pl"],
        "options": OPTIONS,
        "pillars": list(strategy.pillars.all()[:2]),
        "areas": [Area.objects.get(code=CITY), Area.objects.get(code=TONG)],
    }
    fields.update(overrides)
    return actions.create_consultation(actor=officer, **fields)


@pytest.fixture
def consultation(officer, strategy) -> Consultation:
    consultation = new_consultation(officer, strategy)
    return actions.set_status(
        actor=officer, consultation=consultation, status=ConsultationStatus.OPEN
    )


def board_table(officer: User, consultation: Consultation, **overrides) -> Activity:
    """A board table at a library: 14 people, dots on three options, four sticky notes."""
    options = {o.label: o.pk for o in consultation.options.all()}
    fields = {
        "title": "Board table at City Library",
        "held_on": date(2025, 3, 8),
        "venue": "City Library",
        "ward": Area.objects.get(code=CITY),
        "language": "en",
        "participants": 14,
        "consent_how": "verbal",
        "consent_text": "Notes may be quoted without names.",
        "tallies": {
            options["Employment"]: 9,
            options["English language"]: 6,
            options["Feeling safe"]: 3,
        },
        "comments": [
            "More apprenticeships for young people in the city centre",
            "Free English classes in the evening, my name is Amina Khan",
            "Call me on 07700 900123 about the youth club",
            "Schools should twin so our kids meet each other",
        ],
        "who_took_part": {"age_band": {"16_24": 5, "25_34": 6}, "sex": {"female": 8, "male": 6}},
    }
    fields.update(overrides)
    return actions.record_activity(
        actor=officer, consultation=consultation, method=Method.BOARD_TABLE, **fields
    )


def focus_group(officer: User, consultation: Consultation, **overrides) -> Activity:
    fields = {
        "title": "Women's focus group, Tong",
        "held_on": date(2025, 3, 12),
        "venue": "Tong Community Centre",
        "ward": Area.objects.get(code=TONG),
        "community": CommunityOfInterest.objects.get(slug="women"),
        "language": "ur",
        "participants": 9,
        "consent_how": "written",
        "notes": "Discussion led in Urdu; childcare was the first barrier raised.",
        "comments": [
            "Childcare is the reason many of us cannot go to English classes",
            "We feel safe in our street but not in the town centre at night",
        ],
    }
    fields.update(overrides)
    return actions.record_activity(
        actor=officer, consultation=consultation, method=Method.FOCUS_GROUP, **fields
    )
