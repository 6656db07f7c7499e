"""`/healthz`: what a load balancer and an operator need to know, as JSON.

Anyone gets ok / not ok per component and the HTTP status (200 or 503): enough for a load
balancer. Signed-in council officers and administrators also get the details (database
vendor, queue backend, waiting tasks, error text); everyone else's failures are in the log.
"""

import time

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from commonground.core.health import check_database, check_task_queue, public_view


def _may_see_details(request: HttpRequest) -> bool:
    return request.user.has_perm("core.view_health_details")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    checks = {"database": check_database(connection), "tasks": check_task_queue()}
    healthy = all(c["ok"] for c in checks.values())
    body: dict = {"status": "ok" if healthy else "error"}
    if _may_see_details(request):
        body["checks"] = checks
        body["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
    else:
        body["checks"] = {name: public_view(result) for name, result in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)
