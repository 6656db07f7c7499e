"""Slowing down guessing of access codes, voter numbers and postcode checks, without
locking out the eligible people who share a phone, a postcode or a venue's Wi-Fi.

An access code is 12 characters from 32, far too many to guess, but a resident's postcode,
name and date of birth are not secret, and codes may be photographed half-hidden.  So every
failed check is counted against

* the thing being guessed: the access code, the voter number, or the person at the postcode
  route (postcode + normalised name; not the date of birth, which is what a guesser varies);
* the device, by a random id in a signed, httponly cookie set on the first check;
* the network address, with a far higher ceiling, because a community centre's or a
  library's Wi-Fi puts dozens of honest voters behind one address.

Each kind has its own limit within one window (``DEFAULT_LIMITS``, overridden by the
``FUND_CHECK_LIMITS`` setting; ``FUND_CHECK_WINDOW_MINUTES``); past its limit a key is
refused until its oldest failures fall out of the window.  Being too young is not a failed
guess of anything (:class:`~commonground.fund.voters.NotOldEnough`) and is never counted.

Failures live in the database (:class:`~commonground.fund.models.FailedCheck`), so the limits
hold across every web process behind the load balancer.  Keys are ``kind:`` + a keyed hash:
the table never holds an address, a device id, a code, a name or a postcode.  When a limit
trips, the audit trail says so (naming the kind, never the key) in the same transaction.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import time_format
from django.utils.translation import ngettext

from commonground.core import audit

from .models import FailedCheck, Round
from .voters import NotEligible

FAILURE_LIMIT = 10
"""The limit for a kind of key with no limit of its own."""

DEFAULT_LIMITS: dict[str, int] = {
    "access_code": 10,
    "voter_list": 10,
    "person": 10,
    "device": 10,
    "address": 100,
}
"""Failed checks allowed per key within the window, by kind of key (the one place for the
defaults; the ``FUND_CHECK_LIMITS`` setting overrides any of them)."""

WINDOW = timedelta(minutes=15)
"""The default window (``FUND_CHECK_WINDOW_MINUTES`` overrides it)."""

DEVICE_COOKIE = "fund_device"
DEVICE_COOKIE_SALT = "commonground.fund.device"
DEVICE_COOKIE_AGE = 30 * 24 * 60 * 60
"""A device keeps its id for 30 days: long enough for a vote, short enough to forget."""


def limit_for(kind: str) -> int:
    """How many failures a key of this kind may have within the window."""
    limits = {**DEFAULT_LIMITS, **(getattr(settings, "FUND_CHECK_LIMITS", None) or {})}
    return int(limits.get(kind, FAILURE_LIMIT))


def window() -> timedelta:
    minutes = getattr(settings, "FUND_CHECK_WINDOW_MINUTES", None)
    return timedelta(minutes=int(minutes)) if minutes else WINDOW


def _kind(key: str) -> str:
    return key.split(":", 1)[0] if ":" in key else "key"


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
    """``kind:`` + a keyed hash of ``kind:value`` for each non-empty value (the site's secret
    key, shared by all web processes); the kind says which limit applies."""
    prefix = f"{kind}:"
    return [
        prefix
        + salted_hmac(
            "commonground.fund.throttle", f"{kind}:{value}", algorithm="sha256"
        ).hexdigest()[: 64 - len(prefix)]
        for value in values
        if value
    ]


def device_id(request: HttpRequest) -> str:
    """This device's id from its signed cookie, or a new one (set it on the response with
    :func:`remember_device`).  A forged or tampered cookie is ignored: a new id replaces it."""
    existing = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    if existing:
        return existing
    new = getattr(request, "_fund_new_device", "")
    if not new:
        new = secrets.token_urlsafe(18)
        request._fund_new_device = new
    return new


def remember_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set the device cookie if this request did not bring a valid one."""
    new = getattr(request, "_fund_new_device", "")
    if new:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            new,
            salt=DEVICE_COOKIE_SALT,
            max_age=DEVICE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _window_counts(round_: Round, keys: Sequence[str], now: datetime) -> dict[str, int]:
    """Failures per key within the window (keys with none are absent)."""
    rows = (
        FailedCheck.objects.filter(round=round_, key__in=keys, created_at__gt=now - window())
        .values("key")
        .annotate(n=Count("id"))
    )
    return {row["key"]: row["n"] for row in rows}


def _retry_at(round_: Round, key: str, count: int, now: datetime) -> datetime:
    """When this key drops back under its limit: the (count − limit + 1)-th oldest failure in
    the window leaves it."""
    span = window()
    times = FailedCheck.objects.filter(round=round_, key=key, created_at__gt=now - span).order_by(
        "created_at"
    )
    oldest = times.values_list("created_at", flat=True)[count - limit_for(_kind(key))]
    return oldest + span


def ensure_allowed(round_: Round, keys: Sequence[str], now: datetime | None = None) -> None:
    """Raise :class:`TooManyAttempts` if any key has reached its limit; otherwise do nothing.

    One indexed query; checks that succeed never write.
    """
    now = now or timezone.now()
    counts = _window_counts(round_, keys, now)
    blocked = [(key, n) for key, n in counts.items() if n >= limit_for(_kind(key))]
    if blocked:
        retry = max(_retry_at(round_, key, n, now) for key, n in blocked)
        raise TooManyAttempts(retry, now)


def record_failure(round_: Round, keys: Sequence[str], *, now: datetime | None = None) -> int:
    """Count one failed check against every key and return how many more failures the
    tightest key allows before checks pause (0: paused now).  Audit each kind of key that this
    failure takes to its limit (the event names the kind, never the key)."""
    now = now or timezone.now()
    span = window()
    with transaction.atomic():
        before = _window_counts(round_, keys, now)
        FailedCheck.objects.bulk_create(
            [FailedCheck(round=round_, key=key, created_at=now) for key in keys]
        )
        after = {key: before.get(key, 0) + 1 for key in keys}
        tripped = [_kind(key) for key in keys if after[key] == limit_for(_kind(key))]
        if tripped:
            audit.record(
                "fund.eligibility_checks_throttled",
                obj=round_,
                actor_label="throttle",
                data={
                    "limits": {kind: limit_for(kind) for kind in tripped},
                    "window_minutes": int(span.total_seconds() // 60),
                    "keys": tripped,
                },
            )
        # Keep the table small: this round's failures that left the window are no use.
        FailedCheck.objects.filter(round=round_, created_at__lte=now - span).delete()
    return max(0, min((limit_for(_kind(key)) - n for key, n in after.items()), default=1))


def tries_left_message(left: int) -> str:
    """Tell someone how many more tries they have before checking pauses."""
    return ngettext(
        "You have %(count)s more try before checking pauses.",
        "You have %(count)s more tries before checking pauses.",
        left,
    ) % {"count": left}
