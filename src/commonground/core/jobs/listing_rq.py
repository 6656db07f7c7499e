"""The "Background work" page's listing and "Try again" on the Redis queue (RQ).

The same `WorkItem`s as the database queue gives (`listing`), read from RQ's own records:
running work from each queue's `StartedJobRegistry`, waiting work from the queue itself
(and its scheduled registry), failed work from its `FailedJobRegistry`. RQ counts tries in
``retries_left``; our backend (`rq.RecoveringRQBackend`) stores the tries it allowed in the
job's meta, so a job's try is ``allowed - retries_left``.

"Try again" takes the failed job out of the failed registry first — Redis's ZREM is atomic,
so of two officers pressing at once only one queues it — then, in one database transaction,
puts the app object back to waiting, queues the same task with the same arguments through
the task's own ``enqueue`` (its time limit and tries again) and audits. If any of that fails,
the new job is taken off the queue and the failed one goes back in the registry. (The new
job is on Redis a moment before the transaction commits; a task reads its object's state
only once it starts, which takes a worker longer than the commit.)
"""

from __future__ import annotations

from datetime import UTC, datetime

import django_rq
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.db import transaction
from django.tasks import TaskResult
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_rq.backend import Job
from rq.exceptions import NoSuchJobError
from rq.queue import Queue
from rq.registry import FailedJobRegistry
from rq.results import Result

from commonground.core import audit

from .listing import FAILED_SHOWN_FOR, LIMIT, WorkItem
from .policy import policy_for

ALLOWED_TRIES = "cg_max_attempts"  # meta key our backend writes at enqueue
RETRIED_AS = "cg_retried_as"  # meta key "Try again" writes on the failed job
REASONS = {
    "rq.exceptions.AbandonedJobError": "abandoned",
    "rq.timeouts.JobTimeoutException": "timed_out",
}


def _queues() -> list[Queue]:
    names = settings.TASKS["default"].get("QUEUES") or list(settings.RQ_QUEUES)
    return [django_rq.get_queue(name, job_class=Job) for name in names]


def _jobs(queue: Queue, ids: list[str]) -> list[Job]:
    return [job for job in Job.fetch_many(ids, connection=queue.connection) if job is not None]


def _title(job: Job) -> str:
    policy = policy_for(job.func_name)
    if policy.title:
        return str(policy.title)
    return job.func_name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _failure(job: Job) -> tuple[str, str]:
    """The error's last line and its reason ("abandoned", "timed_out" or "")."""
    result = job.latest_result()
    text = result.exc_string if result is not None and result.type == Result.Type.FAILED else ""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    raised = job.meta.get("_django_tasks_rq_exceptions") or [""]
    reason = REASONS.get(raised[-1], "")
    if not reason and "AbandonedJobError" in (text or ""):
        reason = "abandoned"
    return (lines[-1] if lines else ""), reason


def _item(job: Job, status: str) -> WorkItem:
    policy = policy_for(job.func_name)
    allowed = int(job.meta.get(ALLOWED_TRIES) or policy.attempts)
    left = job.retries_left or 0
    tries = {
        "RUNNING": allowed - left,  # the try now running
        "READY": allowed - left - 1,  # tries already used (0 before the first)
        "FAILED": allowed - left,
    }[status]
    error, reason = _failure(job) if status == "FAILED" else ("", "")
    args, kwargs = list(job.args), dict(job.kwargs)
    return WorkItem(
        id=job.id,
        title=_title(job),
        status=status,
        subject=policy.describe(args, kwargs),
        enqueued_at=job.enqueued_at,
        started_at=job.started_at,
        finished_at=job.ended_at,
        attempts=max(tries, 0),
        max_attempts=allowed,
        error=error,
        reason=reason,
    )


def _failed_jobs(now: datetime) -> list[Job]:
    jobs = []
    for queue in _queues():
        ids = FailedJobRegistry(queue=queue).get_job_ids(0, LIMIT - 1, desc=True)
        jobs += [
            job
            for job in _jobs(queue, ids)
            if not job.meta.get(RETRIED_AS)
            and (job.ended_at is None or job.ended_at >= now - FAILED_SHOWN_FOR)
        ]
    return jobs


def background_work(now: datetime | None = None) -> dict[str, list[WorkItem]]:
    """Running, waiting and failed (not yet tried again) jobs, as `listing.background_work`."""
    now = now or timezone.now()
    running, waiting = [], []
    for queue in _queues():
        running += _jobs(queue, queue.started_job_registry.get_job_ids(0, LIMIT - 1))
        waiting += _jobs(queue, queue.get_job_ids(0, LIMIT))
        waiting += _jobs(queue, queue.scheduled_job_registry.get_job_ids(0, LIMIT - 1))
    oldest = datetime.min.replace(tzinfo=UTC)
    failed = _failed_jobs(now)
    return {
        "running": sorted(
            (_item(j, "RUNNING") for j in running),
            key=lambda item: item.started_at or oldest,
            reverse=True,
        )[:LIMIT],
        "waiting": sorted(
            (_item(j, "READY") for j in waiting), key=lambda item: item.enqueued_at or oldest
        )[:LIMIT],
        "failed": sorted(
            (_item(j, "FAILED") for j in failed),
            key=lambda item: item.finished_at or oldest,
            reverse=True,
        )[:LIMIT],
    }


def latest_failure(task_path: str, args: list) -> WorkItem | None:
    """The task's failed job for these arguments that no one retried, if any."""
    for job in _failed_jobs(timezone.now()):
        if job.func_name == task_path and list(job.args) == list(args):
            return _item(job, "FAILED")
    return None


def retry(*, actor, task_id: str) -> TaskResult:
    """Queue a failed job's task again with the same arguments ("Try again"), audited."""
    if actor is None or not actor.has_perm("core.retry_background_work"):
        raise PermissionDenied
    for queue in _queues():
        registry = FailedJobRegistry(queue=queue)
        score = registry.connection.zscore(registry.key, str(task_id))
        if score is not None:
            break
    else:
        raise ValidationError(_("That task has not failed, or was tried again already."))
    try:
        failed = Job.fetch(str(task_id), connection=queue.connection)
        task = failed.func  # the Task object its import path names
    except (NoSuchJobError, ImportError, AttributeError, SuspiciousOperation):
        raise ValidationError(_("That task no longer exists.")) from None
    if failed.meta.get(RETRIED_AS) or not registry.remove(failed):
        raise ValidationError(_("That task has not failed, or was tried again already."))
    queued = None
    try:
        args, kwargs = list(failed.args), dict(failed.kwargs)
        policy = policy_for(failed.func_name)
        with transaction.atomic():
            if policy.before_retry is not None:
                policy.before_retry(args, kwargs)
            queued = task.enqueue(*args, **kwargs)
            audit.record(
                "core.task_retried",
                actor=actor,
                data={
                    "task": failed.id,
                    "task_path": failed.func_name,
                    "new_task": queued.id,
                    "queue": "redis",
                },
            )
    except BaseException:
        if queued is not None:  # not audited: take it off the queue
            queue.remove(queued.id)
        registry.connection.zadd(registry.key, {failed.id: score})  # offer it again
        raise
    failed.meta[RETRIED_AS] = queued.id
    failed.save_meta()
    return queued
