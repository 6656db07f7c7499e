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
hold across every web process behind the load balancer; they are counted, hashed and forgotten
the platform's one way (:mod:`commonground.core.throttle`), this module keeping the fund's own
kinds, limits, window, messages and audit.  Keys are ``kind:`` + a keyed hash:
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
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import ngettext

from commonground.core import audit
from commonground.core.throttle import Ledger, client_address, window_setting

from .models import FailedCheck, Round
from .voters import NotEligible

__all__ = [
    "DEFAULT_LIMITS",
    "FAILURE_LIMIT",
    "WINDOW",
    "TooManyAttempts",
    "client_address",
    "device_id",
    "ensure_allowed",
    "keys_for",
    "limit_for",
    "record_failure",
    "remember_device",
    "tries_left_message",
    "window",
]

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
    """How long a failure counts (``FUND_CHECK_WINDOW_MINUTES``, else :data:`WINDOW`)."""
    return window_setting("FUND_CHECK_WINDOW_MINUTES", int(WINDOW.total_seconds() // 60))


LEDGER = Ledger(
    FailedCheck, namespace="commonground.fund.throttle", window=window, time_field="created_at"
)
"""Failures are counted the platform's one way (:mod:`commonground.core.throttle`), per round."""


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


def keys_for(kind: str, values: Iterable[str]) -> list[str]:
    """``kind:`` + a keyed hash of ``kind:value`` for each non-empty value (the site's secret
    key, shared by all web processes); the kind says which limit applies."""
    return LEDGER.keys(kind, values)


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


def ensure_allowed(round_: Round, keys: Sequence[str], now: datetime | None = None) -> None:
    """Raise :class:`TooManyAttempts` if any key has reached its limit; otherwise do nothing.

    One indexed query; checks that succeed never write.
    """
    now = now or timezone.now()
    counts = LEDGER.counts(keys, now=now, round=round_)
    blocked = [key for key, n in counts.items() if n >= limit_for(_kind(key))]
    if blocked:
        retries = [
            LEDGER.retry_at(key, limit=limit_for(_kind(key)), now=now, round=round_)
            for key in blocked
        ]
        raise TooManyAttempts(max(at for at in retries if at is not None), now)


def record_failure(round_: Round, keys: Sequence[str], *, now: datetime | None = None) -> int:
    """Count one failed check against every key and return how many more failures the
    tightest key allows before checks pause (0: paused now).  Audit each kind of key that this
    failure takes to its limit (the event names the kind, never the key)."""
    now = now or timezone.now()
    span = window()
    with transaction.atomic():
        before = LEDGER.counts(keys, now=now, round=round_)
        LEDGER.record(keys, now=now, round=round_)
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
        LEDGER.forget_old(now=now, round=round_)
    return max(0, min((limit_for(_kind(key)) - n for key, n in after.items()), default=1))


def tries_left_message(left: int) -> str:
    """Tell someone how many more tries they have before checking pauses."""
    return ngettext(
        "You have %(count)s more try before checking pauses.",
        "You have %(count)s more tries before checking pauses.",
        left,
    ) % {"count": left}
