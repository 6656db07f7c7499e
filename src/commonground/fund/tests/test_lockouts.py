"""Lock-outs that do not hurt eligible people: failures count against the thing being guessed
(an access code, a voter number, a person) and the device that guessed it (a signed cookie),
with a far higher ceiling per network address; being too young is not a guess; the message
says how many tries are left and when a pause ends."""

from __future__ import annotations

import re

from django.test import Client

from commonground.fund import actions, throttle
from commonground.fund.models import Ballot, FailedCheck


def _postcode(client: Client, round_, name: str, born: str, address: str = "203.0.113.7"):
    return client.post(
        f"/fund/{round_.slug}/vote/postcode/",
        {"name": name, "postcode": "BD8 7PB", "born": born},
        REMOTE_ADDR=address,
    )


def _code(client: Client, round_, code: str, address: str = "203.0.113.7"):
    return client.post(f"/fund/{round_.slug}/vote/code/", {"code": code}, REMOTE_ADDR=address)


def test_ten_under_age_tries_at_a_postcode_do_not_stop_an_adult_there(round_voting):
    family_phone = Client()
    for n in range(10):
        response = _postcode(family_phone, round_voting, f"Child {n}", "2020-01-01")
        assert "need to be 11 or older" in response.content.decode()
    assert not FailedCheck.objects.exists()  # being too young is not a guess of a secret
    adult = _postcode(family_phone, round_voting, "Nasreen Akhtar", "1975-03-04")
    assert adult.status_code == 302
    neighbour = _postcode(Client(), round_voting, "Jan Kowalski", "1969-11-30")
    assert neighbour.status_code == 302


def test_thirty_people_behind_one_address_can_each_check(round_voting, people):
    codes = actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=30)
    for n, code in enumerate(codes):
        phone = Client()
        phone.get(f"/fund/{round_voting.slug}/vote/code/", REMOTE_ADDR="192.0.2.1")
        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        typo = _code(phone, round_voting, wrong, "192.0.2.1")
        assert typo.status_code == 200, n
        assert _code(phone, round_voting, code, "192.0.2.1").status_code == 302, n
        phone.post(f"/fund/{round_voting.slug}/vote/ballot/", {"projects": ["1"], "action": "save"})
    assert Ballot.objects.filter(round=round_voting).count() == 30


def test_a_device_guessing_codes_is_paused_with_a_countdown(round_voting, people):
    good = actions.issue_access_codes(actor=people["officer"], round_=round_voting, count=1)[0]
    device = Client()
    first = device.get(f"/fund/{round_voting.slug}/vote/code/")
    cookie = first.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie.value
    limit = throttle.limit_for("device")
    for n in range(limit):
        # a new address each time: only the device (and each wrong code) is counted
        page = _code(device, round_voting, f"AAAA-BBBB-C{n:03d}", f"198.51.100.{n + 1}")
        text = page.content.decode()
        assert page.status_code == 200
        left = limit - n - 1
        if left:
            assert re.search(rf"\b{left} more (try|tries)\b", text), text
        else:
            assert "checking is paused" in text and "Try again in 15 minutes (at " in text
    paused = _code(device, round_voting, good, "198.51.100.250")
    text = paused.content.decode()
    assert paused.status_code == 429 and "Try again in 15 minutes (at " in text
    assert 14 * 60 < int(paused["Retry-After"]) <= 15 * 60
    # Another phone at the same address is not paused.
    assert _code(Client(), round_voting, good, "198.51.100.250").status_code == 302


def test_a_forged_device_cookie_is_replaced_not_trusted(round_voting):
    device = Client()
    device.cookies[throttle.DEVICE_COOKIE] = "made-up"
    response = _code(device, round_voting, "AAAA-BBBB-CCCC")
    assert response.status_code == 200
    stored = set(FailedCheck.objects.values_list("key", flat=True))
    assert sorted(key.split(":", 1)[0] for key in stored) == ["access_code", "address", "device"]
    assert not stored & set(throttle.keys_for("device", ["made-up"]))
    assert response.cookies[throttle.DEVICE_COOKIE].value  # a real, signed one instead


def test_a_person_tried_from_many_devices_is_paused(round_voting):
    limit = throttle.limit_for("person")
    for n in range(limit):
        response = Client().post(
            f"/fund/{round_voting.slug}/vote/postcode/",
            {"name": "Ana Kowalska", "postcode": "LS1 4AP", "born": "1980-01-01"},
            REMOTE_ADDR=f"192.0.2.{n + 1}",
        )
        assert "outside the area" in response.content.decode()
    response = Client().post(
        f"/fund/{round_voting.slug}/vote/postcode/",
        {"name": "kowalska, ana", "postcode": "ls14ap", "born": "1980-01-01"},
        REMOTE_ADDR="192.0.2.200",
    )
    assert response.status_code == 429


def test_the_address_ceiling_is_higher_and_set_in_settings(round_voting, settings):
    assert throttle.limit_for("address") >= 100
    settings.FUND_CHECK_LIMITS = {"address": 3}
    assert throttle.limit_for("address") == 3 and throttle.limit_for("device") == 10
    for n in range(3):
        _code(Client(), round_voting, f"AAAA-BBBB-C{n:03d}", "192.0.2.9")
    assert _code(Client(), round_voting, "AAAA-BBBB-CZZZ", "192.0.2.9").status_code == 429
