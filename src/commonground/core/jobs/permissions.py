"""Who may see and restart background work: the permissions are declared in `core.roles`
(`BACKGROUND_WORK_PERMISSIONS`, beside the others) and asked for by name here."""

from commonground.core.roles import BACKGROUND_WORK_PERMISSIONS


def may(user, permission: str) -> bool:
    """Whether `user` holds a role the named permission lists."""
    roles = BACKGROUND_WORK_PERMISSIONS[permission]
    return bool(user is not None and user.is_authenticated and user.has_role(*roles))
