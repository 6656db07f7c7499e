"""Following a report: the right secret shows its status; a wrong one is refused and, past
the limit, paused; the rate limit stores keyed hashes only, never an address or reference."""

import pytest
from django.urls import reverse

from commonground.safety import actions
from commonground.safety.models import Attempt

from .conftest import make_report

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"


def _look(client, reference, secret):
    return client.post(
        reverse("safety:status"), {"reference": reference, "secret": secret}, REMOTE_ADDR=ADDRESS
    )


def test_right_secret_shows_status_only(client, people):
    report, secret = make_report()
    actions.close(actor=people["caseworker"], report=report, outcome="supported")
    response = _look(client, report.reference.lower(), secret)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Closed" in html and "Support given" in html
    assert "bus stop" not in html  # the account itself is never shown here


def test_wrong_secret_is_refused(client):
    report, secret = make_report()
    response = _look(client, report.reference, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    assert response.status_code == 400
    assert "do not match a report" in response.content.decode()


def test_unknown_reference_is_refused_the_same_way(client):
    response = _look(client, "HR-AAAA-AAAA", "whatever")
    assert response.status_code == 400
    assert "do not match a report" in response.content.decode()


def test_guessing_one_reference_is_paused_and_nothing_identifying_is_kept(client):
    report, secret = make_report()
    for _ in range(5):
        assert _look(client, report.reference, "wrong-guess").status_code == 400
    paused = _look(client, report.reference, secret)  # even the right secret waits now
    assert paused.status_code == 429
    assert "Wait 15 minutes" in paused.content.decode()
    keys = list(Attempt.objects.values_list("key", flat=True))
    assert keys
    assert all(ADDRESS not in k and report.reference not in k for k in keys)
    assert {k.split(":")[0] for k in keys} == {"lookup-address", "lookup-reference"}


def test_old_attempts_are_forgotten(client):
    from datetime import timedelta

    from django.utils import timezone

    from commonground.safety import throttle

    report, secret = make_report()
    for _ in range(5):
        _look(client, report.reference, "wrong-guess")
    Attempt.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert not throttle.limited("lookup-reference", report.reference)
    assert not Attempt.objects.exists()
    assert _look(client, report.reference, secret).status_code == 200
