"""Health checks of the services the platform depends on.

Each check returns the whole story (vendor, backend, error text) for the operator; the
public `/healthz` answer keeps only `ok` per component (`public_view`), because the error
text of a failed connection names the database host, port and name. Failures are logged
on the `commonground.health` logger with their details, so the operator loses nothing.
"""

import logging
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

log = logging.getLogger("commonground.health")


def public_view(result: dict[str, Any]) -> dict[str, bool]:
    """What anyone may know about a component: whether it works."""
    return {"ok": bool(result["ok"])}


def check_database(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # a health check reports every failure, whatever its type
        log.error("Health check: the %s database is not answering: %s", connection.vendor, exc)
        return {"ok": False, "vendor": connection.vendor, "error": str(exc)}
    return {"ok": True, "vendor": connection.vendor}


def check_task_queue() -> dict[str, Any]:
    """Can work be queued? For the database queue, count what waits; for Redis, ping it."""
    backend = settings.TASK_BACKEND
    try:
        if backend == "database":
            from django_tasks_db.models import DBTaskResult

            waiting = DBTaskResult.objects.filter(status="READY").count()
            return {"ok": True, "backend": backend, "waiting": waiting}
        if backend == "redis":
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
            client.ping()
            return {"ok": True, "backend": backend}
        return {"ok": True, "backend": backend}
    except Exception as exc:  # reported, never raised: the endpoint must answer
        log.error("Health check: the %s task queue is not answering: %s", backend, exc)
        return {"ok": False, "backend": backend, "error": str(exc)}
