"""Guessing passwords is throttled on both sign-in pages, without locking anyone out for ever.

django-axes counts failures in the database per username *and* address: after the limit
that pair is refused (HTTP 429, a page saying when to try again) even with the right
password, until the cool-off has passed since its last failure. The same username from
another address is not affected, so an attacker cannot lock a real officer out.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from freezegun import freeze_time

from commonground.core.models import User

PASSWORD = "correct-horse-battery-staple"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def officer(db) -> User:
    return User.objects.create_user("officer-b", password=PASSWORD, is_staff=True)


def sign_in(client, path: str, password: str, address: str = ATTACKER):
    return client.post(path, {"username": "officer-b", "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/sign-in/", "/admin/login/"])
def test_thirty_guesses_then_the_right_password_is_refused_until_the_cool_off(
    client, officer, path
):
    for _ in range(30):
        response = sign_in(client, path, "wrong-guess")
        assert response.status_code in {200, 429}
    assert response.status_code == 429

    refused = sign_in(client, path, PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    page = refused.content.decode()
    assert "Too many attempts to sign in" in page
    unlocks = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    assert f"Try again after {unlocks:%H:%M}" in page or "Try again after" in page

    with freeze_time(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        accepted = sign_in(client, path, PASSWORD)
        assert accepted.status_code == 302
        assert signed_in(client)


def test_the_lock_holds_from_another_process_because_it_is_in_the_database(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "/sign-in/", "wrong-guess")
    attempt = AccessAttempt.objects.get(username="officer-b", ip_address=ATTACKER)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert "wrong-guess" not in attempt.post_data  # the password is never stored


def test_the_real_user_elsewhere_is_not_locked_out(client, officer):
    for _ in range(30):
        sign_in(client, "/sign-in/", "wrong-guess", address=ATTACKER)
    assert sign_in(client, "/sign-in/", PASSWORD, address=OFFICE).status_code == 302
    assert signed_in(client)


def test_a_few_mistakes_then_success_start_the_count_again(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "/sign-in/", "wrong-guess").status_code == 200
    assert sign_in(client, "/sign-in/", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "/sign-in/", "wrong-guess").status_code == 200
    assert sign_in(client, "/sign-in/", PASSWORD).status_code == 302


def test_the_lock_page_is_translated(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "/ur/sign-in/", "wrong-guess")
    response = sign_in(client, "/ur/sign-in/", PASSWORD)
    assert response.status_code == 429
    assert 'lang="ur"' in response.content.decode()


@pytest.mark.django_db
def test_the_test_clients_login_and_force_login_still_work(client):
    User.objects.create_user("plain", password=PASSWORD)
    assert client.login(username="plain", password=PASSWORD)
    client.logout()
    client.force_login(User.objects.get(username="plain"))
    assert signed_in(client)
