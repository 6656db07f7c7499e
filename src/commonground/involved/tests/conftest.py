"""Fixtures for Getting Involved: Bradford, an organiser, residents, and events built through
the actions (so fixtures exercise the same code as the pages)."""

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
from commonground.involved import actions
from commonground.involved.models import Event
from commonground.testing.people import make_user

LONG_URDU_TITLE = (
    "بریڈفورڈ کے عبادت گاہوں کا دورہ: مسجد، گرجا گھر، گوردوارہ اور مندر — "
    "سب کے لیے کھلا، چائے اور گفتگو کے ساتھ"
)


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


@pytest.fixture
def people(strategy) -> dict:
    people_can = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    other = Organisation.objects.create(name="Keighley Voices", slug="kvs", kind="voluntary")
    return {
        "organisation": people_can,
        "officer": make_user("officer", Role.OFFICER),
        "organiser": make_user("organiser", Role.PARTNER, people_can),
        "stranger": make_user("stranger", Role.PARTNER, other),
        "alice": make_user("alice", Role.RESIDENT),
        "bob": make_user("bob", Role.RESIDENT),
        "carol": make_user("carol", Role.RESIDENT),
    }


def new_event(people, **overrides) -> Event:
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    fields = {
        "kind": "conversation_cafe",
        "title": "Conversation café at Manningham Library",
        "summary": "Tea, cake and conversation in easy English.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "venue": "Manningham Library",
        "address": "Carlisle Road, Bradford",
        "postcode": "BD8 8BB",
        "ward": Area.objects.get(code="E05001347"),
        "languages": ["en", "ur"],
        "capacity": 2,
        "organiser": people["organisation"],
    }
    fields.update(overrides)
    return actions.publish_event(actor=people["organiser"], **fields)


@pytest.fixture
def event(people) -> Event:
    return new_event(people)


@pytest.fixture
def empty_outbox():
    """The console sender's outbox empty before and after a test that counts messages."""
    from commonground.core.messaging import outbox

    outbox.clear()
    yield
    outbox.clear()
