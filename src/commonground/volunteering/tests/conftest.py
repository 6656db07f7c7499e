"""Fixtures for volunteering: Bradford's test wards, organisations, people, and opportunities
posted through the actions (so fixtures exercise the same code as the pages)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.core.messaging import outbox
from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.testing.people import make_user
from commonground.volunteering import actions
from commonground.volunteering.models import Opportunity

CITY, BINGLEY, TONG = "E05001347", "E05001342", "E05001365"


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


@pytest.fixture(autouse=True)
def empty_outbox():
    outbox.clear()
    yield
    outbox.clear()


@pytest.fixture
def people(strategy) -> dict:
    people_can = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    other = Organisation.objects.create(name="Keighley Voices", slug="kvs", kind="voluntary")
    return {
        "organisation": people_can,
        "other_organisation": other,
        "officer": make_user("officer", Role.OFFICER),
        "coordinator": make_user("coordinator", Role.PARTNER, people_can),
        "stranger": make_user("stranger", Role.PARTNER, other),
        "alice": make_user("alice", Role.RESIDENT),
        "bob": make_user("bob", Role.RESIDENT),
        "carol": make_user("carol", Role.RESIDENT),
    }


def new_opportunity(people, **overrides) -> Opportunity:
    fields = {
        "organisation": people["organisation"],
        "title": "Sort food parcels",
        "summary": "Help pack parcels for families.",
        "interest": "food",
        "ward": Area.objects.get(code=CITY),
        "venue": "Adult Learning Centre",
        "postcode": "BD1 1AA",
        "frequency": "weekly",
        "schedule": "Tuesdays 10:00 to 13:00",
        "days": ["tue"],
        "skills": ["lifting"],
        "languages": ["en", "pl"],
        "places": 2,
    }
    fields.update(overrides)
    return actions.post_opportunity(actor=people["coordinator"], **fields)


def one_off(people, days: int = 5, **overrides) -> Opportunity:
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return new_opportunity(
        people,
        **{
            "title": "Park clean-up",
            "interest": "environment",
            "ward": Area.objects.get(code=BINGLEY),
            "postcode": "BD16 1AA",
            "venue": "Myrtle Park",
            "frequency": "one_off",
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "days": [],
            **overrides,
        },
    )


@pytest.fixture
def opportunity(people) -> Opportunity:
    return new_opportunity(people)
