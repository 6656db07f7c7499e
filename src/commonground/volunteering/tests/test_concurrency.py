"""One person on several devices at once, and two coordinators accepting the last place at
once: never two sign-ups for one person, never more accepted than the places, never the
same day's hours twice.

Real threads with their own connections (``transactional_db``), released together by a
barrier, on PostgreSQL; SQLite's in-memory test database cannot race threads, so there the
invariants are checked in sequence.
"""

import contextlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.core.roles import Role
from commonground.testing.people import make_user
from commonground.testing.races import needs_postgresql, race
from commonground.volunteering import actions
from commonground.volunteering.models import HoursEntry, Signup, SignupStatus

from .conftest import new_opportunity


@pytest.mark.django_db
def test_sequential_signups_and_acceptances_hold(people):
    opportunity = new_opportunity(people, places=2)
    residents = [make_user(f"r{k}", Role.RESIDENT) for k in range(4)]
    signups = [
        actions.sign_up(actor=person, opportunity=opportunity, confirms_age=True)
        for person in residents + residents
    ]
    assert Signup.objects.count() == 4
    for signup in signups[:4]:
        with contextlib.suppress(ValidationError):
            actions.decide(actor=people["coordinator"], signup=signup, status="accepted")
    assert Signup.objects.filter(status=SignupStatus.ACCEPTED).count() == 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_person_signing_up_on_many_devices_at_once(people):
    opportunity = new_opportunity(people)
    alice = people["alice"]
    results, errors = race(
        lambda k: actions.sign_up(actor=alice, opportunity=opportunity, confirms_age=True), 8
    )
    assert not errors
    assert Signup.objects.filter(user=alice).count() == 1
    assert len({s.pk for s in results}) == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_accepting_the_last_place_twice_at_once(people):
    opportunity = new_opportunity(people, places=1)
    signups = [
        actions.sign_up(actor=people[who], opportunity=opportunity, confirms_age=True)
        for who in ("alice", "bob", "carol")
    ]
    results, errors = race(
        lambda k: actions.decide(actor=people["coordinator"], signup=signups[k], status="accepted"),
        3,
    )
    assert len(results) == 1
    assert all(isinstance(e, ValidationError) for e in errors)
    assert Signup.objects.filter(status=SignupStatus.ACCEPTED).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_days_hours_confirmed_twice_at_once(people):
    opportunity = new_opportunity(people)
    signup = actions.sign_up(actor=people["alice"], opportunity=opportunity, confirms_age=True)
    signup = actions.decide(actor=people["coordinator"], signup=signup, status="accepted")
    today = timezone.localdate()
    results, errors = race(
        lambda k: actions.confirm_hours(
            actor=people["coordinator"], signup=signup, day=today, hours=Decimal(2)
        ),
        4,
    )
    assert len(results) == 1
    assert all(isinstance(e, ValidationError) for e in errors)
    assert HoursEntry.objects.count() == 1
