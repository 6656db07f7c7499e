"""Leases, the recovery sweep, time limits and the officers' "Background work" page.

These run in the test's database on the database queue (the embedded default), with the
worker's pieces called directly; the fault tests beside them kill real worker processes.
"""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.core.jobs import listing, recovery
from commonground.core.jobs.worker import RecoveringWorker
from commonground.core.models import AuditEvent, TaskLease
from commonground.core.roles import Role
from commonground.core.tests import slow_tasks
from commonground.testing.people import make_user

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(db):
    with override_settings(TASKS=DATABASE_QUEUE, TASK_LEASE_SECONDS=60):
        yield


def claimed(task_result_id, worker: str = "w-dead") -> DBTaskResult:
    """Claim a queued task as a worker would, and take its lease."""
    result = DBTaskResult.objects.get(pk=task_result_id)
    result.claim(worker)
    recovery.start_lease(result, worker)
    return DBTaskResult.objects.select_related("lease").get(pk=task_result_id)


def kill(result: DBTaskResult) -> None:
    """What a dead worker on another machine leaves: a lease nobody renews, run out."""
    TaskLease.objects.filter(task=result).update(
        lease_until=timezone.now() - timedelta(seconds=1), host="elsewhere", pid=1
    )


def test_a_task_whose_worker_died_is_queued_again_then_failed(db_queue):
    queued = slow_tasks.sleep_past_limit.enqueue(0)  # 2 tries in all

    kill(claimed(queued.id))
    sweep = recovery.recover_abandoned()

    assert sweep.requeued == [str(queued.id)] and sweep.failed == []
    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == TaskResultStatus.READY and result.started_at is None
    assert recovery.recover_abandoned().requeued == []  # nothing left to recover

    kill(claimed(queued.id, "w-dead-again"))
    sweep = recovery.recover_abandoned()

    assert sweep.failed == [str(queued.id)]
    result = DBTaskResult.objects.select_related("lease").get(pk=queued.id)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == recovery.ABANDONED
    assert result.lease.attempts == 2
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions.count("core.task_requeued") == 1 and actions.count("core.task_failed") == 1


def test_a_live_lease_and_a_live_worker_on_this_machine_are_left_alone(db_queue):
    queued = slow_tasks.slow_load_areas.enqueue("E08000032", "/nowhere", "/nowhere", 0)
    result = claimed(queued.id)
    assert recovery.recover_abandoned().requeued == []  # lease still running

    # Lease run out, but its worker is this very process: a delayed heartbeat, not a death.
    TaskLease.objects.filter(task=result).update(lease_until=timezone.now() - timedelta(seconds=5))
    assert recovery.recover_abandoned().requeued == []
    assert DBTaskResult.objects.get(pk=queued.id).status == TaskResultStatus.RUNNING

    # Run out by more than the task's time limit (120 s): the pid is believed no longer.
    long_ago = timezone.now() - timedelta(seconds=121)
    TaskLease.objects.filter(task=result).update(lease_until=long_ago)
    assert recovery.recover_abandoned().requeued == [str(queued.id)]


def test_a_task_stuck_running_from_before_leases_is_recovered_after_its_time_limit(db_queue):
    queued = slow_tasks.slow_load_areas.enqueue("E08000032", "/nowhere", "/nowhere", 0)
    DBTaskResult.objects.get(pk=queued.id).claim("old-db-worker")  # no lease at all
    assert recovery.recover_abandoned().requeued == []  # may still be running

    long_ago = timezone.now() - timedelta(seconds=120 + 60 + 1)  # time limit + one lease
    DBTaskResult.objects.filter(pk=queued.id).update(started_at=long_ago)
    assert recovery.recover_abandoned().requeued == [str(queued.id)]


def test_a_task_past_its_time_limit_is_stopped_tried_again_then_failed(db_queue):
    queued = slow_tasks.sleep_past_limit.enqueue(30)  # limit 1 s, 2 tries
    worker = RecoveringWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="w-here", excluded_queue_names=[],
    )  # fmt: skip

    result = DBTaskResult.objects.get(pk=queued.id)
    result.claim("w-here")
    worker.run_task(result)
    assert DBTaskResult.objects.get(pk=queued.id).status == TaskResultStatus.READY

    result = DBTaskResult.objects.get(pk=queued.id)
    result.claim("w-here")
    worker.run_task(result)
    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == recovery.TIMED_OUT
    assert "limit of 1 s" in result.traceback


@pytest.fixture
def failed_task(db_queue):
    queued = slow_tasks.sleep_past_limit.enqueue(0)
    for worker in ("w1", "w2"):
        kill(claimed(queued.id, worker))
        recovery.recover_abandoned()
    return DBTaskResult.objects.get(pk=queued.id)


def test_officers_see_failed_work_and_try_it_again(client, failed_task):
    officer = make_user("officer", Role.OFFICER)
    client.force_login(officer)

    page = client.get(reverse("core:background_work"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sleep past its limit (for tests)" in html
    assert "The worker running it stopped, 2 times." in html
    assert reverse("core:background_work_retry", args=[failed_task.pk]) in html

    response = client.post(reverse("core:background_work_retry", args=[failed_task.pk]))

    assert response.status_code == 302
    again = DBTaskResult.objects.exclude(pk=failed_task.pk).get()
    assert again.status == TaskResultStatus.READY
    assert again.args_kwargs == failed_task.args_kwargs
    assert TaskLease.objects.get(task=failed_task).retried_as == again.pk
    event = AuditEvent.objects.get(action="core.task_retried")
    assert event.actor == officer and event.data["new_task"] == str(again.pk)
    assert listing.background_work()["failed"] == []
    assert [item.id for item in listing.background_work()["waiting"]] == [str(again.pk)]

    client.post(reverse("core:background_work_retry", args=[failed_task.pk]))  # twice: no
    assert DBTaskResult.objects.count() == 2


def test_only_officers_see_background_work_or_try_again(client, failed_task):
    client.force_login(make_user("resident", Role.RESIDENT))
    assert client.get(reverse("core:background_work")).status_code == 403
    client.post(reverse("core:background_work_retry", args=[failed_task.pk]))
    assert DBTaskResult.objects.count() == 1
    assert not AuditEvent.objects.filter(action="core.task_retried").exists()


def test_the_navigation_links_background_work_for_officers_only(client, db):
    link = f'href="{reverse("core:background_work")}"'
    client.force_login(make_user("officer", Role.OFFICER))
    assert link in client.get(reverse("core:home")).content.decode()
    client.force_login(make_user("resident", Role.RESIDENT))
    assert link not in client.get(reverse("core:home")).content.decode()
