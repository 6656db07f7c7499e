"""The Redis queue (RQ) with each task's declared time limit and tries.

RQ already has what the database worker needed adding: a job timeout (the work-horse is
killed when it passes it), ``Retry`` (a failed job is queued again while it has retries left)
and abandoned-job cleaning (a worker that dies leaves its job in ``StartedJobRegistry``; when
its heartbeat lapses any worker's maintenance retries it or moves it to the failed registry
with ``AbandonedJobError``). ``django_tasks_rq`` enqueues without the first two, so a task got
RQ's 180-second default and no retries; this backend passes the task's policy to RQ and, when
a job finally fails, marks the task's app object failed as the database worker does.
"""

from __future__ import annotations

import django_rq
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq.backend import Job, RQBackend, failed_callback, success_callback
from rq import Retry
from rq.job import Callback, JobStatus

from .policy import policy_for


def failed_finally(job: Job, connection, exc_type, exc_value, tb) -> None:
    """RQ's failure callback: record as django_tasks_rq does; if no tries are left, tell the
    app object (RQ calls this before it decides whether to retry)."""
    failed_callback(job, connection, exc_type, exc_value, tb)
    if job.retries_left:
        return
    policy = policy_for(job.func_name)
    if policy.on_give_up is not None:
        message = f"{getattr(exc_type, '__name__', exc_type)}: {exc_value}"
        policy.on_give_up(list(job.args), dict(job.kwargs), message)


class RecoveringRQBackend(RQBackend):
    """django_tasks_rq's backend, enqueuing with the task's time limit and retries."""

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        policy = policy_for(task.module_path)
        result = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY,
            enqueued_at=None, started_at=None, last_attempted_at=None, finished_at=None,
            args=args, kwargs=kwargs, backend=self.alias, errors=[], worker_ids=[],
        )  # fmt: skip
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        retries = policy.attempts - 1
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=result.id,
            timeout=policy.seconds,
            retry=Retry(max=retries) if retries > 0 else None,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_finally),
            on_success=Callback(success_callback),
            # the tries allowed, for the Background work page's "try n of m"
            meta={"backend_name": self.alias, "cg_max_attempts": policy.attempts},
        )
        if task.run_after is None:
            job = queue.enqueue_job(job)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)
        return result
