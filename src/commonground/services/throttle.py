"""The rate limit on the learner's own ESOL request (``/services/esol/join/``, no account).

The same design as the other anonymous forms (a safety report, a question about a rumour):
each accepted request is counted as a *keyed hash* of the client's address — HMAC-SHA256 under
``SECRET_KEY`` via Django's ``salted_hmac``, which no one without the key can turn back into
the address — and the count is deleted once it falls out of the window. No address is stored.

The limit is generous (``SERVICES_JOIN_LIMIT``, default 10 per ``SERVICES_JOIN_WINDOW_MINUTES``,
default 60) because a library's or a community centre's Wi-Fi puts several learners behind one
address; it is there to stop a script filling the unit's waiting list, not to ration people.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models.throttle import JoinAttempt

KIND = "join-address"


def limit() -> int:
    """Learner requests allowed from one address within the window."""
    return int(getattr(settings, "SERVICES_JOIN_LIMIT", None) or 10)


def window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "SERVICES_JOIN_WINDOW_MINUTES", None) or 60))


def client_address(request: HttpRequest) -> str:
    """The client's address, read behind the same trusted proxies as the other forms
    (``FUND_TRUSTED_PROXY_HOPS``); used only to make the keyed hash, never stored."""
    hops = int(getattr(settings, "FUND_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def key(value: str) -> str:
    """``join-address:`` + a keyed hash of the value: what is stored, never the value itself."""
    digest = salted_hmac("commonground.services.throttle", f"{KIND}:{value}", algorithm="sha256")
    return f"{KIND}:{digest.hexdigest()[:64]}"


def limited(address: str, *, now: datetime | None = None) -> bool:
    """True when this address has used up its requests within the window."""
    now = now or timezone.now()
    JoinAttempt.objects.filter(at__lt=now - window()).delete()
    return JoinAttempt.objects.filter(key=key(address), at__gte=now - window()).count() >= limit()


def count(address: str, *, now: datetime | None = None) -> None:
    """Count one accepted request from this address."""
    JoinAttempt.objects.create(key=key(address), at=now or timezone.now())
