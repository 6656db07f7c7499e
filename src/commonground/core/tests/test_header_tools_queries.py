"""The header's tools are drawn on every page, so each app's ``tools()`` must answer from the
person's roles and permissions (each read once a request): no database query of its own on an
ordinary page (the panel's was fixed the same way, see people/waiting.py).

Whether someone acts for an organisation, a school or as a tension lead is a Django permission
the app keeps in step with its rows (``core.acts_for_an_organisation``,
``schools.acts_for_a_school``, …), read with the rest of the person's permissions."""

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser

from commonground.core.models import Organisation, User
from commonground.core.roles import Role
from commonground.testing.people import make_user

APPS = (
    "challenges",
    "consult",
    "core",
    "evaluation",
    "fund",
    "involved",
    "leaders",
    "measures",
    "openbook",
    "people",
    "readiness",
    "referrals",
    "safety",
    "schools",
    "services",
    "volunteering",
)


@pytest.fixture
def everyone(db) -> list:
    organisation = Organisation.objects.create(name="People Can", slug="people-can")
    made = [make_user(role.value, role) for role in Role]
    made.append(make_user("partner-of-people-can", Role.PARTNER, organisation))
    return made


@pytest.mark.parametrize("app", APPS)
def test_an_apps_header_tools_ask_no_query_once_permissions_are_known(
    app, everyone, django_assert_num_queries
):
    tools = importlib.import_module(f"commonground.{app}.waiting").tools
    for made in everyone:
        user = User.objects.get(pk=made.pk)  # a fresh request's user: nothing cached yet
        user.get_all_permissions()  # the permission cache every page fills once
        user.has_role(Role.RESIDENT)  # and the role names, also once a page (the menu asks)
        with django_assert_num_queries(0):
            tools(user)
    with django_assert_num_queries(0):
        tools(AnonymousUser())
