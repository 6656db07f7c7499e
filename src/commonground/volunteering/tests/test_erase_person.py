"""Erasing a volunteer's data at their request: personal details go, the hours that feed
Measures stay (counted as one nameless person), and only the person may ask."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commonground.core.light_accounts import make_stand_in
from commonground.core.models import AuditEvent
from commonground.volunteering import actions
from commonground.volunteering.models import HoursEntry, Signup, VolunteerProfile


@pytest.mark.django_db
def test_erasing_keeps_the_hours_and_removes_what_names_the_person(people, opportunity):
    alice = people["alice"]
    actions.save_profile(
        actor=alice, callouts=True, channel="sms", phone="07700900123", background="Polish"
    )
    signup = actions.sign_up(
        actor=alice, opportunity=opportunity, confirms_age=True, message="I can drive."
    )
    signup = actions.decide(actor=people["coordinator"], signup=signup, status="accepted")
    actions.confirm_hours(
        actor=people["coordinator"],
        signup=signup,
        day=timezone.localdate(),
        hours=Decimal(3),
        thank_you="Thank you, Alice!",
    )
    before = actions.hours_by_ward_and_quarter()
    stand_in = make_stand_in(alice)

    counts = actions.erase_person(actor=alice, user=alice, stand_in=stand_in)

    assert counts == {"signups": 1, "withdrawn": 1, "callouts": 0, "profiles": 1}
    assert not VolunteerProfile.objects.filter(user=alice).exists()
    assert not Signup.objects.filter(user=alice).exists()
    moved = Signup.objects.get(pk=signup.pk)
    assert (moved.user_id, moved.message, moved.status) == (stand_in.pk, "", "withdrawn")
    assert HoursEntry.objects.get(signup=moved).thank_you == ""
    assert actions.hours_by_ward_and_quarter() == before
    assert actions.total_hours(alice) == Decimal(0)
    event = AuditEvent.objects.get(action="volunteering.person_erased")
    assert event.actor_id == alice.pk and event.data["signups"] == 1


@pytest.mark.django_db
def test_nobody_may_erase_someone_elses_volunteering(people, opportunity):
    signup = actions.sign_up(actor=people["alice"], opportunity=opportunity, confirms_age=True)
    with pytest.raises(PermissionDenied):
        actions.erase_person(
            actor=people["coordinator"], user=people["alice"], stand_in=make_stand_in()
        )
    assert Signup.objects.get(pk=signup.pk).user_id == people["alice"].pk
