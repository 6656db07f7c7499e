"""The public "Getting involved near you" page: no sign-in, a postcode, events, volunteering,
talks and challenges nearest first; an unknown postcode gets a message naming it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from commonground.core.models import Area
from commonground.involved.tests.conftest import new_event
from commonground.volunteering import actions as volunteering_actions

pytestmark = pytest.mark.django_db


def test_an_unknown_postcode_is_named_in_the_message(people):
    response = Client().get("/involved/near/", {"postcode": "ZZ9 9ZZ", "distance": "5"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We do not know the postcode ZZ9 9ZZ" in page
    assert "Near you" not in page


def test_everything_near_a_postcode_nearest_first_without_signing_in(people):
    near = new_event(people, title="Tea at Manningham Library", postcode="BD8 8BB")
    far_start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    far = new_event(
        people,
        title="Keighley faith walk",
        postcode="BD21 1AA",
        starts_at=far_start,
        ends_at=far_start + timedelta(hours=2),
    )
    online = new_event(
        people,
        title="Online conversation café",
        attendance_mode="online",
        venue="",
        postcode="",
        online_url="https://example.org/cafe",
    )
    volunteering_actions.post_opportunity(
        actor=people["organiser"],
        organisation=people["organisation"],
        title="Sort food parcels",
        summary="Help pack parcels.",
        interest="food",
        ward=Area.objects.get(code="E05001347"),
        venue="Adult Learning Centre",
        postcode="BD1 1AA",
        frequency="weekly",
        schedule="Tuesdays 10:00 to 13:00",
        days=["tue"],
        places=2,
    )

    response = Client().get("/involved/near/", {"postcode": "bd8 8bb", "distance": "5"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(near.title) < page.index("Sort food parcels")
    assert far.title not in page  # Keighley is more than 5 km from Manningham
    assert page.index("Online or anywhere") < page.index(online.title)
    wider = Client().get("/involved/near/", {"postcode": "BD8 8BB", "distance": ""})
    assert far.title in wider.content.decode()
