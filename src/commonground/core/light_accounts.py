"""Light accounts: a name, an e-mail address and a password, enough for a resident to sign up
to volunteer, offer an Open Book talk or register for an event. Kept once here so every app
that opens such accounts makes them the same way (the e-mail address is the user name, one
account per address, the resident role) and only names its own audit event."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from commonground.core import audit
from commonground.core.models import Area, User
from commonground.core.roles import Role


def create_light_account(
    *,
    name: str,
    email: str,
    password: str,
    event: str,
    language: str = "en",
    ward: Area | None = None,
    then: Callable[[User], object] | None = None,
) -> User:
    """Open a resident's account and audit it as ``event``; ``then`` runs in the same
    transaction (an app's own record for the new person), so a failure leaves no account."""
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail address already exists: sign in instead.")}
        )
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=name.strip()[:150],
            preferred_language=language[:8],
            home_area=ward,
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.RESIDENT.value)[0])
        if then is not None:
            then(user)
        audit.record(event, actor=user, obj=user)
    return user


def make_stand_in(like: User | None = None) -> User:
    """An account that stands in for a person who asked for their data to be erased: no name,
    no address, no password, never active. Their records move to it, so figures that count
    people, hours and visits (and feed Measures) stay right while nothing names them. It keeps
    only the ward of ``like`` (the coarse place that ward figures count by)."""
    stand_in = User(
        username=f"erased-{uuid.uuid4().hex[:20]}",
        is_active=False,
        home_area_id=getattr(like, "home_area_id", None),
    )
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in
