"""The officers' "Background work" page: what is running, waiting and failed, and "Try again".

Thin views: the listing and the audited retry live in `commonground.core.jobs.listing`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.core.jobs import listing


def background_work(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("core.view_background_work"):
        raise PermissionDenied
    return render(
        request,
        "core/background_work.html",
        {
            "work": listing.background_work(),
            "can_retry": request.user.has_perm("core.retry_background_work"),
            "section": "background_work",
        },
    )


@require_POST
def retry_task(request: HttpRequest, task_id) -> HttpResponse:
    try:
        listing.retry(actor=request.user, task_id=task_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The task was queued again."))
    return redirect("core:background_work")
