"""Health checks of the services the platform depends on."""

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper


def check_database(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # a health check reports every failure, whatever its type
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
        return {"ok": False, "backend": backend, "error": str(exc)}
