"""Many people asking for the last places at once, and one person on several devices at once:
never more confirmed places than the event has, never two registrations for one person, and a
code scanned on two phones at once counts once.

Real threads with their own connections (``transactional_db``), released together by a
barrier, on PostgreSQL; SQLite's in-memory test database cannot race threads (it raises "table
is locked" instead of waiting), so there the invariants are checked in sequence.
"""

import pytest
from django.core.exceptions import ValidationError

from commonground.core.roles import Role
from commonground.involved import actions
from commonground.involved.models import Registration, RegistrationStatus
from commonground.testing.people import make_user
from commonground.testing.races import needs_postgresql, race

from .conftest import new_event


@pytest.mark.django_db
def test_sequential_registrations_never_overfill(people):
    event = new_event(people, capacity=3)
    residents = [make_user(f"r{k}", Role.RESIDENT) for k in range(6)]
    for person in residents + residents:
        actions.register(actor=person, event=event)
    assert event.registrations.count() == 6
    assert event.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 3


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overfill_or_double(people):
    event = new_event(people, capacity=5)
    residents = [make_user(f"r{k}", Role.RESIDENT) for k in range(12)]
    # each resident asks twice at once (two devices)
    _, errors = race(lambda k: actions.register(actor=residents[k % 12], event=event), 24)
    assert errors == []
    assert Registration.objects.filter(event=event).count() == 12
    assert Registration.objects.filter(event=event, status="confirmed").count() == 5


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_of_one_code_count_once(people):
    event = new_event(people)
    registration = actions.register(actor=people["alice"], event=event)
    results, errors = race(
        lambda k: actions.check_in(actor=people["organiser"], event=event, code=registration.code),
        8,
    )
    assert len(results) == 1
    assert len(errors) == 7 and all(isinstance(e, ValidationError) for e in errors)
