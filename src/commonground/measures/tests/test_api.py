"""The measures API: open reading with suppression, token uploads, schema conformance."""

import pytest

from commonground.measures import actions
from commonground.measures.models import Observation
from commonground.testing.api import check_api_conforms

from .conftest import HEADER


@pytest.fixture
def token(police) -> str:
    return actions.issue_token(police, name="Warehouse")[1]


def test_indicators_and_observations(client, indicators):
    listed = client.get("/api/measures/indicators").json()
    assert {"hate-crimes", "satisfied-with-area"} <= {i["code"] for i in listed}
    one = client.get("/api/measures/indicators/satisfied-with-area").json()
    assert one["baseline"] == "66" and one["url"].endswith(
        "/measures/indicators/satisfied-with-area/"
    )
    figures = client.get("/api/measures/indicators/satisfied-with-area/observations").json()
    assert figures["count"] == 1 and figures["figures"][0]["value"] == "66"
    assert client.get("/api/measures/indicators/nope").status_code == 404


def test_upload_with_an_organisation_token(
    client, indicators, token, inline_api_tasks, django_capture_on_commit_callbacks
):
    body = HEADER + "hate-crimes,E05001365,2021,,42,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/measures/uploads",
            {"file": _file("a.csv", body)},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 202, response.content
    upload = response.json()
    again = client.get(upload["status_url"], headers={"Authorization": f"Bearer {token}"}).json()
    assert again["id"] == upload["id"]
    assert again["status"] == "accepted" and again["rows_created"] == 1 and again["finished"]
    assert Observation.objects.get(indicator__slug="hate-crimes").upload_id == upload["id"]


def test_a_rejected_api_upload_reports_rows(
    client, indicators, token, inline_api_tasks, django_capture_on_commit_callbacks
):
    body = HEADER + "hate-crimes,E05009999,2021,,42,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/measures/uploads",
            {"file": _file("a.csv", body)},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 202
    status = client.get(
        response.json()["status_url"], headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert status["status"] == "rejected" and status["finished"]
    assert status["problems"][0] == {
        "row": 2,
        "column": "area_code",
        "value": "E05009999",
        "message": "no area has the code 'E05009999'",
    }


def test_uploads_need_a_valid_token(client, indicators):
    response = client.post("/api/measures/uploads", {"file": _file("a.csv", HEADER)})
    assert response.status_code == 401
    response = client.post(
        "/api/measures/uploads",
        {"file": _file("a.csv", HEADER)},
        headers={"Authorization": "Bearer cgm_wrong"},
    )
    assert response.status_code == 401


def _file(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_measures_api_conforms_to_its_openapi_schema(indicators, wsgi_in_test_transaction):
    """Every operation, with generated parameters, answers as its schema says."""
    assert check_api_conforms(wsgi_in_test_transaction, "/api/measures/", max_examples=20) >= 4
