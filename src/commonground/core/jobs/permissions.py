"""Who may see and restart background work (asked for by these names, declared only here)."""

from commonground.core.roles import Role

BACKGROUND_WORK_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "background_work.view": (Role.OFFICER.value, Role.ADMIN.value),
    "background_work.retry": (Role.OFFICER.value, Role.ADMIN.value),
}
"""view: see running, waiting and failed tasks with their objects and errors; retry: "Try
again" on a failed task (it reruns the task's idempotent action)."""


def may(user, permission: str) -> bool:
    """Whether `user` holds a role the named permission lists."""
    roles = BACKGROUND_WORK_PERMISSIONS[permission]
    return bool(user is not None and user.is_authenticated and user.has_role(*roles))
