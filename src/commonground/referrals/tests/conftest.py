"""A small cast for referral tests: a health referrer, an advice service that keeps a directory
entry, an organisation with nothing to do with either, an officer and a board member."""

from __future__ import annotations

import uuid

import pytest

from commonground.core.memberships import grant_membership
from commonground.core.models import Organisation
from commonground.core.roles import Role
from commonground.services.models import Organization, Service
from commonground.testing.people import make_user


def make_cast() -> dict:
    health = Organisation.objects.create(name="NHS Trust", slug="nhs", kind="health")
    advice = Organisation.objects.create(name="Refugee Advice", slug="advice", kind="voluntary")
    other = Organisation.objects.create(name="Other Group", slug="other", kind="voluntary")
    keeper = Organization.objects.create(name="Refugee Advice", partner=advice)
    service = Service.objects.create(
        id=uuid.uuid4(),
        organization=keeper,
        name="Immigration advice drop-in",
        name_ur="امیگریشن مشورہ",
        name_pl="Porady imigracyjne",
        description="Free immigration advice.",
    )
    service.refresh_search_text()
    unkept = Service.objects.create(
        organization=Organization.objects.create(name="Nobody keeps this"), name="Unkept service"
    )
    referrer = make_user("referrer", Role.PARTNER, health)
    worker = make_user("worker", Role.PARTNER, advice)
    admin = make_user("advice-admin", Role.PARTNER)
    grant_membership(user=admin, organisation=advice, admin=True, actor_label="test")
    return {
        "health": health,
        "advice": advice,
        "other": other,
        "service": service,
        "unkept": unkept,
        "referrer": referrer,
        "worker": worker,
        "advice_admin": admin,
        "outsider": make_user("outsider", Role.PARTNER, other),
        "officer": make_user("officer", Role.OFFICER),
        "board": make_user("board", Role.BOARD),
        "resident": make_user("resident", Role.RESIDENT),
    }


@pytest.fixture
def cast(db) -> dict:
    return make_cast()


def referral_data(cast: dict, **changes) -> dict:
    """What a referrer enters, as keyword arguments of `actions.refer`."""
    from django.utils import timezone

    return {
        "organisation": cast["health"],
        "service": cast["service"],
        "first_name": "Amina",
        "language": "ur",
        "need": "Help with an asylum claim letter.",
        "consent_given_by": "person",
        "consent_on": timezone.localdate(),
        "consent_purpose": "To share my first name and need with the service.",
        "channel": "sms",
        "contact": "07700 900123",
    } | changes
