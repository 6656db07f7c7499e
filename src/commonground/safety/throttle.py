"""Rate limits for anonymous use, without storing who anyone is: safety's policy.

A status lookup is a guess at a secret, and an anonymous form can be flooded, so tries are
counted — but a reporter's IP address must never be stored (the address of a frightened
person's phone is exactly what someone hostile would want). The counting is the platform's
one way (:mod:`commonground.core.throttle`): each try is stored as a *keyed hash*, HMAC-SHA256
of ``kind:value`` under ``SECRET_KEY``, which no one without the key can turn back into the
address or reference, and which is deleted once it falls out of the window (minutes), so not
even the hashes last. This module says only what safety counts and how much it allows.

Limits (per window of ``SAFETY_RATE_WINDOW_MINUTES``, default 15):
``lookup-address`` 20 failed status lookups from one address, ``lookup-reference`` 5 failed
lookups of one reference (from anywhere), ``report-address`` 10 reports from one address,
``question-address`` 10 questions about rumours from one address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from commonground.core.throttle import Ledger, client_address, window_setting

from .models import Attempt

__all__ = ["LIMITS", "client_address", "count", "key", "limited", "window"]

LIMITS = {
    "lookup-address": 20,
    "lookup-reference": 5,
    "report-address": 10,
    "question-address": 10,
}


def window() -> timedelta:
    """How long a try counts (``SAFETY_RATE_WINDOW_MINUTES``, setting or environment; 15)."""
    return window_setting("SAFETY_RATE_WINDOW_MINUTES", 15, environ=True)


LEDGER = Ledger(Attempt, namespace="commonground.safety.throttle", window=window)


def key(kind: str, value: str) -> str:
    """``kind:`` + a keyed hash of the value: what is stored, never the value itself."""
    return LEDGER.key(kind, value)


def limited(kind: str, value: str, *, now: datetime | None = None) -> bool:
    """True when ``value`` has used up its tries of ``kind`` within the window."""
    return LEDGER.limited(key(kind, value), LIMITS[kind], now=now)


def count(kind: str, value: str, *, now: datetime | None = None) -> None:
    """Count one try of ``kind`` for ``value``."""
    LEDGER.count(key(kind, value), now=now)
