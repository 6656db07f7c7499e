"""The rate limit on the learner's own ESOL request (``/services/esol/join/``, no account).

The same design as the other anonymous forms (a safety report, a question about a rumour),
counted the platform's one way (:mod:`commonground.core.throttle`): each accepted request is
counted as a *keyed hash* of the client's address — HMAC-SHA256 under ``SECRET_KEY`` via
Django's ``salted_hmac``, which no one without the key can turn back into the address — and
the count is deleted once it falls out of the window. No address is stored.

The limit is generous (``SERVICES_JOIN_LIMIT``, default 10 per ``SERVICES_JOIN_WINDOW_MINUTES``,
default 60) because a library's or a community centre's Wi-Fi puts several learners behind one
address; it is there to stop a script filling the unit's waiting list, not to ration people.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from commonground.core.throttle import Ledger, client_address, window_setting

from .models.throttle import JoinAttempt

__all__ = ["KIND", "client_address", "count", "key", "limit", "limited", "window"]

KIND = "join-address"


def limit() -> int:
    """Learner requests allowed from one address within the window."""
    return int(getattr(settings, "SERVICES_JOIN_LIMIT", None) or 10)


def window() -> timedelta:
    """How long a request counts (``SERVICES_JOIN_WINDOW_MINUTES``, default 60)."""
    return window_setting("SERVICES_JOIN_WINDOW_MINUTES", 60)


LEDGER = Ledger(JoinAttempt, namespace="commonground.services.throttle", window=window)


def key(value: str) -> str:
    """``join-address:`` + a keyed hash of the value: what is stored, never the value itself."""
    return LEDGER.key(KIND, value)


def limited(address: str, *, now: datetime | None = None) -> bool:
    """True when this address has used up its requests within the window."""
    return LEDGER.limited(key(address), limit(), now=now)


def count(address: str, *, now: datetime | None = None) -> None:
    """Count one accepted request from this address."""
    LEDGER.count(key(address), now=now)
