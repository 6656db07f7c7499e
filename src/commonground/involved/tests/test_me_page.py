"""My involvement: one page with a resident's events, volunteering, talks and check-ins, and
their data to take away as JSON or as a spreadsheet-safe CSV."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from commonground.challenges import actions as challenge_actions
from commonground.challenges.tests.conftest import REFLECTION, new_challenge
from commonground.involved import actions

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_needs_signing_in(people):
    response = Client().get("/involved/me/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_each_part_of_a_residents_involvement(people, event):
    alice = people["alice"]
    actions.register(actor=alice, event=event)
    challenge = new_challenge(
        {"designer": people["officer"], "group": people["organisation"]},
        title_en="Share a meal",
        kind="share_meal",
        check_in="reflection",
        venues=[],
    )
    challenge_actions.check_in(actor=alice, challenge=challenge, reflection=REFLECTION)
    response = _signed_in(alice).get("/involved/me/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("My involvement", event.title, "Share a meal", "Volunteering", "Open Book talks"):
        assert text in page
    assert "/involved/me/erase/" in page


def test_a_resident_downloads_their_data_as_json(people, event):
    actions.register(actor=people["alice"], event=event)
    response = _signed_in(people["alice"]).get("/involved/me/my-data.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["account"]["username"] == "alice"
    assert [row["what"] for row in document["involved"]] == [event.title]
    assert document["volunteering"] == [] and document["challenges"] == []


def test_the_csv_neutralises_formulas(people):
    from commonground.involved.tests.conftest import new_event

    event = new_event(people, title='=HYPERLINK("http://evil")')
    actions.register(actor=people["bob"], event=event)
    response = _signed_in(people["bob"]).get("/involved/me/my-data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["section", "kind", "what"]
    assert rows[1][0] == "involved"
    assert rows[1][2].startswith("'=")
