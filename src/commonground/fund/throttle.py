"""Slowing down guessing of access codes, voter numbers and postcode + age checks.

An access code is 12 characters from 32, far too many to guess, but a resident's postcode,
name and date of birth are not secret, and codes may be photographed half-hidden.  So every
failed check is counted, per client address and per thing tried (code, voter number or
postcode), and after ``FAILURE_LIMIT`` failures within ``WINDOW`` further checks on that key
are refused until the oldest failures fall out of the window.

Failures live in the database (:class:`~commonground.fund.models.FailedCheck`), so the limit
holds across every web process behind the load balancer.  Keys are keyed hashes: the table
never holds an address, a code or a postcode.  When a limit trips, the audit trail says so
(without the key) in the same transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import ngettext

from commonground.core import audit

from .models import FailedCheck, Round
from .voters import NotEligible

FAILURE_LIMIT = 10
WINDOW = timedelta(minutes=15)


class TooManyAttempts(NotEligible):
    """Too many failed checks from this address or on this code/postcode: wait until
    ``retry_at``."""

    def __init__(self, retry_at: datetime, now: datetime | None = None):
        now = now or timezone.now()
        self.retry_at = retry_at
        self.retry_after = max(1, math.ceil((retry_at - now).total_seconds()))
        minutes = max(1, math.ceil(self.retry_after / 60))
        local = timezone.localtime(retry_at)
        super().__init__(
            ngettext(
                "Too many tries did not work, so checking is paused to keep the vote safe. "
                "Try again in %(minutes)s minute (at %(time)s).",
                "Too many tries did not work, so checking is paused to keep the vote safe. "
                "Try again in %(minutes)s minutes (at %(time)s).",
                minutes,
            )
            % {"minutes": minutes, "time": time_format(local, "H:i")}
        )


def client_address(request: HttpRequest) -> str:
    """The client's IP address.

    Behind a load balancer, set ``FUND_TRUSTED_PROXY_HOPS`` to the number of proxies that
    append to ``X-Forwarded-For``; the address is then read that many entries from the right
    (entries further left are written by the client and cannot be trusted).
    """
    hops = int(getattr(settings, "FUND_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def keys_for(kind: str, values: Iterable[str]) -> list[str]:
    """Keyed hashes of ``kind:value`` for each non-empty value (the site's secret key, shared
    by all web processes)."""
    return [
        salted_hmac("commonground.fund.throttle", f"{kind}:{value}", algorithm="sha256").hexdigest()
        for value in values
        if value
    ]


def _window_counts(round_: Round, keys: Sequence[str], now: datetime) -> dict[str, int]:
    """Failures per key within the window (keys with none are absent)."""
    rows = (
        FailedCheck.objects.filter(round=round_, key__in=keys, created_at__gt=now - WINDOW)
        .values("key")
        .annotate(n=Count("id"))
    )
    return {row["key"]: row["n"] for row in rows}


def _retry_at(round_: Round, key: str, count: int, now: datetime) -> datetime:
    """When this key drops back under the limit: the (count − limit + 1)-th oldest failure in
    the window leaves it."""
    times = FailedCheck.objects.filter(round=round_, key=key, created_at__gt=now - WINDOW).order_by(
        "created_at"
    )
    oldest = times.values_list("created_at", flat=True)[count - FAILURE_LIMIT]
    return oldest + WINDOW


def ensure_allowed(round_: Round, keys: Sequence[str], now: datetime | None = None) -> None:
    """Raise :class:`TooManyAttempts` if any key has reached the limit; otherwise do nothing.

    One indexed query; checks that succeed never write.
    """
    now = now or timezone.now()
    counts = _window_counts(round_, keys, now)
    blocked = [(key, n) for key, n in counts.items() if n >= FAILURE_LIMIT]
    if blocked:
        retry = max(_retry_at(round_, key, n, now) for key, n in blocked)
        raise TooManyAttempts(retry, now)


def record_failure(
    round_: Round, keys: Sequence[str], *, kinds: Sequence[str] = (), now: datetime | None = None
) -> None:
    """Count one failed check against every key; audit each key that this failure takes to
    the limit (the event names the kind of key, never its value)."""
    now = now or timezone.now()
    with transaction.atomic():
        before = _window_counts(round_, keys, now)
        FailedCheck.objects.bulk_create(
            [FailedCheck(round=round_, key=key, created_at=now) for key in keys]
        )
        tripped = [
            kind
            for key, kind in zip(keys, kinds or ["key"] * len(keys), strict=True)
            if before.get(key, 0) + 1 == FAILURE_LIMIT
        ]
        if tripped:
            audit.record(
                "fund.eligibility_checks_throttled",
                obj=round_,
                actor_label="throttle",
                data={
                    "limit": FAILURE_LIMIT,
                    "window_minutes": int(WINDOW.total_seconds() // 60),
                    "keys": tripped,
                },
            )
        # Keep the table small: this round's failures that left the window are no use.
        FailedCheck.objects.filter(round=round_, created_at__lte=now - WINDOW).delete()
