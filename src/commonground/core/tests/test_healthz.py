"""`/healthz` answers a load balancer with the state of the database and task queue.

The public sees only ok / not ok per component and the HTTP status: the database vendor,
host, port, name and error text go to the log, and to signed-in officers.
"""

import json
import logging

import pytest
from django.test import override_settings

from commonground.core.roles import Role
from commonground.testing.people import make_user

BROKEN_REDIS = {"TASK_BACKEND": "redis", "REDIS_URL": "redis://127.0.0.1:1/0"}


@pytest.mark.django_db
def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "tasks": {"ok": True}},
    }


@pytest.mark.django_db
def test_officers_see_the_details(client):
    client.force_login(make_user("duty-officer", Role.OFFICER))
    with override_settings(TASK_BACKEND="database"):
        body = client.get("/healthz").json()
    assert body["checks"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["checks"]["tasks"] == {"ok": True, "backend": "database", "waiting": 0}
    assert "duration_ms" in body


@pytest.mark.django_db
def test_other_signed_in_people_see_only_the_public_answer(client):
    client.force_login(make_user("a-resident", Role.RESIDENT))
    body = client.get("/healthz").json()
    assert body["checks"]["database"] == {"ok": True}


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_unreachable_and_says_no_more(client, caplog):
    with override_settings(**BROKEN_REDIS), caplog.at_level(logging.ERROR):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "error", "checks": {"database": {"ok": True}, "tasks": {"ok": False}}}
    text = json.dumps(body)
    assert "127.0.0.1" not in text and "redis" not in text and "6379" not in text
    # The operator still learns why, from the log.
    assert any("127.0.0.1" in r.getMessage() or "Error" in r.getMessage() for r in caplog.records)
    assert any(r.name == "commonground.health" for r in caplog.records)


@pytest.mark.django_db
def test_officers_see_why_the_queue_is_down(client):
    client.force_login(make_user("duty-officer", Role.OFFICER))
    with override_settings(**BROKEN_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["ok"] is False and tasks["backend"] == "redis" and tasks["error"]


def broken_database():
    """A real connection to a database that is not there: a closed port, or a missing folder."""
    from django.db import connections

    connection = connections["default"]
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT="1", NAME="cg_nowhere")
    else:
        settings_dict.update(NAME="/nonexistent-folder/cg_nowhere.sqlite3")
    return connection.__class__(settings_dict, alias="broken")


@pytest.mark.django_db
def test_a_broken_database_is_described_in_the_log_not_to_the_public(caplog):
    from commonground.core.health import check_database, public_view

    with caplog.at_level(logging.ERROR):
        result = check_database(broken_database())
    assert result["ok"] is False and result["error"]  # for officers
    assert public_view(result) == {"ok": False}
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "commonground.health")
    assert "cg_nowhere" in logged or "unable to open" in logged or "port 1" in logged
