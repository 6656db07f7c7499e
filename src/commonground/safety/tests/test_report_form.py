"""The anonymous report: no account, exit button and 999 prompt on every page, nothing of the
incident in the address, the title or the browser cache; a reference and secret at the end."""

import re

import pytest
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.safety.actions import secret_matches
from commonground.safety.models import IncidentReport, Strand

from .conftest import client_for, inside

pytestmark = pytest.mark.django_db

DESCRIPTION = "A man followed me off the 662 bus shouting about my hijab"


def _form(places, **changes):
    lat, lng = inside(places["lsoa1"])
    data = {
        "reporter_role": "victim",
        "description": DESCRIPTION,
        "strands": [
            Strand.objects.get(slug="religion").pk,
            Strand.objects.get(slug="sex-gender").pk,
        ],
        "occurred_on": "2026-06-01",
        "ward": "",
        "place_text": "Sunbridge Road",
        "latitude": f"{lat}",
        "longitude": f"{lng}",
        "reported_to_police": "no",
        "support": ["contact", "victim_support"],
        "contact_phone": "07700 900123",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", ["/safety/", "/safety/report/", "/safety/status/"])
@pytest.mark.parametrize("prefix", ["", "/ur", "/pl"])
def test_every_form_page_has_exit_button_and_999(client, path, prefix):
    response = client.get(prefix + path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-cg-exit-this-page" in html
    assert 'href="https://www.bbc.co.uk/weather"' in html
    assert "safety/exit-this-page.js" in html
    assert "999" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_urdu_form_is_translated_right_to_left(client):
    html = client.get("/ur/safety/report/").content.decode()
    assert 'dir="rtl"' in html
    assert "نسل یا نسلی پس منظر" in html  # the strand's Urdu name


def test_anonymous_report_gets_reference_and_secret(client, places):
    response = client.post(reverse("safety:report"), _form(places))
    html = response.content.decode()
    assert response.status_code == 200
    report = IncidentReport.objects.get()
    assert report.reference in html
    secret = re.search(r'class="cg-secret" lang="en" dir="ltr">([^<]+)<', html).group(1)
    assert secret_matches(secret, report.secret_hash)
    assert secret not in report.secret_hash
    assert report.lsoa == places["lsoa1"]
    assert report.ward == places["ward"]
    assert report.description == DESCRIPTION
    assert sorted(report.strands.values_list("slug", flat=True)) == ["religion", "sex-gender"]
    assert report.centre is None
    assert "no-store" in response["Cache-Control"]
    # nothing of the incident in the title or the audit trail
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "hijab" not in title and "Sunbridge" not in title
    event = AuditEvent.objects.get(action="safety.report_received")
    assert event.actor is None
    assert "hijab" not in str(event.data) + event.object_repr


def test_the_form_posts_to_its_own_address(client):
    html = client.get(reverse("safety:report")).content.decode()
    assert f'action="{reverse("safety:report")}"' in html
    assert 'method="post"' in html


def test_typed_place_keeps_the_ward_only(client, places):
    data = _form(places, latitude="", longitude="", ward=str(places["other_ward"].pk))
    assert client.post(reverse("safety:report"), data).status_code == 200
    report = IncidentReport.objects.get()
    assert report.ward == places["other_ward"]
    assert report.lsoa is None
    assert report.point == ""


def test_errors_are_shown_and_nothing_saved(client, places):
    response = client.post(
        reverse("safety:report"), _form(places, description="", occurred_on="2999-01-01")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "The date must be today or in the past." in html
    assert not IncidentReport.objects.exists()


def test_contact_wanted_needs_a_way_to_contact(client, places):
    response = client.post(reverse("safety:report"), _form(places, contact_phone=""))
    assert response.status_code == 400
    assert "give a phone number or an email address" in response.content.decode()


def test_reporting_centre_enters_a_report_for_someone(places, people):
    client = client_for(people["centre"])
    page = client.get(reverse("safety:report")).content.decode()
    assert "Keighley Community Hub" in page
    assert client.post(reverse("safety:report"), _form(places)).status_code == 200
    report = IncidentReport.objects.get()
    assert report.centre.name == "Keighley Community Hub"
    assert AuditEvent.objects.get(action="safety.report_received").actor == people["centre"]


def test_reports_from_one_address_are_limited(client, places):
    for _ in range(10):
        assert client.post(reverse("safety:report"), _form(places)).status_code == 200
    response = client.post(reverse("safety:report"), _form(places))
    assert response.status_code == 429
    assert IncidentReport.objects.count() == 10


def test_map_picker_inverts_the_projection(client, places):
    from commonground.core.geometry import Projection, rings
    from commonground.safety.places import ward_map

    places["ward"].boundary = places["lsoa0"].boundary
    places["ward"].save()
    drawn = ward_map()
    lat, lng = inside(places["lsoa0"])
    x, y = Projection(rings(places["ward"].boundary), 600, 6).point(lng, lat)
    # what place-picker.js computes from a click at (x, y)
    back_lng = drawn["min_lon"] + (x - drawn["pad"]) / (drawn["kx"] * drawn["scale"])
    back_lat = drawn["max_lat"] - (y - drawn["pad"]) / drawn["scale"]
    assert abs(back_lng - lng) < 1e-9 and abs(back_lat - lat) < 1e-9
    html = client.get(reverse("safety:report")).content.decode()
    assert "data-cg-place-map" in html and "safety/place-picker.js" in html
