"""Fixtures for Open Book: Bradford's wards, a coordinator, volunteers, a requester, a partner
member, and talks and requests made through the actions (the same code as the pages)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import (  # noqa: F401  (fixtures re-used)
    english_between_tests,
    make_bradford,
    make_strategy,
)
from commonground.openbook import actions
from commonground.openbook.models import TalkOffer, TalkRequest
from commonground.testing.people import make_user

CITY = "E05001347"


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


@pytest.fixture
def cast(strategy) -> dict:
    return make_cast()


def make_cast() -> dict:
    school = Organisation.objects.create(
        name="Green Lane Primary", slug="green-lane", kind="school"
    )
    people = {
        "organisation": school,
        "coordinator": make_user("coordinator", Role.OFFICER),
        "amina": make_user("amina", Role.RESIDENT),
        "marek": make_user("marek", Role.RESIDENT),
        "requester": make_user("requester", Role.RESIDENT),
        "teacher": make_user("teacher", Role.PARTNER, school),
        "stranger": make_user("stranger", Role.RESIDENT),
        "board": make_user("board", Role.BOARD),
    }
    for name, user in people.items():
        if name != "organisation":
            user.email = f"{name}@example.org"
            user.save(update_fields=["email"])
    return people


def new_offer(cast, who: str = "amina", approve: bool = True, **overrides) -> TalkOffer:
    fields = {
        "speaker_name": "Amina",
        "title": "Growing up between Mirpur and Manningham",
        "bio": "Teaching assistant, cricket fan.",
        "description": "Two languages, two homes, one city.",
        "topics": ["life", "faith"],
        "languages": ["en", "ur"],
        "format": "both",
        "days": ["tue"],
        "availability": "School hours",
    } | overrides
    offer = actions.offer_talk(actor=cast[who], wards=[Area.objects.get(code=CITY)], **fields)
    if approve:
        offer = actions.approve_offer(actor=cast["coordinator"], offer=offer)
    return offer


def new_request(cast, who: str = "requester", **overrides) -> TalkRequest:
    fields = {
        "organisation_name": "Acme Bakery staff",
        "contact_email": f"{who}@example.org",
        "audience_kind": "employer",
        "audience_size": 20,
        "age_group": "adults",
        "ward": Area.objects.get(code=CITY),
        "format": "in_person",
        "preferred_dates": "A Wednesday lunchtime",
        "wants_to_learn": "Ramadan at work.",
        "accessibility": "",
    } | overrides
    return actions.request_talk(actor=cast[who], **fields)


def soon(days: int = 7):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)
