"""`/healthz`: what a load balancer and an operator need to know, as JSON."""

import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commonground.core.health import check_database, check_task_queue


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    checks = {"database": check_database(connection), "tasks": check_task_queue()}
    healthy = all(c["ok"] for c in checks.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": checks,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
