"""The door page without a connection: what the phone keeps, and where its queue syncs.

A church hall or a park has poor signal, so the door page works offline. Its script
(``static/involved/door.js``, with the queue shared with the challenges app in
``static/commonground/offline-queue.js``) keeps the event's list of door codes (``roster``:
codes and whether each has a place and has arrived, no names) on the phone; a code typed or scanned
with no network is checked against that list, counted on the phone and queued; when the
network comes back each queued code is sent to ``sync``. The code names one registration,
so it is its own idempotency key: a code sent twice (a lost answer, two phones at the same
door) is answered "already here" and counts once. The service worker (``service_worker``,
code in ``static/involved/door-sw.js``) keeps the door page and the list for the phone.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commonground.core.service_workers import page_assets, shell_version, worker_response

from .. import actions
from ..models import Registration, RegistrationStatus
from .door import _attendance, _managed_event

STATIC = Path(__file__).parent.parent / "static" / "involved"
SHARED_QUEUE = Path(__file__).parent.parent.parent / "static" / "commonground" / "offline-queue.js"
"""The offline queue door.js shares with the mixing-challenges app."""
LATE_SYNC = timedelta(days=7)
"""A queued arrival's own time is kept when it syncs within a week; later, the sync time."""


def _counts(event) -> dict[str, int]:
    found = _attendance(event)
    return {key: found[key] for key in ("confirmed", "waiting", "arrived")}


@never_cache
def roster(request: HttpRequest, slug: str) -> JsonResponse:
    """The event's door codes for the phone to check offline: code, place, arrived; no names."""
    event = _managed_event(request, slug)
    rows = Registration.objects.filter(event=event).values_list("code", "status", "checked_in_at")
    return JsonResponse(
        {
            "event": event.slug,
            "made_at": timezone.now().isoformat(),
            "counts": _counts(event),
            "codes": [
                {
                    "code": code,
                    "place": status == RegistrationStatus.CONFIRMED,
                    "arrived": arrived is not None,
                }
                for code, status, arrived in rows
            ],
        }
    )


def _arrived_at(value: object) -> datetime | None:
    """The phone's time of arrival, when it is believable: not in the future, not stale."""
    when = parse_datetime(str(value)) if value else None
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    now = timezone.now()
    return when if now - LATE_SYNC <= when <= now else None


@require_POST
def sync(request: HttpRequest, slug: str) -> JsonResponse:
    """One arrival from the door page's script, as JSON {"code", "at"}.

    201 checked in, 200 already here (the same code before: counts once), 400 refused with
    the reason (no such code, another event's code, no place), 403 not this event's organiser.
    The script forgets a queued code on any of these and keeps it on anything else.
    """
    try:
        event = _managed_event(request, slug)
    except PermissionDenied:
        return JsonResponse(
            {"status": "refused", "message": _("Your account may not do this.")}, status=403
        )
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return JsonResponse(
            {"status": "refused", "message": _("The request is not valid JSON.")}, status=400
        )
    code = actions.code_from(str(payload.get("code", ""))[:300])
    done = Registration.objects.filter(event=event, code=code, checked_in_at__isnull=False).exists()
    status, http = "already", 200
    if not done:
        try:
            actions.check_in(
                actor=request.user, event=event, code=code, now=_arrived_at(payload.get("at"))
            )
            status, http = "recorded", 201
        except ValidationError as error:
            if not Registration.objects.filter(
                event=event, code=code, checked_in_at__isnull=False
            ).exists():  # not a race another phone won
                message = " ".join(error.messages)
                return JsonResponse(
                    {"status": "refused", "code": code, "message": message}, status=400
                )
    message = _("Checked in.") if status == "recorded" else _("Already checked in.")
    return JsonResponse(
        {"status": status, "code": code, "message": message, "counts": _counts(event)},
        status=http,
    )


@login_not_required
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The door pages' service worker, served under /involved/ (in each language) so its
    scope covers the door pages and the check-in addresses QR codes open. Its code is
    door-sw.js; the first line names the files it keeps."""
    scope = reverse("involved:events").rsplit("events/", 1)[0]
    shell = {
        "scope": scope,
        "assets": page_assets("commonground/offline-queue.js", "involved/door.js"),
    }
    version = shell_version(shell, (STATIC / "door-sw.js", STATIC / "door.js", SHARED_QUEUE))
    return worker_response(STATIC / "door-sw.js", {"version": version, **shell})
