"""The roles people hold, and the checks every view uses.

Roles are Django groups with these names (created by a data migration), so an
administrator can grant them in the admin and a person can hold several.
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


# ---------------------------------------------------------------- acting for an organisation
# Who may do what with memberships (commonground.core.memberships asks by these names).
# Besides the roles above, two holders depend on the membership in question:

ORGANISATION_ADMIN = "organisation_admin"
"""A confirmed member holding the admin flag of the membership's organisation."""

THE_MEMBER = "the_member"
"""The person whose membership it is."""

SIGNED_IN = "signed_in"
"""Anyone with an active account."""

MEMBERSHIP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "membership.request": (SIGNED_IN,),
    "membership.decide": (Role.OFFICER.value, ORGANISATION_ADMIN),
    "membership.end": (Role.OFFICER.value, ORGANISATION_ADMIN, THE_MEMBER),
    "membership.appoint_admin": (Role.OFFICER.value,),
    "membership.review": (Role.OFFICER.value,),
}
"""request: ask to join; decide: confirm or refuse a request; end: end a membership or
withdraw a request; appoint_admin: give or take the admin flag; review: see every
organisation's requests and members."""

BACKGROUND_WORK_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "background_work.view": (Role.OFFICER.value, Role.ADMIN.value),
    "background_work.retry": (Role.OFFICER.value, Role.ADMIN.value),
}
"""view: see running, waiting and failed tasks with their objects and errors; retry: "Try
again" on a failed task (it reruns the task's idempotent action). Asked for through
`commonground.core.jobs.permissions.may`."""
