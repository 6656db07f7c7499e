"""What the officers' "Background work" page shows, and its "Try again" action.

Reads the database queue (``django_tasks_db``) with each task's lease in one query; each
task's policy names the app object it works on (with its progress where the app records
one). A failed task's "Try again" puts its object back to waiting and queues the same task
with the same arguments: safe because every task's action is idempotent.

With ``TASK_BACKEND=redis`` the same three functions read RQ's registries instead
(`listing_rq`), so the page and the app pages need not know which queue runs the work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from commonground.core import audit
from commonground.core.models import TaskLease

from .policy import Subject, policy_for
from .recovery import ABANDONED, TIMED_OUT

FAILED_SHOWN_FOR = timedelta(days=30)
REASONS = {ABANDONED: "abandoned", TIMED_OUT: "timed_out"}
LIMIT = 100


@dataclass(frozen=True)
class WorkItem:
    """One task as an officer sees it."""

    id: str
    title: str
    status: str
    subject: Subject | None
    enqueued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    max_attempts: int
    error: str
    reason: str  # "abandoned" (its worker died each try), "timed_out", or "" (an error)

    @property
    def percent(self) -> int | None:
        return self.subject.percent if self.subject is not None else None


def _title(result: DBTaskResult) -> str:
    policy = policy_for(result.task_path)
    if policy.title:
        return str(policy.title)
    return result.task_path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _error(result: DBTaskResult) -> str:
    """The failure's last line (the exception and its message), not the whole traceback."""
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _item(result: DBTaskResult) -> WorkItem:
    lease: TaskLease | None = getattr(result, "lease", None)
    policy = policy_for(result.task_path)
    args = result.args_kwargs.get("args", [])
    kwargs = result.args_kwargs.get("kwargs", {})
    return WorkItem(
        id=str(result.pk),
        title=_title(result),
        status=result.status,
        subject=policy.describe(args, kwargs),
        enqueued_at=result.enqueued_at,
        started_at=result.started_at,
        finished_at=result.finished_at,
        attempts=lease.attempts if lease is not None else 0,
        max_attempts=policy.attempts,
        error=_error(result) if result.status == TaskResultStatus.FAILED else "",
        reason=REASONS.get(result.exception_class_path, "")
        if result.status == TaskResultStatus.FAILED
        else "",
    )


def _on_redis() -> bool:
    """Whether the work runs on RQ (imported only then: django_rq is needed only then)."""
    return settings.TASK_BACKEND == "redis"


def background_work(now: datetime | None = None) -> dict[str, list[WorkItem]]:
    """Running, waiting and failed (not yet tried again) tasks, newest first."""
    if _on_redis():
        from . import listing_rq

        return listing_rq.background_work(now)
    now = now or timezone.now()
    results = DBTaskResult.objects.select_related("lease")
    running = results.running().order_by("-started_at")[:LIMIT]
    waiting = results.filter(status=TaskResultStatus.READY).order_by("enqueued_at")[:LIMIT]
    failed = (
        results.failed()
        .filter(finished_at__gte=now - FAILED_SHOWN_FOR, lease__retried_as__isnull=True)
        .order_by("-finished_at")[:LIMIT]
    )
    return {
        "running": [_item(r) for r in running],
        "waiting": [_item(r) for r in waiting],
        "failed": [_item(r) for r in failed],
    }


def latest_failure(task_path: str, args: list) -> WorkItem | None:
    """The task's failure for these arguments, if its last try failed and no one retried it
    (so an app page can say "failed — try again" without a status of its own)."""
    if _on_redis():
        from . import listing_rq

        return listing_rq.latest_failure(task_path, args)
    last = (
        DBTaskResult.objects.select_related("lease")
        .filter(task_path=task_path, args_kwargs__args=args)
        .order_by("-enqueued_at")
        .first()
    )
    if last is None or last.status != TaskResultStatus.FAILED:
        return None
    if getattr(last, "lease", None) is not None and last.lease.retried_as is not None:
        return None
    return _item(last)


def retry(*, actor, task_id) -> TaskResult:
    """Queue a failed task again with the same arguments ("Try again"), audited."""
    if _on_redis():
        from . import listing_rq

        return listing_rq.retry(actor=actor, task_id=str(task_id))
    if actor is None or not actor.has_perm("core.retry_background_work"):
        raise PermissionDenied
    try:
        uuid.UUID(str(task_id))
    except ValueError:
        raise ValidationError(_("That task no longer exists.")) from None
    with transaction.atomic():
        failed = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
        if failed is None:
            raise ValidationError(_("That task no longer exists."))
        lease, _created = TaskLease.objects.get_or_create(task=failed)
        if failed.status != TaskResultStatus.FAILED or lease.retried_as is not None:
            raise ValidationError(_("That task has not failed, or was tried again already."))
        policy = policy_for(failed.task_path)
        args = failed.args_kwargs.get("args", [])
        kwargs = failed.args_kwargs.get("kwargs", {})
        if policy.before_retry is not None:
            policy.before_retry(args, kwargs)
        queued = failed.task.enqueue(*args, **kwargs)
        lease.retried_as = queued.id
        lease.save(update_fields=["retried_as"])
        audit.record(
            "core.task_retried",
            actor=actor,
            obj=failed,
            data={"task": str(failed.pk), "task_path": failed.task_path, "new_task": queued.id},
        )
    return queued
