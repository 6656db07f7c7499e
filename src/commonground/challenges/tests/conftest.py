"""Fixtures for mixing challenges: Bradford, designers, residents, venues and challenges built
through the actions (so fixtures exercise the same code as the pages)."""

from __future__ import annotations

import pytest

from commonground.challenges import actions
from commonground.challenges.models import Challenge
from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.testing.people import make_user


def make_cast() -> dict:
    """Bradford, a community group with a designer, an officer and three residents."""
    make_strategy(make_bradford())
    group = Organisation.objects.create(name="Faiths Together", slug="faiths", kind="faith")
    other = Organisation.objects.create(name="Keighley Voices", slug="kvs", kind="voluntary")
    city = Area.objects.get(code="E05001347")
    tong = Area.objects.get(code="E05001365")
    alice = make_user("alice", Role.RESIDENT)
    alice.home_area = tong
    alice.save()
    cast = {
        "group": group,
        "other": other,
        "city": city,
        "tong": tong,
        "officer": make_user("officer", Role.OFFICER),
        "designer": make_user("designer", Role.PARTNER, group),
        "stranger": make_user("stranger", Role.PARTNER, other),
        "alice": alice,
        "bob": make_user("bob", Role.RESIDENT),
        "carol": make_user("carol", Role.RESIDENT),
    }
    cast["mosque"] = actions.save_venue(
        actor=cast["designer"], name="Grand Mosque", ward=city, organisation=group
    )
    cast["cathedral"] = actions.save_venue(
        actor=cast["designer"], name="Cathedral", ward=tong, organisation=group
    )
    cast["visit"] = new_challenge(cast, venues=[cast["mosque"]])
    cast["other_visit"] = new_challenge(
        cast, title_en="Visit the cathedral", venues=[cast["cathedral"]]
    )
    cast["meal"] = new_challenge(
        cast, title_en="Share a meal", kind="share_meal", check_in="reflection", venues=[]
    )
    return cast


def new_challenge(cast, **overrides) -> Challenge:
    fields = {
        "kind": "place_of_worship",
        "points": 20,
        "check_in": "code",
        "title_en": "Visit a mosque",
        "title_ur": "مسجد جائیں",
        "title_pl": "",
        "organisation": cast["group"],
    }
    fields.update(overrides)
    return actions.save_challenge(actor=cast["designer"], **fields)


@pytest.fixture
def cast(db) -> dict:
    return make_cast()


REFLECTION = "We ate together and talked about our children's schools for an hour."
