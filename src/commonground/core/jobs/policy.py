"""What each background task declares about itself: its time limit, its tries, its object.

A task is declared once, where it is defined::

    @recoverable(time_limit=600, subject=upload_subject, on_give_up=mark_upload_failed)
    @task()
    def process_upload(upload_id: int) -> str: ...

The worker reads the policy by the task's import path (the queue stores only that), so the
policy must live with the task and be registered when its module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

Args = list[Any]
Kwargs = dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """The thing in the platform a task works on, as the Background work page shows it."""

    label: str
    url: str = ""
    percent: int | None = None  # progress where the app records it


@dataclass(frozen=True)
class TaskPolicy:
    """How a task may be run again safely and what to do when it finally fails.

    ``time_limit``: seconds before the worker stops the task (it is then tried again or failed).
    ``max_attempts``: tries in all, counting the first, before a task whose worker died or
    which ran out of time is marked failed. Only tasks whose action is idempotent (a rerun
    after a crash gives the same state) may have more than one.
    ``on_give_up(args, kwargs, message)``: mark the app's object failed, so it never stays
    "running"; called in the transaction that marks the task failed.
    ``before_retry(args, kwargs)``: put the app's object back to "waiting" before an officer's
    "Try again" queues the task again.
    ``subject(args, kwargs)``: the object the task is for, for the Background work page.
    """

    time_limit: int = 0
    max_attempts: int = 0
    title: str = ""
    on_give_up: Callable[[Args, Kwargs, str], None] | None = None
    before_retry: Callable[[Args, Kwargs], None] | None = None
    subject: Callable[[Args, Kwargs], Subject | None] | None = None

    @property
    def seconds(self) -> int:
        return self.time_limit or settings.TASK_TIME_LIMIT

    @property
    def attempts(self) -> int:
        return self.max_attempts or settings.TASK_MAX_ATTEMPTS

    def describe(self, args: Args, kwargs: Kwargs) -> Subject | None:
        """The task's object, or None when it is gone or the task names none."""
        if self.subject is None:
            return None
        try:
            return self.subject(args, kwargs)
        except Exception:  # the object was deleted since: the page still lists the task
            return None


_POLICIES: dict[str, TaskPolicy] = {}


def recoverable(
    *,
    time_limit: int = 0,
    max_attempts: int = 0,
    title: str = "",
    on_give_up: Callable[[Args, Kwargs, str], None] | None = None,
    before_retry: Callable[[Args, Kwargs], None] | None = None,
    subject: Callable[[Args, Kwargs], Subject | None] | None = None,
) -> Callable:
    """Declare a task's policy (put it above ``@task()``); 0 means the settings' default."""

    def register(task_object):
        _POLICIES[task_object.module_path] = TaskPolicy(
            time_limit=time_limit,
            max_attempts=max_attempts,
            title=title,
            on_give_up=on_give_up,
            before_retry=before_retry,
            subject=subject,
        )
        return task_object

    return register


def policy_for(task_path: str) -> TaskPolicy:
    """The policy a task declared (importing its module registers it), or the defaults."""
    if task_path not in _POLICIES:
        with suppress(ImportError):  # a task gone from the code: the defaults apply
            import_string(task_path)
    return _POLICIES.get(task_path, TaskPolicy())
