"""The measures API: open reading with suppression, token uploads, schema conformance."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from commonground.measures import actions
from commonground.measures.models import Observation

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


def test_upload_with_an_organisation_token(client, indicators, token):
    body = HEADER + "hate-crimes,E05001365,2021,,42,,\n"
    response = client.post(
        "/api/measures/uploads",
        {"file": _file("a.csv", body)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    upload = response.json()
    assert upload["status"] == "accepted" and upload["rows_created"] == 1
    assert Observation.objects.get(indicator__slug="hate-crimes").upload_id == upload["id"]
    again = client.get(
        f"/api/measures/uploads/{upload['id']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert again.json()["id"] == upload["id"]


def test_a_rejected_api_upload_reports_rows(client, indicators, token):
    body = HEADER + "hate-crimes,E05009999,2021,,42,,\n"
    response = client.post(
        "/api/measures/uploads",
        {"file": _file("a.csv", body)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json()["problems"][0] == {
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


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, which closes old connections after each one;
    Django's test client switches that off so the test's transaction survives, and so do we."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema():
    from commonground.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(
        path_regex="^/api/measures/"
    )


schema = _schema()


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_measures_api_conforms_to_its_openapi_schema(case, indicators, keep_test_connection):
    case.call_and_validate()
