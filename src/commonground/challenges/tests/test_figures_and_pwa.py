"""Figures into Measures (origin: involvement), the app's pages and its PWA parts: the
manifest, the service worker with its scope, the front page's progress and badges."""

import pytest

from commonground.challenges import actions
from commonground.challenges.models import CheckIn
from commonground.challenges.waiting import tasks, tools
from commonground.measures.models import Indicator, Observation

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db


def _check_ins(cast):
    a, _ = actions.check_in(actor=cast["alice"], challenge=cast["visit"], code=cast["mosque"].code)
    actions.answer_follow_up(
        actor=cast["alice"], check_in=a, met_someone_different=True, new_place=True
    )
    b, _ = actions.check_in(actor=cast["bob"], challenge=cast["visit"], code=cast["mosque"].code)
    actions.answer_follow_up(
        actor=cast["bob"], check_in=b, met_someone_different=False, new_place=True
    )
    actions.check_in(actor=cast["alice"], challenge=cast["meal"], reflection=REFLECTION)


def test_figures_go_to_measures_by_ward_and_quarter_once(client, cast):
    _check_ins(cast)
    client.force_login(cast["officer"])
    page = client.get("/challenges/figures/").content.decode()
    assert "City (Bradford)" in page
    client.post("/challenges/figures/")
    people = Indicator.objects.get(slug="challenges-people-taking-part")
    city = Observation.objects.get(indicator=people, area=cast["city"], is_current=True)
    assert city.value == 2 and city.origin == "involvement"
    tong = Observation.objects.get(indicator=people, area=cast["tong"], is_current=True)
    assert tong.value == 1  # alice's reflection counts in her own ward
    new_places = Indicator.objects.get(slug="challenges-new-places")
    assert Observation.objects.get(indicator=new_places, area=cast["city"]).value == 2
    met = Indicator.objects.get(slug="challenges-new-people-met")
    assert Observation.objects.get(indicator=met, area=cast["city"]).value == 1
    before = Observation.objects.count()
    assert actions.publish_figures(actor=cast["officer"])["created"] == 0
    assert Observation.objects.count() == before


def test_only_officers_see_and_send_figures(client, cast):
    client.force_login(cast["designer"])
    assert client.get("/challenges/figures/").status_code == 403
    assert client.post("/challenges/figures/").status_code == 403
    assert not Observation.objects.exists()


def test_the_manifest_and_service_worker_are_public_and_scoped(client, cast):
    manifest = client.get("/challenges/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/challenges/" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    urdu = client.get("/ur/challenges/sw.js")
    assert urdu.status_code == 200 and urdu["Service-Worker-Allowed"] == "/ur/challenges/"
    assert urdu["Content-Type"].startswith("text/javascript")
    assert b'const SHELL = {"version"' in urdu.content and b'"/ur/challenges/"' in urdu.content
    assert "no-cache" in urdu["Cache-Control"] or "max-age=0" in urdu["Cache-Control"]


def test_the_front_page_shows_progress_and_links_the_app(client, cast):
    _check_ins(cast)
    anonymous = client.get("/challenges/").content.decode()
    assert 'rel="manifest"' in anonymous and "challenges/app.js" in anonymous
    assert "Sign in to take challenges on" in anonymous
    client.force_login(cast["alice"])
    page = client.get("/challenges/").content.decode()
    assert "data-points>40<" in page
    assert "1 week in a row" in page


def test_tools_and_unanswered_follow_ups_wait_for_people(cast):
    actions.check_in(actor=cast["carol"], challenge=cast["meal"], reflection=REFLECTION)
    assert [t.url for t in tools(cast["carol"])] == ["/challenges/"]
    assert "/challenges/figures/" in [t.url for t in tools(cast["officer"])]
    assert [t.url for t in tasks(cast["carol"])] == [cast["meal"].get_absolute_url()]
    CheckIn.objects.update(new_place=False)
    assert tasks(cast["carol"]) == []
