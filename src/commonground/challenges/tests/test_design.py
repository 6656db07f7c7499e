"""Designers write challenges in three languages and add venues with printable QR codes;
officers change any, community-group members their own group's, residents none."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from commonground.challenges import actions
from commonground.challenges.models import Challenge, Venue

from .conftest import new_challenge

pytestmark = pytest.mark.django_db


def test_an_officer_writes_a_challenge_in_three_languages(client, cast):
    client.force_login(cast["officer"])
    response = client.post(
        "/challenges/design/new/",
        {
            "kind": "place_of_worship",
            "points": "15",
            "check_in": "code",
            "venues": [cast["mosque"].pk],
            "title_en": "Friday open doors",
            "title_ur": "جمعہ کو کھلے دروازے",
            "title_pl": "Otwarte drzwi w piątek",
            "description_en": "Come and see.",
            "is_published": "on",
        },
    )
    challenge = Challenge.objects.get(title_en="Friday open doors")
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert list(challenge.venues.all()) == [cast["mosque"]]
    with translation.override("pl"):
        assert challenge.text("title") == ("Otwarte drzwi w piątek", "pl")
        assert challenge.text("description") == ("Come and see.", "en")
    page = client.get(f"/ur/challenges/{challenge.slug}/").content.decode()
    assert '<span lang="ur" dir="rtl">جمعہ کو کھلے دروازے</span>' in page


def test_a_code_challenge_without_a_venue_is_refused_by_field(client, cast):
    client.force_login(cast["officer"])
    response = client.post(
        "/challenges/design/new/",
        {"kind": "other", "points": "10", "check_in": "code", "title_en": "No venue"},
    )
    assert response.status_code == 400
    assert "Choose at least one venue whose QR code people scan." in response.content.decode()
    assert not Challenge.objects.filter(title_en="No venue").exists()


@pytest.mark.parametrize("points", [0, 501])
def test_points_out_of_range_are_refused(cast, points):
    with pytest.raises(ValidationError) as error:
        new_challenge(cast, points=points)
    assert error.value.message_dict["points"] == ["Points must be between 1 and 500."]


def test_a_slug_never_shadows_the_apps_own_pages(cast):
    challenge = new_challenge(cast, title_en="Teams", check_in="reflection", venues=[])
    assert challenge.slug == "teams-2"


def test_only_the_groups_members_and_officers_change_its_challenges(client, cast):
    edit = f"/challenges/{cast['visit'].slug}/edit/"
    client.force_login(cast["stranger"])
    assert client.get(edit).status_code == 403
    client.force_login(cast["alice"])
    assert client.get(edit).status_code == 403
    assert client.get("/challenges/design/").status_code == 403
    client.force_login(cast["designer"])
    assert client.get(edit).status_code == 200
    client.force_login(cast["officer"])
    assert client.get("/challenges/design/").status_code == 200


def test_a_venue_gets_a_printable_qr_code_of_its_scan_address(client, cast):
    client.force_login(cast["designer"])
    response = client.post(
        "/challenges/design/venues/new/",
        {"name": "Gurdwara", "ward": cast["city"].pk, "organisation": cast["group"].pk},
    )
    venue = Venue.objects.get(name="Gurdwara")
    assert response["Location"] == venue.get_absolute_url()
    poster = client.get(venue.get_absolute_url()).content.decode()
    assert venue.code in poster
    svg = client.get(f"/challenges/design/venues/{venue.pk}/qr.svg?download=1")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    assert f"challenge-{venue.code}.svg" in svg["Content-Disposition"]
    client.force_login(cast["stranger"])
    assert client.get(venue.get_absolute_url()).status_code == 403


def test_a_venue_without_a_name_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        actions.save_venue(actor=cast["officer"], name="  ")
    assert error.value.message_dict["name"] == ["Give the venue a name."]
