"""NUL bytes and other control characters are refused with a 400 page, never a 500.

PostgreSQL cannot store a NUL byte in text, so before this check a `?q=%00` on a search
page, a NUL in a cookie or a header (the sign-in throttle stores the user agent) reached
the database and answered 500 to anonymous visitors. The check runs in one middleware
before anything reads the request, so every URL of every app is covered: the test walks
the whole resolver, as the permissions matrix does.
"""

import pytest
from django.contrib.auth.models import Group

from commonground.core.models import User
from commonground.core.roles import Role
from commonground.core.tests.test_permissions import ROUTES

CONCRETE = sorted({"/" + r.concrete for r in ROUTES if r.concrete is not None})


def assert_bad_request_page(response) -> None:
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()


@pytest.fixture
def officer_client(client, db):
    """Signed in with every role, so private views are reached, not redirected."""
    user = User.objects.create(username="everything", is_staff=True, is_superuser=True)
    for role in Role:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", CONCRETE)
def test_nul_in_the_query_string_is_a_400_for_anyone(client, path):
    assert_bad_request_page(client.get(path, QUERY_STRING="q=%00"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", CONCRETE)
def test_nul_in_the_query_string_is_a_400_when_signed_in(officer_client, path):
    assert_bad_request_page(officer_client.get(path, QUERY_STRING="q=a%00b&page=1"))


@pytest.mark.django_db
def test_nul_in_the_path_is_a_400(client):
    assert_bad_request_page(client.get("/areas/E05%0001341/"))


@pytest.mark.django_db
def test_nul_in_a_posted_form_field_is_a_400(client):
    response = client.post("/sign-in/", {"username": "officer\x00", "password": "x"})
    assert_bad_request_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "HTTP_COOKIE", "HTTP_X_FORWARDED_FOR"]
)
def test_nul_in_a_header_is_a_400(client, header):
    assert_bad_request_page(client.get("/", **{header: "a\x00b"}))
    assert_bad_request_page(
        client.post("/sign-in/", {"username": "u", "password": "p"}, **{header: "a\x00b"})
    )


@pytest.mark.django_db
def test_other_control_characters_in_the_query_are_a_400(client):
    assert_bad_request_page(client.get("/areas/", QUERY_STRING="q=%1b%5b2J"))


@pytest.mark.django_db
def test_ordinary_text_still_passes(client):
    search = client.get("/areas/", {"q": "Bradford Moor – بریڈفورڈ\tŁódź"})
    assert search.status_code == 200 and "No wards have been loaded yet." in search.content.decode()
    response = client.post("/sign-in/", {"username": "someone", "password": "line\r\nbreak"})
    assert response.status_code == 200  # the form's own error, not a refusal:
    assert "Enter a correct username and password." in response.content.decode()


@pytest.mark.django_db
def test_a_search_with_nul_never_reaches_the_database(client, bradford):
    """On PostgreSQL this was a 500: text fields cannot hold NUL."""
    assert_bad_request_page(client.get("/areas/", {"q": "Bai\x00ldon"}))
    assert client.get("/areas/", {"q": "Baildon"}).status_code == 200
