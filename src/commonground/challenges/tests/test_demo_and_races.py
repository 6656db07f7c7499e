"""The demo loads twice without doubling anything; check-ins racing each other (two phones,
or one phone's retries) count once, on PostgreSQL where threads can race."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from commonground.challenges import actions
from commonground.challenges.demo import load_demo
from commonground.challenges.models import Challenge, CheckIn, Team, Venue
from commonground.testing.races import needs_postgresql, race

from .conftest import make_bradford, make_cast, make_strategy


@pytest.mark.django_db
def test_the_demo_loads_twice_without_doubling():
    make_strategy(make_bradford())
    said = []
    load_demo(said.append)
    load_demo(said.append)
    assert (
        Challenge.objects.filter(
            slug__in=["visit-a-mosque", "share-a-meal", "learn-a-greeting"]
        ).count()
        == 3
    )
    assert Challenge.objects.count() == 9
    assert Venue.objects.count() == 3 and Team.objects.count() == 2
    assert CheckIn.objects.count() == 8
    assert said[-1].endswith("0 new check-ins")
    mosque = Challenge.objects.get(slug="visit-a-mosque")
    assert mosque.title_ur and mosque.title_pl and mosque.venues.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_count_once():
    cast = make_cast()
    same = uuid.uuid4()

    def retry(k):  # one phone's sync sent eight times at once
        return actions.check_in(
            actor=cast["alice"], challenge=cast["visit"], code=cast["mosque"].code, client_id=same
        )

    results, errors = race(retry, 8)
    assert not errors and sum(created for _made, created in results) == 1

    def phones(k):  # eight different check-ins of one person to one challenge
        return actions.check_in(
            actor=cast["bob"], challenge=cast["visit"], code=cast["mosque"].code
        )

    results, errors = race(phones, 8)
    assert len(results) == 1 and all(isinstance(e, ValidationError) for e in errors)
    assert CheckIn.objects.filter(challenge=cast["visit"]).count() == 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_door_and_scans_racing_count_an_event_once():
    from datetime import timedelta

    from django.utils import timezone

    from commonground.involved import actions as involved

    cast = make_cast()
    walk = actions.save_challenge(
        actor=cast["designer"],
        kind="event_new_ward",
        check_in="event",
        event_kinds=["faith_walk"],
        title_en="Go on a faith walk",
        organisation=cast["group"],
        venues=[],
    )
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=10)
    event = involved.publish_event(
        actor=cast["officer"],
        now=start - timedelta(days=1),
        kind="faith_walk",
        title="Faith walk",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Manningham",
        ward=cast["city"],
    )

    def arrive(k):  # the organiser's door phone and the person's own scans, all at once
        via = "door" if k % 2 else "scan"
        actor = cast["officer"] if via == "door" else cast["bob"]
        return actions.check_in_at_event(actor=actor, user=cast["bob"], event=event, via=via)

    results, errors = race(arrive, 8)
    assert not errors and sum(len(made) for made in results) == 1
    assert CheckIn.objects.filter(challenge=walk, user=cast["bob"]).count() == 1
