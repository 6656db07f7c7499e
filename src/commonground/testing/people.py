"""People for tests: an account holding one role, made cheaply."""

from __future__ import annotations

from django.contrib.auth.models import Group

from commonground.core.models import Organisation, User
from commonground.core.roles import Role


def make_user(username: str, role: Role, organisation: Organisation | None = None) -> User:
    """An account with `role`. No password: tests sign in with force_login or a session
    cookie (hashing a password costs ~0.4 s each). get_or_create the group, because
    transactional tests flush the groups the data migration made.  With an `organisation`
    the account holds a confirmed membership of it, as acting for it requires."""
    from commonground.core.memberships import grant_membership

    user = User.objects.create(username=username)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if organisation is not None:
        grant_membership(user=user, organisation=organisation, actor_label="test")
    return user
