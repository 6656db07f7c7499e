"""The search's map (numbered dots beside the numbered list), its spreadsheet download (every
cell safe to open) and its Open Referral UK download (valid ORUK, and importable as it is)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from commonground.services.models import Organization, Service
from commonground.services.oruk import reader
from commonground.spreadsheets import is_dangerous

from .oruk_schemas import validate

HOSTILE = '=HYPERLINK("http://x","y")'


def test_results_are_numbered_on_the_map_as_in_the_list(client, directory):
    response = client.get("/services/", {"q": "ESOL", "postcode": "BD8 9AA", "within": "10000"})
    results = response.context["results"]
    dots = response.context["map"]["dots"]
    page = response.content.decode()
    assert results and 'data-testid="services-map"' in page
    assert {d.number for d in dots} == set(range(1, len(results) + 1))
    for dot in dots:
        assert dot.name == results[dot.number - 1].service.local_name
        assert 0 <= dot.x <= 320 and 0 <= dot.y <= 320
    assert response.context["map"]["here"] is not None  # the postcode's cross
    assert "The cross marks your postcode." in page


def test_no_map_without_places(client, db):
    Service.objects.create(
        organization=Organization.objects.create(name="Online only"),
        name="Phone befriending",
        search_text="phone befriending",
    )
    response = client.get("/services/", {"q": "befriending"})
    assert len(response.context["results"]) == 1
    assert response.context["map"] is None
    assert 'data-testid="services-map"' not in response.content.decode()


def test_the_map_follows_the_reader_s_language(client, directory):
    response = client.get("/ur/services/", {"q": "ESOL"})
    names = {d.name for d in response.context["map"]["dots"]}
    assert "خواتین کے لیے ای ایس او ایل" in " ".join(names)


def _cells(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_spreadsheet_of_the_search(client, directory):
    response = client.get("/services/export.csv", {"q": "advice"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _cells(response.content)
    page = client.get("/services/", {"q": "advice"})
    expected = [r.service.name for r in page.context["results"]]
    assert rows[0][:2] == ["Number", "Service"]
    assert [row[1] for row in rows[1:]] == expected
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(expected) + 1)]


def test_spreadsheet_cells_never_start_a_formula(client, db):
    org = Organization.objects.create(name=HOSTILE, description=HOSTILE)
    service = Service.objects.create(
        organization=org, name=f"{HOSTILE} drop-in", description="-2+3", email="a@example.org"
    )
    service.refresh_search_text()
    body = client.get("/services/export.csv", {"q": "drop-in"}).content
    rows = _cells(body)
    assert len(rows) == 2
    assert not any(is_dangerous(cell) for row in rows for cell in row)
    assert f"'{HOSTILE} drop-in" in rows[1] and "'-2+3" in rows[1]  # kept, as text


def test_spreadsheet_headers_in_polish(client, directory):
    rows = _cells(client.get("/pl/services/export.csv", {"q": "ESOL"}).content)
    assert rows[0][1] != "Service" and len(rows) > 1


def test_oruk_download_is_valid_and_importable(client, directory):
    response = client.get("/services/export.json", {"q": "ESOL", "free": "on"})
    assert response["Content-Type"] == "application/json"
    items = response.json()
    page = client.get("/services/", {"q": "ESOL", "free": "on"})
    shown = [r.service.pk for r in page.context["results"]]
    assert [item["id"] for item in items] == [str(pk) for pk in shown]
    for item in items:
        assert validate("service", item) == [], item["name"]
    text = json.dumps(items)
    reader.check(reader.parse(text, "export.json"), "export.json")  # raises on any problem


@pytest.mark.parametrize("url", ["/services/export.csv", "/services/export.json"])
def test_a_download_without_a_search_goes_back_to_the_search(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith("/services/")


def test_a_bad_search_downloads_nothing_and_is_explained(client, directory):
    response = client.get("/services/export.csv", {"postcode": "ZZ1 1ZZ"}, follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "We do not know the postcode ZZ1 1ZZ" in response.content.decode()


# -- Ward outlines under the dots (the district's own boundaries, no tile server) -----------
@pytest.fixture
def directory_in_wards(db):
    from commonground.core.tests.conftest import make_bradford
    from commonground.services import demo

    make_bradford()  # five wards with their real (generalised) boundaries
    demo.load_demo(lambda line: None)  # places then find their wards by name


def test_the_map_draws_the_wards_under_the_dots(client, directory_in_wards):
    response = client.get("/services/", {"postcode": "BD1 1AA", "within": "1000"})
    shown = response.context["map"]
    assert shown["dots"] and shown["wards"]
    city = next(w for w in shown["wards"] if w.name == "City (Bradford)")
    assert city.path.startswith("M") and city.path.endswith("Z")
    # The ward of the places shown is named on the map; the list names it too.
    places = [p for r in response.context["results"] for p in r.places]
    assert {w.name for w in shown["labels"]} <= {p.ward.name for p in places if p.ward}
    assert "City (Bradford)" in {w.name for w in shown["labels"]}
    page = response.content.decode()
    start = page.index('data-testid="services-map"')
    svg = page[start : page.index("</svg>", start)]
    # Outlines first, so the dots are drawn on top of them; nothing fetched from elsewhere.
    assert svg.index('data-testid="services-map-wards"') < svg.index("services-map__dot")
    assert "<image" not in svg and "http" not in svg
    assert "Grey lines are ward boundaries." in page


def test_only_the_wards_around_the_results_are_drawn(client, directory_in_wards):
    near_keighley = client.get("/services/", {"postcode": "BD21 3AA", "within": "1000"})
    names = {w.name for w in near_keighley.context["map"]["wards"]}
    assert "Keighley West" in names and "Tong" not in names


def test_outlines_leave_out_wards_beyond_the_view():
    from commonground.services import ward_outlines

    square = ward_outlines.WardShape(
        1, "Square", (((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)),),
        (0.0, 0.0, 1.0, 1.0), (0.5, 0.5),
    )  # fmt: skip

    def to_xy(lat, lon):
        return lon * 100, (1 - lat) * 100

    [outline] = ward_outlines.outlines((0.5, 0.5, 2.0, 2.0), to_xy, shapes=[square])
    assert outline.path == "M0.0 100.0L100.0 100.0L100.0 0.0L0.0 0.0L0.0 100.0Z"
    assert outline.label_xy == (50.0, 50.0)
    assert ward_outlines.outlines((3.0, 3.0, 4.0, 4.0), to_xy, shapes=[square]) == []


def test_a_map_without_ward_boundaries_still_shows_the_dots(client, directory):
    response = client.get("/services/", {"q": "ESOL"})
    assert response.context["map"]["dots"] and response.context["map"]["wards"] == []
    assert 'data-testid="services-map-wards"' not in response.content.decode()
