"""Every ORUK endpoint's answers validate against the published 3.0 schemas (with formats),
leave out empty optional fields, and behave as the ORUK validator expects."""

from __future__ import annotations

import json

import pytest

from commonground.services.models import Service

from .oruk_schemas import validate

LISTS = {
    "/openreferral/services": "service_list",
    "/openreferral/services?full=true": "service_list",
    "/openreferral/services?minimal=true": "service_list",
    "/openreferral/service_at_locations": "service_at_location_list",
    "/openreferral/service_at_locations?full=true": "service_at_location_list",
    "/openreferral/taxonomies": "taxonomy_list",
    "/openreferral/taxonomy_terms": "taxonomy_term_list",
    "/openreferral/organizations": "organization_list",
    "/openreferral/organizations?full_service=true": "organization_list",
}
ITEMS = {
    "/openreferral/services": ("/openreferral/services/{}", "service"),
    "/openreferral/service_at_locations": (
        "/openreferral/service_at_locations/{}",
        "service_at_location",
    ),
    "/openreferral/taxonomies": ("/openreferral/taxonomies/{}", "taxonomy"),
    "/openreferral/taxonomy_terms": ("/openreferral/taxonomy_terms/{}", "taxonomy_term"),
    "/openreferral/organizations": ("/openreferral/organizations/{}", "organization"),
}


def _get(client, url):
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_root_names_the_standard(client, db):
    response, body = _get(client, "/openreferral/")
    assert response.status_code == 200
    assert body["version"] == "HSDS-UK-3.0"
    assert validate("api_details", body) == []


@pytest.mark.parametrize("url,schema", LISTS.items())
def test_every_list_validates(client, directory, url, schema):
    response, body = _get(client, url)
    assert response.status_code == 200
    assert body["total_items"] > 0 and body["contents"]
    assert validate(schema, body) == []


@pytest.mark.parametrize("list_url,item", ITEMS.items())
def test_every_item_validates(client, directory, list_url, item):
    pattern, schema = item
    _, page = _get(client, list_url + "?per_page=1000")
    assert page["contents"]
    for entry in page["contents"]:
        response, body = _get(client, pattern.format(entry["id"]))
        assert response.status_code == 200
        assert body["id"] == entry["id"]
        assert validate(schema, body) == [], pattern.format(entry["id"])


def test_service_is_fully_nested(client, directory):
    service = Service.objects.get(name="ESOL Entry 1 with crèche")
    _, body = _get(client, f"/openreferral/services/{service.pk}")
    assert body["organization_id"] == str(service.organization_id)
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "BD3 9AA"
    assert {lang["code"] for lang in body["languages"]} == {"en", "ur", "ar", "ku"}
    assert body["schedules"][0]["byday"] == "TU,TH"
    assert body["cost_options"][0]["amount"] == 0
    assert body["contacts"][0]["phones"][0]["number"].startswith("01274")
    assert any(a["taxonomy_term"]["name"] == "ESOL Entry 1" for a in body["attributes"])


def test_search_esol_finds_only_esol_classes(client, directory):
    _, body = _get(client, "/openreferral/services?search=ESOL&per_page=100")
    names = {s["name"] for s in body["contents"]}
    expected = {
        spec["name"][0] for key, spec in directory.SERVICES.items() if key.startswith("esol")
    }
    assert names == expected
    assert body["total_items"] == len(expected) < Service.objects.count()


