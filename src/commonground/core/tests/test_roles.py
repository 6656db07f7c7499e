"""Roles are groups; views check them with role_required."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from commonground.core.models import User
from commonground.core.roles import Role, role_required


@role_required(Role.OFFICER, Role.BOARD)
def officers_only(request):
    return HttpResponse("ok")


def make_user(username: str, *roles: Role, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-long-password", **extra)
    user.groups.set([Group.objects.get(name=r.value) for r in roles])
    return user


@pytest.mark.django_db
def test_every_role_has_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ((), False),
        ((Role.RESIDENT,), False),
        ((Role.PARTNER,), False),
        ((Role.OFFICER,), True),
        ((Role.BOARD,), True),
        ((Role.RESIDENT, Role.BOARD), True),
    ],
)
def test_role_required_admits_only_the_named_roles(roles, allowed):
    request = RequestFactory().get("/")
    request.user = make_user("someone", *roles)
    if allowed:
        assert officers_only(request).status_code == 200
    else:
        with pytest.raises(PermissionDenied):
            officers_only(request)


@pytest.mark.django_db
def test_superusers_hold_every_role_and_inactive_users_none():
    admin = make_user("root", is_superuser=True)
    gone = make_user("gone", Role.OFFICER, is_active=False)
    assert admin.has_role(Role.OFFICER) and admin.roles == list(Role)
    assert not gone.has_role(Role.OFFICER)


def test_anonymous_users_are_refused():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        officers_only(request)
