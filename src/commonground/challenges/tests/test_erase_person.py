"""Erasing a player's data at their request: the opt-in name, team and reflections go; the
check-ins that feed Measures stay, counted as one nameless person."""

import pytest
from django.core.exceptions import PermissionDenied

from commonground.challenges import actions
from commonground.challenges.models import CheckIn, Player
from commonground.core.light_accounts import make_stand_in
from commonground.core.models import AuditEvent

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db


def test_erasing_keeps_the_counts_and_removes_the_name_and_reflection(cast):
    alice = cast["alice"]
    actions.save_player(actor=alice, display_name="Alice from Tong", show_name=True)
    team = actions.create_team(actor=alice, name="Tong Tigers", kind="school")
    actions.check_in(actor=alice, challenge=cast["visit"], code=cast["mosque"].code)
    actions.check_in(actor=alice, challenge=cast["meal"], reflection=REFLECTION)
    before = actions.current_cells()
    stand_in = make_stand_in(alice)

    counts = actions.erase_person(actor=alice, user=alice, stand_in=stand_in)

    assert counts == {"players": 1, "attempts": 2, "check_ins": 2}
    assert not CheckIn.objects.filter(user=alice).exists()
    assert set(CheckIn.objects.values_list("reflection", flat=True)) == {""}
    player = Player.objects.get(user=stand_in)
    assert (player.display_name, player.show_name, player.team_id) == ("", False, None)
    assert CheckIn.objects.filter(team=team).count() == 2
    assert actions.current_cells() == before
    assert AuditEvent.objects.filter(action="challenges.person_erased", actor=alice).exists()


def test_nobody_may_erase_someone_elses_check_ins(cast):
    actions.check_in(actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION)
    with pytest.raises(PermissionDenied):
        actions.erase_person(actor=cast["officer"], user=cast["alice"], stand_in=None)
    assert CheckIn.objects.get().reflection == REFLECTION
