"""Measures' permissions are declared once (measures/rules.py) and asked for by name: each
role gets exactly what the table says, every signed-in-only page refuses the roles it should
and serves the ones it should, and no measures module tests a role by hand."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from commonground.core.roles import Role
from commonground.measures import actions
from commonground.measures.rules import PERMISSIONS

from .conftest import HEADER, make_user

EXPECTED = {
    "measures.upload": {Role.PARTNER, Role.OFFICER},
    "measures.upload_unowned": {Role.OFFICER},
    "measures.manage_tokens": {Role.PARTNER, Role.OFFICER},
    "measures.view_late": {Role.OFFICER, Role.BOARD},
    "measures.manage": {Role.OFFICER},
}
PAGES = {  # URL name → permission it needs
    "measures:uploads": "measures.upload",
    "measures:tokens": "measures.manage_tokens",
    "measures:late": "measures.view_late",
    "measures:manage": "measures.manage",
}


@pytest.fixture
def people(police, council):
    return {
        role: make_user(f"user-{role.value}", role, police if role == Role.PARTNER else council)
        for role in (Role.RESIDENT, Role.PARTNER, Role.OFFICER, Role.BOARD)
    }


def test_each_role_holds_exactly_the_declared_permissions(people):
    assert set(EXPECTED) <= set(PERMISSIONS)
    for permission, roles in EXPECTED.items():
        holders = {role for role, user in people.items() if user.has_perm(permission)}
        assert holders == roles, permission


def test_an_upload_is_seen_by_its_organisation_and_officers_only(people, police, council, db):
    upload = actions.receive_upload(
        police, file_name="f.csv", content=HEADER.encode(), actor_label="test"
    )
    other_partner = make_user("other-partner", Role.PARTNER, council)

    assert people[Role.PARTNER].has_perm("measures.view_upload", upload)
    assert people[Role.OFFICER].has_perm("measures.view_upload", upload)
    assert not other_partner.has_perm("measures.view_upload", upload)
    assert not people[Role.BOARD].has_perm("measures.view_upload", upload)


@pytest.mark.parametrize(("name", "permission"), PAGES.items())
def test_pages_serve_exactly_the_roles_their_permission_names(client, people, name, permission):
    for role, user in people.items():
        client.force_login(user)
        status = client.get(reverse(name)).status_code
        assert status == (200 if role in EXPECTED[permission] else 403), (name, role)


def test_no_measures_module_tests_a_role_by_hand():
    package = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "rules.py"
        and re.search(r"has_role\(|role_required\(|Role\.(OFFICER|PARTNER|BOARD)", path.read_text())
    ]
    assert offenders == []
