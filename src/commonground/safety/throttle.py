"""Rate limits for anonymous use, without storing who anyone is.

A status lookup is a guess at a secret, and an anonymous form can be flooded, so tries are
counted — but a reporter's IP address must never be stored (the address of a frightened
person's phone is exactly what someone hostile would want). Each try is stored as a *keyed
hash*: HMAC-SHA256 of ``kind:value`` under ``SECRET_KEY`` (Django's ``salted_hmac``), which
no one without the key can turn back into the address or reference, and which is deleted
once it falls out of the window (minutes), so not even the hashes last.

Limits (per window of ``SAFETY_RATE_WINDOW_MINUTES``, default 15):
``lookup-address`` 20 failed status lookups from one address, ``lookup-reference`` 5 failed
lookups of one reference (from anywhere), ``report-address`` 10 reports from one address,
``question-address`` 10 questions about rumours from one address.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Attempt

LIMITS = {
    "lookup-address": 20,
    "lookup-reference": 5,
    "report-address": 10,
    "question-address": 10,
}


def window() -> timedelta:
    minutes = getattr(settings, "SAFETY_RATE_WINDOW_MINUTES", None) or os.environ.get(
        "SAFETY_RATE_WINDOW_MINUTES", "15"
    )
    return timedelta(minutes=int(minutes))


def client_address(request: HttpRequest) -> str:
    """The client's address (read the same way as the fund's, behind trusted proxies)."""
    hops = int(getattr(settings, "FUND_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def key(kind: str, value: str) -> str:
    """``kind:`` + a keyed hash of the value: what is stored, never the value itself."""
    digest = salted_hmac("commonground.safety.throttle", f"{kind}:{value}", algorithm="sha256")
    return f"{kind}:{digest.hexdigest()[:64]}"


def _forget_old(now) -> None:
    Attempt.objects.filter(at__lt=now - window()).delete()


def limited(kind: str, value: str, *, now=None) -> bool:
    """True when ``value`` has used up its tries of ``kind`` within the window."""
    now = now or timezone.now()
    _forget_old(now)
    count = Attempt.objects.filter(key=key(kind, value), at__gte=now - window()).count()
    return count >= LIMITS[kind]


def count(kind: str, value: str, *, now=None) -> None:
    """Count one try of ``kind`` for ``value``."""
    Attempt.objects.create(key=key(kind, value), at=now or timezone.now())
