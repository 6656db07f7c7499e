"""Teams joined by code, team tables, and names shown only when a person chooses."""

import pytest

from commonground.challenges import actions
from commonground.challenges.models import Player, Team

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db


def test_a_team_is_started_joined_by_code_and_scores_together(client, cast):
    client.force_login(cast["alice"])
    client.post("/challenges/teams/new/", {"name": "Year 8B", "kind": "school"})
    team = Team.objects.get(name="Year 8B")
    client.force_login(cast["bob"])
    response = client.post("/challenges/teams/join/", {"code": team.code.lower()})
    assert response.status_code == 302
    assert Player.objects.get(user=cast["bob"]).team == team
    actions.check_in(actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION)
    actions.check_in(actor=cast["bob"], challenge=cast["visit"], code=cast["mosque"].code)
    page = client.get("/challenges/teams/").content.decode()
    assert "Year 8B" in page and ">40<" in page
    assert "A team member" in page  # alice chose no name


def test_a_wrong_team_code_says_so_and_changes_nothing(client, cast):
    client.force_login(cast["bob"])
    response = client.post("/challenges/teams/join/", {"code": "NOPE99"})
    assert response.status_code == 400
    assert "No team has this code" in response.content.decode()
    assert not Player.objects.filter(user=cast["bob"], team__isnull=False).exists()


def test_a_name_is_shown_only_when_chosen(client, cast):
    team = actions.create_team(actor=cast["alice"], name="Lunch club", kind="workplace")
    actions.join_team(actor=cast["bob"], code=team.code)
    client.force_login(cast["alice"])
    response = client.post("/challenges/me/", {"display_name": "", "show_name": "on"})
    assert response.status_code == 400
    assert "Write the name you want others to see." in response.content.decode()
    client.post("/challenges/me/", {"display_name": "Alice K", "show_name": "on"})
    client.force_login(cast["bob"])
    assert "Alice K" in client.get("/challenges/teams/").content.decode()
    actions.save_player(actor=cast["alice"], display_name="Alice K", show_name=False)
    assert "Alice K" not in client.get("/challenges/teams/").content.decode()


def test_leaving_a_team(client, cast):
    actions.create_team(actor=cast["alice"], name="Faith group", kind="faith")
    client.force_login(cast["alice"])
    client.post("/challenges/teams/leave/")
    assert Player.objects.get(user=cast["alice"]).team is None
