"""Guessing is slowed down: after ten failed eligibility checks in fifteen minutes from one
device or on one code/person (a hundred from one address), checks pause with a translated
message saying when to retry.
The counts live in the database, so every web process sees them; a trip is audited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from commonground.core.models import AuditEvent
from commonground.fund import actions, throttle
from commonground.fund.models import FailedCheck


def _try_code(client: Client, round_, code: str, address: str = "203.0.113.7"):
    return client.post(
        f"/fund/{round_.slug}/vote/code/", {"code": code}, REMOTE_ADDR=address, follow=False
    )


def test_ten_wrong_codes_from_one_address_pause_checks_even_for_a_good_code(round_voting, people):
    good = actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=1)[0]
    client = Client()
    for n in range(throttle.FAILURE_LIMIT):
        response = _try_code(client, round_voting, f"AAAA-BBBB-CC{n:02d}")
        assert response.status_code == 200
        assert "not valid for this vote" in response.content.decode()
    assert AuditEvent.objects.filter(action="fund.eligibility_checks_throttled").count() == 1

    response = _try_code(client, round_voting, good)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many tries did not work" in page and "15 minutes" in page
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60

    # Another web process is just another client here: the count is in the database.
    elsewhere = _try_code(Client(), round_voting, good, address="198.51.100.20")
    assert elsewhere.status_code == 302  # a different address with a good code gets through


def test_one_code_tried_from_many_addresses_is_paused_too(round_voting):
    for n in range(throttle.FAILURE_LIMIT):
        _try_code(Client(), round_voting, "ZZZZ-ZZZZ-ZZZZ", address=f"192.0.2.{n + 1}")
    response = _try_code(Client(), round_voting, "zzzz zzzz zzzz", address="192.0.2.200")
    assert response.status_code == 429
    event = AuditEvent.objects.get(action="fund.eligibility_checks_throttled")
    # Each address failed once; only the code reached the limit.  The event names no code.
    assert event.data["keys"] == ["access_code"] and "ZZZZ" not in str(event.data)


def test_postcode_and_age_guessing_is_limited_per_postcode(round_voting):
    url = f"/fund/{round_voting.slug}/vote/postcode/"
    for year in range(2000, 2000 + throttle.FAILURE_LIMIT):
        response = Client().post(
            url,
            {"name": "Ana", "postcode": "LS1 4AP", "born": f"{year}-01-01"},
            REMOTE_ADDR=f"192.0.2.{year - 1990}",
        )
        assert "outside the area" in response.content.decode()
    response = Client().post(
        url, {"name": "Ana", "postcode": "ls14ap", "born": "1980-01-01"}, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code == 429


def test_the_pause_ends_when_old_failures_leave_the_window(round_voting):
    keys = throttle.keys_for("device", ["a-device-id"])
    start = timezone.now() - timedelta(minutes=20)
    for minute in range(throttle.FAILURE_LIMIT):
        throttle.record_failure(round_voting, keys, now=start + timedelta(minutes=minute))
    # At start + 10 min all ten are inside the window: paused until the first leaves it.
    with pytest.raises(throttle.TooManyAttempts) as paused:
        throttle.ensure_allowed(round_voting, keys, now=start + timedelta(minutes=10))
    assert paused.value.retry_at == start + throttle.WINDOW
    # At start + 16 min the first two have left: checks go on.
    throttle.ensure_allowed(round_voting, keys, now=start + timedelta(minutes=16))


def test_the_message_is_translated_with_polish_plurals(round_voting):
    now = timezone.now()
    with translation.override("pl"):
        two = str(throttle.TooManyAttempts(now + timedelta(minutes=2), now).message)
        five = str(throttle.TooManyAttempts(now + timedelta(minutes=5), now).message)
    assert "2 minuty" in two and "5 minut" in five
    with translation.override("ur"):
        assert "منٹ" in str(throttle.TooManyAttempts(now + timedelta(minutes=5), now).message)


def test_nothing_identifying_is_stored_and_the_close_deletes_the_counts(round_voting, people):
    _try_code(Client(), round_voting, "QQQQ-QQQQ-QQQQ", address="203.0.113.50")
    stored = list(FailedCheck.objects.values_list("key", flat=True))
    # address, device and code: each a kind and a keyed hash, never the value
    assert len(stored) == 3 and not any("203.0" in k or "QQQQ" in k for k in stored)
    actions.close_vote(actor=people["officer"], round_=round_voting)
    assert not FailedCheck.objects.exists()


def test_behind_a_proxy_the_trusted_hop_is_used(rf, settings):
    settings.FUND_TRUSTED_PROXY_HOPS = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.8", REMOTE_ADDR="10.0.0.2")
    assert throttle.client_address(request) == "203.0.113.8"
    settings.FUND_TRUSTED_PROXY_HOPS = 0
    assert throttle.client_address(request) == "10.0.0.2"
