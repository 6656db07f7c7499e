"""Whether a queued task has finished, whatever queue holds it (for app state that must not
say "running" after its task is over)."""

from __future__ import annotations

from django.tasks import TaskResultStatus, task_backends
from django.tasks.exceptions import TaskResultDoesNotExist


def task_is_over(task_id: str) -> bool | None:
    """True when the task finished (succeeded or failed) or its record is gone; False while it
    waits or runs; None when the queue cannot say (inline tests, or no id)."""
    if not task_id:
        return None
    backend = task_backends["default"]
    if not backend.supports_get_result:
        return None
    try:
        result = backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return True
    return str(result.status) in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
