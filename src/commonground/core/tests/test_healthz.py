"""`/healthz` answers a load balancer with the state of the database and task queue."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["checks"]["tasks"]["ok"] is True


@pytest.mark.django_db
def test_healthz_counts_waiting_work_on_the_database_queue(client):
    with override_settings(TASK_BACKEND="database"):
        body = client.get("/healthz").json()
    assert body["checks"]["tasks"] == {"ok": True, "backend": "database", "waiting": 0}


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_unreachable(client):
    with override_settings(TASK_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["ok"] is False
