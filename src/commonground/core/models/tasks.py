"""Leases on background tasks: who runs each one, until when, and how many tries it has had.

The database queue (``django_tasks_db``) marks a task ``RUNNING`` when a worker claims it and
nothing else; a worker killed mid-task leaves it ``RUNNING`` for ever. A lease says which
worker holds the task and until when; the worker's heartbeat renews it while the task runs, so
a lease that has run out means its worker is gone and the task can be queued again
(``commonground.core.jobs.recovery``). Kept beside the queue's own row, not in it, so the
queue library stays unmodified.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """The live claim on one queued task, and what the platform did when a claim ran out."""

    task = models.OneToOneField(
        DBTaskResult, on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64, blank=True)
    # Where the worker runs: on the same machine a sweep can ask whether it still lives, which
    # matters on SQLite, where a task's long write can hold up its own heartbeat.
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    retried_as = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["lease_until"])]

    def __str__(self) -> str:
        return f"lease on {self.task_id} by {self.worker_id or '-'}"

    @property
    def is_live(self) -> bool:
        return self.lease_until is not None and self.lease_until >= timezone.now()
