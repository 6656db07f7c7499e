"""The roles people hold.

Roles are Django groups with these names (created by a data migration), so an
administrator can grant them in the admin and a person can hold several. What each role
may do is declared once per app in its `rules.py` (core's in `commonground.core.rules`),
from the role predicates in `commonground.core.predicates`, and asked for by name with
`user.has_perm(...)`; `role_required` remains for views whose whole audience is a role.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    PARTNER = "partner", _("Partner member")
    OFFICER = "officer", _("Council officer")
    BOARD = "board", _("Board member")
    ADMIN = "admin", _("Administrator")
    # Trained hate-incident caseworkers: the only role that sees incident reports (safety).
    CASEWORKER = "caseworker", _("Caseworker")


def role_required(*roles: Role) -> Callable:
    """Allow a view only to signed-in users holding one of `roles` (403 otherwise).

    Anonymous users never reach here: LoginRequiredMiddleware sends them to sign in first.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = tuple(roles)
        return wrapped

    return decorator


class RoleRequiredMixin:
    """Class-based twin of `role_required`."""

    required_roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.has_role(*self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