def test_per_page_and_page_shape(client, directory):
    total = Service.objects.count()
    _, first = _get(client, "/openreferral/services?per_page=5")
    assert (first["size"], first["total_items"], first["page_number"]) == (5, total, 1)
    assert first["total_pages"] == -(-total // 5)
    assert first["first_page"] is True and first["last_page"] is False and first["empty"] is False
    _, last = _get(client, f"/openreferral/services?per_page=5&page={first['total_pages']}")
    assert last["last_page"] is True and last["first_page"] is False
    assert last["size"] == total - 5 * (first["total_pages"] - 1)
    ids = {s["id"] for s in first["contents"]} & {s["id"] for s in last["contents"]}
    assert not ids
    _, beyond = _get(client, "/openreferral/services?per_page=5&page=99")
    assert beyond["empty"] is True and beyond["contents"] == []
    assert validate("service_list", beyond) == []


def test_filters_by_term_taxonomy_and_organization(client, directory):
    _, terms = _get(client, "/openreferral/taxonomy_terms?search=Immigration")
    term = terms["contents"][0]
    _, body = _get(client, f"/openreferral/services?taxonomy_term_id={term['id']}")
    assert [s["name"] for s in body["contents"]] == ["Immigration and asylum advice"]
    _, body = _get(client, f"/openreferral/services?taxonomy_id={term['taxonomy_id']}")
    assert body["total_items"] == Service.objects.count()
    org = Service.objects.get(name="Debt and benefits advice").organization_id
    _, body = _get(client, f"/openreferral/services?organization_id={org}")
    assert {s["organization_id"] for s in body["contents"]} == {str(org)}
    _, top = _get(client, "/openreferral/taxonomy_terms?top_only=true&per_page=100")
    assert all("parent_id" not in t for t in top["contents"])


def test_postcode_and_proximity(client, directory):
    _, near = _get(client, "/openreferral/service_at_locations?postcode=bd89aa&proximity=1500")
    assert near["contents"], "services within 1.5 km of Girlington"
    assert validate("service_at_location_list", near) == []
    names = [s["service"]["name"] for s in near["contents"]]
    assert names[0] == "Debt and benefits advice"  # at that very postcode
    assert "Ilkley interfaith walk" not in names
    _, wide = _get(client, "/openreferral/service_at_locations?postcode=BD8 9AA&proximity=50000")
    assert wide["total_items"] > near["total_items"]


def test_bad_parameters_are_400_with_json(client, directory):
    for url, parameter in (
        ("/openreferral/services?per_page=abc", "per_page"),
        ("/openreferral/services?page=0", "page"),
        ("/openreferral/services?taxonomy_term_id=nope", "taxonomy_term_id"),
        ("/openreferral/service_at_locations?postcode=ZZ99 9ZZ", "postcode"),
    ):
        response, body = _get(client, url)
        assert response.status_code == 400, url
        assert body["parameter"] == parameter


def test_unknown_ids_are_404_json(client, directory):
    for url in (
        "/openreferral/services/00000000-0000-0000-0000-000000000000",
        "/openreferral/services/not-a-uuid",
        "/openreferral/organizations/00000000-0000-0000-0000-000000000000",
    ):
        response, body = _get(client, url)
        assert response.status_code == 404 and body["error"]


def test_ndjson_streams_every_service(client, directory):
    response = client.get("/openreferral/services?format=ndjson")
    assert response["Access-Control-Allow-Origin"] == "*"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == Service.objects.count()
    assert all(validate("service", json.loads(line)) == [] for line in lines)


def test_api_is_read_only(client, directory):
    response = client.post("/openreferral/services", {})
    assert response.status_code == 405


def test_search_reaches_taxonomy_terms_and_translations(client, directory):
    _, body = _get(client, "/openreferral/services?search=venues&per_page=100")
    names = {s["name"] for s in body["contents"]}
    assert "Langar: free community meal" in names  # only its term says "venues"
    _, body = _get(client, "/openreferral/services?search=wolontariat")  # Polish term name
    assert {s["name"] for s in body["contents"]} >= {"Community garden volunteering"}


def test_approved_edit_is_searchable(client, directory):
    from commonground.core.roles import Role
    from commonground.services import actions
    from commonground.testing.people import make_user

    service = Service.objects.get(name="Housing advice drop-in")
    officer = make_user("officer1", Role.OFFICER)
    actions.propose_change(actor=officer, service=service, changes={"description": "Tenancy zebra"})
    actions.approve_change(actor=officer, service=service)
    _, body = _get(client, "/openreferral/services?search=zebra")
    assert [s["name"] for s in body["contents"]] == ["Housing advice drop-in"]
