"""Signing in under attack: the throttle's backend, its client address and its refusal page.

django-axes counts failed sign-ins in the database (shared by every web process) and locks
one username *from one address* after `AXES_FAILURE_LIMIT` failures, for `AXES_COOLOFF_TIME`
after the last one. Locking the pair rather than the account means an attacker cannot lock
a real officer out from elsewhere; the cool-off means no lock lasts for ever. Both sign-in
pages (ours and the admin's) authenticate through Django's AuthenticationForm with the
request, so both are covered.
"""

from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commonground.core.throttle import client_address  # one reading of the address for every limit


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' lock check, for sign-ins that come with a web request.

    Every web sign-in passes its request (Django's LoginView and the admin's do). Calls
    without one come from code the platform runs itself (the test client's `login`, a
    shell); there is no client address to count, so they are left to the next backend
    instead of failing with axes' "request required" error.
    """

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def unlocks_at(request: HttpRequest, credentials: dict | None) -> datetime:
    """When this username may try again from this address: cool-off after its last failure."""
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    last = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", client_address(request)),
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The page a locked-out sign-in gets (HTTP 429), saying when to try again."""
    until = unlocks_at(request, credentials)
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    context = {"unlocks_at": timezone.localtime(until), "minutes": minutes}
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
