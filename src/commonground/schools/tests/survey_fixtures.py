"""A consultation to host a linking year's surveys, and teachers of the first pair's schools."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.consult.models import Consultation
from commonground.core.roles import Role
from commonground.schools.models import SchoolContact
from commonground.testing.people import make_user


@pytest.fixture(name="host")
def host_fixture(officer):
    now = timezone.now()
    return Consultation.objects.create(
        title="School linking 2027/28",
        slug="school-linking-2027-28",
        purpose="What pupils think before and after a year of linking.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=300),
        created_by=officer,
    )


@pytest.fixture(name="teachers")
def teachers_fixture(confirmed):
    """The first pair, a teacher of each of its schools."""
    pair = confirmed.pairs.select_related("school_a", "school_b").order_by("pk").first()
    a = make_user("teacher_a", Role.RESIDENT)
    b = make_user("teacher_b", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=a, role="teacher")
    SchoolContact.objects.create(school=pair.school_b, user=b, role="teacher")
    return {"pair": pair, "a": a, "b": b}
