"""Leases, heartbeats and the sweep that queues again the work of a dead worker.

Every database-queue task a worker runs holds a lease (``TaskLease``) that its heartbeat
renews. Any worker, when it starts and every lease period after, sweeps the queue: a task
``RUNNING`` whose lease ran out lost its worker (killed, out of memory, machine gone), so it is
queued again, up to its policy's tries, and then marked failed with a message and its app
object marked failed too. Each change is a compare-and-swap on the task row (status and start
time unchanged), so two workers sweeping at once never both act on one task.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.utils import DatabaseError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.core import audit
from commonground.core.models import TaskLease

from .policy import policy_for

logger = logging.getLogger("commonground.jobs")

ABANDONED = "commonground.core.jobs.TaskAbandoned"
TIMED_OUT = "commonground.core.jobs.TaskTimeLimit"


class TaskTimeLimit(Exception):
    """Raised inside a task that ran past its time limit (the worker stops it)."""


def lease_seconds() -> int:
    return max(1, int(settings.TASK_LEASE_SECONDS))


def start_lease(result: DBTaskResult, worker_id: str) -> TaskLease:
    """Take the lease for one try of a task the worker has just claimed (counts the try)."""
    now = timezone.now()
    lease, _created = TaskLease.objects.get_or_create(task=result)
    lease.worker_id = worker_id
    lease.host = socket.gethostname()[:255]
    lease.pid = os.getpid()
    lease.attempts += 1
    lease.lease_until = now + timedelta(seconds=lease_seconds())
    lease.heartbeat_at = now
    lease.save(
        update_fields=["worker_id", "host", "pid", "attempts", "lease_until", "heartbeat_at"]
    )
    return lease


def renew_lease(task_id, worker_id: str) -> bool:
    """Extend a lease this worker still holds; False when another took the task over."""
    now = timezone.now()
    return bool(
        TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(
            lease_until=now + timedelta(seconds=lease_seconds()), heartbeat_at=now
        )
    )


def end_lease(task_id, worker_id: str) -> None:
    TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(lease_until=None)


class Heartbeat(threading.Thread):
    """Renews a running task's lease every third of the lease period, until told to stop.

    It stops renewing at the task's time limit (plus one lease) even if the task has not
    returned, so a task stuck where the worker cannot interrupt it still loses its lease.
    """

    def __init__(self, task_id, worker_id: str, deadline: datetime) -> None:
        super().__init__(name=f"heartbeat-{task_id}", daemon=True)
        self.task_id = task_id
        self.worker_id = worker_id
        self.deadline = deadline
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = lease_seconds() / 3
        try:
            while not self.stopped.wait(interval):
                if timezone.now() > self.deadline:
                    return
                try:
                    if not renew_lease(self.task_id, self.worker_id):
                        return
                except DatabaseError:  # a busy SQLite file: try again next beat
                    logger.warning("Could not renew the lease on task %s", self.task_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=lease_seconds())


@dataclass
class Sweep:
    """What one sweep did: tasks queued again and tasks given up on, by id."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a zombie, killed but not reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()  # Linux; elsewhere trust kill(0)
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _abandoned(result: DBTaskResult, now: datetime) -> bool:
    lease = getattr(result, "lease", None)
    if lease is not None and lease.lease_until is not None:
        if lease.lease_until >= now:
            return False
        overdue = lease.lease_until < now - timedelta(seconds=policy_for(result.task_path).seconds)
        if lease.pid and lease.host == socket.gethostname() and not overdue:
            # Same machine: believe the process, not the clock (a busy SQLite file can
            # delay a heartbeat past the lease while the task is still working). Past the
            # task's time limit, a live pid is more likely reused than still ours.
            return not process_alive(lease.pid)
        return True
    # No live lease: claimed by a worker without leases, or killed between claim and lease.
    # Wait for the task's whole time limit before calling it dead.
    limit = policy_for(result.task_path).seconds + lease_seconds()
    return result.started_at is None or result.started_at < now - timedelta(seconds=limit)


def recover_abandoned(now: datetime | None = None) -> Sweep:
    """Queue again (or fail) every running task whose worker stopped renewing its lease."""
    now = now or timezone.now()
    sweep = Sweep()
    running = DBTaskResult.objects.running().select_related("lease")
    for result in running:
        if not _abandoned(result, now):
            continue
        lease = getattr(result, "lease", None)
        attempts = lease.attempts if lease is not None else 1
        policy = policy_for(result.task_path)
        message = f"The worker running this task stopped (try {attempts} of {policy.attempts})."
        if attempts < policy.attempts:
            if requeue(result, message):
                sweep.requeued.append(str(result.pk))
        elif give_up(result, f"{message} No tries left.", exception_path=ABANDONED):
            sweep.failed.append(str(result.pk))
    return sweep


def requeue(result: DBTaskResult, note: str) -> bool:
    """Put a running task back in the queue for another try (if no one changed it since)."""
    with transaction.atomic():
        changed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        if not changed:
            return False
        TaskLease.objects.update_or_create(
            task_id=result.pk, defaults={"lease_until": None, "worker_id": "", "note": note}
        )
        audit.record(
            "core.task_requeued",
            actor_label="system",
            data={"task": str(result.pk), "task_path": result.task_path, "note": note},
        )
    logger.warning("Task %s queued again: %s", result.pk, note)
    return True


def give_up(result: DBTaskResult, message: str, *, exception_path: str) -> bool:
    """Mark a running task failed for good and its app object failed with it."""
    with transaction.atomic():
        changed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=exception_path,
            traceback=message,
            return_value=None,
        )
        if not changed:
            return False
        TaskLease.objects.update_or_create(
            task_id=result.pk, defaults={"lease_until": None, "note": message}
        )
        mark_app_failed(result, message)
        audit.record(
            "core.task_failed",
            actor_label="system",
            data={"task": str(result.pk), "task_path": result.task_path, "message": message},
        )
    logger.error("Task %s failed: %s", result.pk, message)
    return True


def mark_app_failed(result: DBTaskResult, message: str) -> None:
    """Tell the task's app object it failed (it must not show "running" for ever)."""
    policy = policy_for(result.task_path)
    if policy.on_give_up is None:
        return
    args = result.args_kwargs.get("args", [])
    kwargs = result.args_kwargs.get("kwargs", {})
    with transaction.atomic():
        policy.on_give_up(args, kwargs, message)


class Sweeper(threading.Thread):
    """A worker's background sweep: once a lease period, recover what dead workers left."""

    def __init__(self) -> None:
        super().__init__(name="task-sweeper", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_seconds()):
                close_old_connections()
                try:
                    recover_abandoned()
                except DatabaseError:
                    logger.warning("Sweep for abandoned tasks failed; trying again later")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
