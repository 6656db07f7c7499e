"""Rate limits for the platform's anonymous doors, counted without storing who anyone is.

Three apps let people in without an account and so have to count tries: safety (a report, a
question about a rumour, a status lookup that is a guess at a reference), the fund (a vote's
eligibility checks, each a guess at a code, a voter number or a person) and services (the
learner's own ESOL request). The people behind those tries are exactly the people whose
address must not be kept: a frightened reporter's phone, a resident's postcode. So every app
counts the same way, and this module is that one way.

* **Only keyed hashes are stored.** A try is a row holding ``kind:`` + HMAC-SHA256 of
  ``kind:value`` under ``SECRET_KEY`` (Django's :func:`~django.utils.crypto.salted_hmac`,
  with a namespace per app, so one app's hashes say nothing about another's). Without the key
  no one can turn a row back into the address, code or name; every web process shares the
  key, so all of them count against the same row. The hash is cut to fit the column, never
  left to the database to cut.
* **Counts live in the database**, not in a process's memory, because several web processes
  serve behind the load balancer and each must see every other's tries.
* **Nothing lasts longer than the window.** A try counts while it is younger than the window
  and is deleted once it is not, so not even the hashes last. The boundary is the same for
  every app: a try made at ``t`` stops counting at exactly ``t + window``, which is the
  "try again at" time a refusal can promise.
* **Each app keeps its own policy**: which kinds it counts, their limits and windows (its own
  settings), what it says to someone who is refused, and whether a trip is audited. Those
  stay in the app's ``throttle.py``; the mechanism (address, hash, count, forget) is here.

The counting tables stay in their apps (``safety.Attempt``, ``fund.FailedCheck``,
``services.JoinAttempt``) because each is deleted with its app's data (a vote's failures go
when the vote closes); a :class:`Ledger` is told which model, which columns and which window.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    """The client's IP address, used only to make a keyed hash and never stored.

    Behind load balancers, ``FUND_TRUSTED_PROXY_HOPS`` says how many proxies append to
    ``X-Forwarded-For``; the address is read that many entries from the right, because entries
    further left are written by the client and cannot be trusted (a limit keyed on them could be
    dodged by sending a new one each time). One setting for every form, so that an operator
    who puts the site behind a proxy cannot leave one form counting the proxy's address.
    """
    hops = int(getattr(settings, "FUND_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def keyed_hash(namespace: str, kind: str, value: str, *, max_length: int | None = None) -> str:
    """``kind:`` + HMAC-SHA256 of ``kind:value`` under ``SECRET_KEY``: what is stored.

    The kind stays readable because it picks the limit (and an audit event may name it); the
    value never does. ``kind`` is inside the hashed text too, so the same value counted as two
    kinds gives two unrelated hashes. ``namespace`` is the ``salted_hmac`` salt: one per app, so
    the same address hashes differently in each app's table. ``max_length`` (the column's
    length) shortens the hex digest so the whole key fits, rather than the database cutting it
    or refusing it.
    """
    prefix = f"{kind}:"
    digest = salted_hmac(namespace, f"{kind}:{value}", algorithm="sha256").hexdigest()
    room = 64 if max_length is None else min(64, max_length - len(prefix))
    return prefix + digest[:room]


def window_setting(name: str, default_minutes: int, *, environ: bool = False) -> timedelta:
    """A window read at call time from the setting ``name`` (then, with ``environ``, the
    environment variable of that name), else ``default_minutes``.

    Read at each call rather than once at import, so an operator's change (or a test's
    ``override_settings``) applies to the next try.
    """
    minutes: Any = getattr(settings, name, None)
    if not minutes and environ:
        minutes = os.environ.get(name)
    return timedelta(minutes=int(minutes or default_minutes))


class Ledger:
    """Where one app counts tries: a model with a key column and a time column.

    ``scope`` arguments (for example ``round=…``) narrow every query to one part of the table,
    for an app whose counts belong to something (a vote's failures belong to its round).
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        namespace: str,
        window: Callable[[], timedelta],
        key_field: str = "key",
        time_field: str = "at",
    ) -> None:
        self.model = model
        self.namespace = namespace
        self.window = window
        self.key_field = key_field
        self.time_field = time_field

    @property
    def key_length(self) -> int | None:
        """The key column's length: keys are cut to fit it."""
        return self.model._meta.get_field(self.key_field).max_length

    def key(self, kind: str, value: str) -> str:
        """The stored key for one value of ``kind`` (see :func:`keyed_hash`)."""
        return keyed_hash(self.namespace, kind, value, max_length=self.key_length)

    def keys(self, kind: str, values: Iterable[str]) -> list[str]:
        """Keys for each non-empty value (an empty value, say a request with no address, is
        not counted at all rather than counted as one shared "nobody")."""
        return [self.key(kind, value) for value in values if value]

    def _rows(self, scope: dict[str, Any]) -> models.QuerySet:
        return self.model._default_manager.filter(**scope)

    def counts(
        self, keys: Sequence[str], *, now: datetime | None = None, **scope: Any
    ) -> dict[str, int]:
        """Tries per key within the window, in one query (keys with none are absent)."""
        now = now or timezone.now()
        rows = (
            self._rows(scope)
            .filter(
                **{
                    f"{self.key_field}__in": list(keys),
                    f"{self.time_field}__gt": now - self.window(),
                }
            )
            .values(self.key_field)
            .annotate(n=Count("pk"))
        )
        return {row[self.key_field]: row["n"] for row in rows}

    def record(self, keys: Sequence[str], *, now: datetime | None = None, **scope: Any) -> None:
        """Count one try against each key (one insert for all of them)."""
        now = now or timezone.now()
        self.model._default_manager.bulk_create(
            [self.model(**scope, **{self.key_field: key, self.time_field: now}) for key in keys]
        )

    def forget_old(self, *, now: datetime | None = None, **scope: Any) -> None:
        """Delete the tries that have left the window: they can no longer refuse anyone, and
        keeping even their hashes would keep a trace of who came when."""
        now = now or timezone.now()
        self._rows(scope).filter(**{f"{self.time_field}__lte": now - self.window()}).delete()

    def retry_at(
        self, key: str, *, limit: int, now: datetime | None = None, **scope: Any
    ) -> datetime | None:
        """When ``key`` drops back under ``limit``: the moment its (count − limit + 1)-th oldest
        try in the window leaves it. ``None`` when it is under the limit now."""
        now = now or timezone.now()
        span = self.window()
        times = list(
            self._rows(scope)
            .filter(**{self.key_field: key, f"{self.time_field}__gt": now - span})
            .order_by(self.time_field)
            .values_list(self.time_field, flat=True)
        )
        if len(times) < limit:
            return None
        return times[len(times) - limit] + span

    def limited(self, key: str, limit: int, *, now: datetime | None = None) -> bool:
        """True when ``key`` has used up its ``limit`` tries within the window.

        Old tries are forgotten first, on every check: a form that is never refused still
        clears the table, so no hash outlives the window by more than one visit.
        """
        now = now or timezone.now()
        self.forget_old(now=now)
        return self.counts([key], now=now).get(key, 0) >= limit

    def count(self, key: str, *, now: datetime | None = None) -> None:
        """Count one try against ``key``."""
        self.record([key], now=now)
