"""The one rate limit behind every anonymous door (core/throttle.py): a try counts for exactly
the window and is then forgotten, the limit refuses at the limit and not before, and only a
keyed hash of the value (cut to fit its column) ever reaches the database. Run on SQLite and
on PostgreSQL; the counting tables are the apps' own (safety's, the fund's, services')."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from commonground.core import throttle
from commonground.fund.models import FailedCheck, Round
from commonground.safety.models import Attempt
from commonground.services.models import JoinAttempt

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(0))
WINDOW = timedelta(minutes=15)


def ledger(model=Attempt, **options) -> throttle.Ledger:
    return throttle.Ledger(model, namespace="tests.throttle", window=lambda: WINDOW, **options)


# -- the keyed hash ---------------------------------------------------------------------------


def test_the_key_is_the_kind_and_a_keyed_hash_never_the_value():
    key = throttle.keyed_hash("tests.throttle", "report-address", ADDRESS)
    kind, digest = key.split(":")
    assert kind == "report-address" and len(digest) == 64 and int(digest, 16) >= 0
    assert ADDRESS not in key and "203" not in digest
    assert key == throttle.keyed_hash("tests.throttle", "report-address", ADDRESS)  # stable


def test_the_hash_depends_on_the_secret_key_the_namespace_the_kind_and_the_value():
    key = throttle.keyed_hash("tests.throttle", "report-address", ADDRESS)
    others = {
        throttle.keyed_hash("another.app", "report-address", ADDRESS),
        throttle.keyed_hash("tests.throttle", "report-address", "203.0.113.10"),
        throttle.keyed_hash("tests.throttle", "question-address", ADDRESS).split(":")[1],
    }
    with override_settings(SECRET_KEY="a-different-key-" * 4):
        others.add(throttle.keyed_hash("tests.throttle", "report-address", ADDRESS))
    assert len(others) == 4 and key not in others and key.split(":")[1] not in others


def test_the_key_is_cut_to_fit_its_column():
    assert len(throttle.keyed_hash("n", "access_code", "X", max_length=64)) == 64
    # the fund's column is 64 long: every kind fits; safety's is 100: the whole digest fits
    fund, safety = ledger(FailedCheck, time_field="created_at"), ledger()
    assert all(len(fund.key(kind, "X")) == 64 for kind in ("address", "access_code", "person"))
    assert len(safety.key("lookup-reference", "X")) == len("lookup-reference:") + 64
    assert fund.key("device", "X").startswith("device:")


def test_empty_values_are_not_counted_at_all():
    keys = ledger().keys("report-address", ["", ADDRESS, ""])
    assert keys == [ledger().key("report-address", ADDRESS)]


# -- the limit and the window -----------------------------------------------------------------


def test_the_limit_refuses_at_the_limit_and_not_before_and_only_that_key():
    counter = ledger()
    key = counter.key("report-address", ADDRESS)
    for n in range(3):
        assert not counter.limited(key, 3, now=T0 + timedelta(minutes=n))
        counter.count(key, now=T0 + timedelta(minutes=n))
    assert counter.limited(key, 3, now=T0 + timedelta(minutes=3))
    assert not counter.limited(counter.key("report-address", "198.51.100.7"), 3, now=T0)


def test_a_try_counts_for_exactly_the_window_then_is_deleted():
    counter = ledger()
    key = counter.key("lookup-address", ADDRESS)
    counter.count(key, now=T0)
    counter.count(key, now=T0 + timedelta(minutes=5))
    assert counter.counts([key], now=T0 + WINDOW - timedelta(microseconds=1)) == {key: 2}
    assert counter.counts([key], now=T0 + WINDOW) == {key: 1}  # the first left at T0 + window
    assert not counter.limited(key, 2, now=T0 + WINDOW)
    # … and checking forgot it: the row is gone, not just ignored
    assert list(Attempt.objects.values_list("at", flat=True)) == [T0 + timedelta(minutes=5)]
    assert not counter.limited(key, 1, now=T0 + timedelta(minutes=20))
    assert not Attempt.objects.exists()


def test_the_window_is_read_at_each_call():
    minutes = {"now": 15}
    counter = throttle.Ledger(
        JoinAttempt, namespace="t", window=lambda: timedelta(minutes=minutes["now"])
    )
    key = counter.key("join-address", ADDRESS)
    counter.count(key, now=T0)
    assert counter.limited(key, 1, now=T0 + timedelta(minutes=30)) is False
    counter.count(key, now=T0)
    minutes["now"] = 60
    assert counter.limited(key, 1, now=T0 + timedelta(minutes=30))


def test_retry_at_is_when_enough_old_tries_have_left():
    counter = ledger()
    key = counter.key("lookup-reference", "HR-AAAA-BBBB")
    for minute in range(5):
        counter.count(key, now=T0 + timedelta(minutes=minute))
    now = T0 + timedelta(minutes=10)
    assert counter.retry_at(key, limit=5, now=now) == T0 + WINDOW  # the oldest leaves
    assert counter.retry_at(key, limit=3, now=now) == T0 + timedelta(minutes=2) + WINDOW
    assert counter.retry_at(key, limit=6, now=now) is None  # not limited


def test_a_scope_keeps_each_rounds_counts_apart():
    first = Round.objects.create(title="First", slug="first")
    second = Round.objects.create(title="Second", slug="second")
    counter = ledger(FailedCheck, time_field="created_at")
    keys = counter.keys("device", ["a-device"]) + counter.keys("address", [ADDRESS])
    counter.record(keys, now=T0, round=first)
    counter.record(keys, now=T0 + timedelta(minutes=1), round=first)
    counter.record(keys[:1], now=T0, round=second)
    assert counter.counts(keys, now=T0 + timedelta(minutes=2), round=first) == dict.fromkeys(
        keys, 2
    )
    assert counter.counts(keys, now=T0 + timedelta(minutes=2), round=second) == {keys[0]: 1}
    counter.forget_old(now=T0 + WINDOW, round=first)  # only the first round's oldest go
    assert FailedCheck.objects.filter(round=first).count() == 2
    assert FailedCheck.objects.filter(round=second).count() == 1


def test_nothing_readable_is_stored():
    counter = ledger()
    counter.count(counter.key("question-address", ADDRESS), now=T0)
    stored = Attempt.objects.get()
    assert ADDRESS not in stored.key and "203.0" not in str(stored.__dict__)


# -- the address and the settings -------------------------------------------------------------


def test_the_address_behind_trusted_proxies(rf, settings):
    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.8, 10.0.0.9", REMOTE_ADDR="10.0.0.2"
    )
    settings.FUND_TRUSTED_PROXY_HOPS = 0
    assert throttle.client_address(request) == "10.0.0.2"
    settings.FUND_TRUSTED_PROXY_HOPS = 2
    assert throttle.client_address(request) == "203.0.113.8"
    settings.FUND_TRUSTED_PROXY_HOPS = 4  # fewer entries than hops: the socket's address
    assert throttle.client_address(request) == "10.0.0.2"


def test_a_window_comes_from_the_setting_then_the_environment_then_the_default(
    settings, monkeypatch
):
    monkeypatch.delenv("CG_TEST_WINDOW_MINUTES", raising=False)
    assert throttle.window_setting("CG_TEST_WINDOW_MINUTES", 15) == timedelta(minutes=15)
    monkeypatch.setenv("CG_TEST_WINDOW_MINUTES", "30")
    assert throttle.window_setting("CG_TEST_WINDOW_MINUTES", 15) == timedelta(minutes=15)
    assert throttle.window_setting("CG_TEST_WINDOW_MINUTES", 15, environ=True) == timedelta(
        minutes=30
    )
    settings.CG_TEST_WINDOW_MINUTES = 5
    assert throttle.window_setting("CG_TEST_WINDOW_MINUTES", 15, environ=True) == timedelta(
        minutes=5
    )


def test_every_app_counts_through_the_one_ledger():
    from commonground.fund import throttle as fund
    from commonground.safety import throttle as safety
    from commonground.services import throttle as services

    assert {type(app.LEDGER) for app in (fund, safety, services)} == {throttle.Ledger}
    assert fund.client_address is safety.client_address is services.client_address
    assert fund.client_address is throttle.client_address
    namespaces = {app.LEDGER.namespace for app in (fund, safety, services)}
    assert len(namespaces) == 3  # one app's hashes say nothing about another's
