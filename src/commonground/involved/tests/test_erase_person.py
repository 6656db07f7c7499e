"""Erasing a resident's event registrations at their request: places still to come go back to
the wait list, and who came still counts, under a nameless account."""

import pytest
from django.core.exceptions import PermissionDenied

from commonground.core.light_accounts import make_stand_in
from commonground.core.models import AuditEvent
from commonground.involved import actions
from commonground.involved.models import Registration

pytestmark = pytest.mark.django_db


def test_erasing_gives_places_back_and_moves_registrations_to_the_stand_in(people, event):
    alice = people["alice"]
    mine = actions.register(actor=alice, event=event, sms_reminder=True, phone="07700900123")
    actions.register(actor=people["bob"], event=event)
    waiting = actions.register(actor=people["carol"], event=event)
    assert waiting.status == "waiting"
    stand_in = make_stand_in(alice)

    counts = actions.erase_person(actor=alice, user=alice, stand_in=stand_in)

    assert counts == {"registrations": 1, "given_back": 1}
    assert not Registration.objects.filter(user=alice).exists()
    moved = Registration.objects.get(pk=mine.pk)
    assert (moved.user_id, moved.status) == (stand_in.pk, "cancelled")
    assert (moved.phone, moved.sms_reminder) == ("", False)  # the number goes with the name
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert AuditEvent.objects.filter(action="involved.person.erased", actor=alice).exists()


def test_nobody_may_erase_someone_elses_registrations(people, event):
    actions.register(actor=people["alice"], event=event)
    with pytest.raises(PermissionDenied):
        actions.erase_person(actor=people["organiser"], user=people["alice"], stand_in=None)
    assert Registration.objects.filter(user=people["alice"]).count() == 1
