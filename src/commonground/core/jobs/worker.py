"""The database-queue worker with leases, a heartbeat, a time limit and recovery.

``django_tasks_db``'s worker claims a task, runs it and records the outcome; if it is killed
in between, the task stays ``RUNNING`` for ever. This worker runs the same loop and adds:

* a lease per try, renewed by a heartbeat thread while the task runs;
* a sweep at start and once a lease period that queues again tasks whose lease ran out
  (their worker died), up to the task's tries, then marks them and their object failed;
* the task's time limit (SIGALRM in the worker's main thread, as RQ does): a task past it is
  stopped and tried again while tries remain, else failed;
* an operator's stop (SIGTERM twice, Ctrl-C twice) queues the interrupted task again rather
  than failing it.
"""

from __future__ import annotations

import logging
import signal
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.db.utils import DatabaseError
from django.tasks import TaskContext
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import recovery
from .policy import policy_for

logger = logging.getLogger("commonground.jobs")


@contextmanager
def time_limit(seconds: int):
    """Raise TaskTimeLimit in the block after `seconds` (main thread only; else no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise recovery.TaskTimeLimit(f"The task ran for longer than its limit of {seconds} s.")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class RecoveringWorker(Worker):
    """`db_worker`'s loop, with leases, heartbeats, time limits and the recovery sweep."""

    def run(self) -> None:
        try:
            recovery.recover_abandoned()
        except DatabaseError:  # e.g. a locked SQLite file: the sweeper thread tries again
            logger.warning("The first sweep for abandoned tasks failed; trying again later")
        sweeper = recovery.Sweeper()
        sweeper.start()
        try:
            super().run()
        finally:
            sweeper.stop()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        policy = policy_for(db_task_result.task_path)
        self.running_task = True
        lease = recovery.start_lease(db_task_result, self.worker_id)
        deadline = timezone.now() + timedelta(seconds=policy.seconds + recovery.lease_seconds())
        heartbeat = recovery.Heartbeat(db_task_result.pk, self.worker_id, deadline)
        heartbeat.start()
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            with time_limit(policy.seconds):
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=task_result),
                        *task_result.args,
                        **task_result.kwargs,
                    )
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except recovery.TaskTimeLimit as error:
            heartbeat.stop()
            if lease.attempts < policy.attempts:
                recovery.requeue(
                    db_task_result,
                    f"{error} Queued again (try {lease.attempts} of {policy.attempts}).",
                )
            else:
                recovery.give_up(
                    db_task_result,
                    f"{error} No tries left ({policy.attempts}).",
                    exception_path=recovery.TIMED_OUT,
                )
        except (KeyboardInterrupt, SystemExit):
            # The operator stopped the worker mid-task: not the task's fault, so run it again
            # (without counting this try) and let the worker exit.
            heartbeat.stop()
            recovery.TaskLease.objects.filter(task_id=db_task_result.pk).update(
                attempts=max(0, lease.attempts - 1)
            )
            recovery.requeue(db_task_result, "The worker was stopped; queued again.")
            raise
        except BaseException as error:
            db_task_result.set_failed(error)
            try:
                recovery.mark_app_failed(db_task_result, f"{type(error).__name__}: {error}")
            except Exception:
                logger.exception("Could not mark the object of task %s failed", db_task_result.pk)
            try:
                task_finished.send(
                    sender=type(db_task_result.task.get_backend()),
                    task_result=db_task_result.task_result,
                )
            except Exception:
                logger.exception("Task id=%s failed unexpectedly", db_task_result.pk)
        finally:
            heartbeat.stop()
            recovery.end_lease(db_task_result.pk, self.worker_id)
            self.running_task = False
            self._run_tasks += 1
