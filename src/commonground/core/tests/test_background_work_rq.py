"""The "Background work" page on the Redis queue (RQ): failed jobs shown, "Try again" works.

A real project task (`core.load_areas_task`, given a data folder that does not exist) is
queued on Redis through the project's RQ backend and run by a real `rqworker --burst`
process, so it fails every try RQ gives it and lands in RQ's failed registry. The page must
show it with its error; "Try again" must queue the same task again, audited, once.
Redis database 12 (11 for a second pytest-xdist worker) is this module's own (emptied before and
after).
"""

import os
import subprocess
import sys
import time

import django_rq
import pytest
import redis
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from rq.registry import FailedJobRegistry

from commonground.core.jobs import listing
from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.core.tasks import load_areas_task
from commonground.core.tests import slow_tasks
from commonground.testing.people import make_user

# Every test here empties its Redis database, so each pytest-xdist worker gets its own
# (12 for gw0, 11 for gw1, …): otherwise one worker's flush removes another's jobs mid-test.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{12 - _WORKER}"
TITLE = "Load a district's areas"
NOWHERE = "/nowhere/cg-tasksrq"


@pytest.fixture
def rq_backend(db, tmp_path):
    """Settings as `TASK_BACKEND=redis` gives them, on an emptied Redis database."""
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    connection.flushdb()
    with override_settings(
        TASK_BACKEND="redis",
        REDIS_URL=REDIS_URL,
        TASKS={
            "default": {
                "BACKEND": "commonground.core.jobs.rq.RecoveringRQBackend",
                "QUEUES": ["default"],
            }
        },
        RQ_QUEUES={"default": {"URL": REDIS_URL}},
        TASK_MAX_ATTEMPTS=2,
    ):
        yield
    connection.flushdb()


def worker_command(tmp_path) -> tuple[list[str], dict[str, str]]:
    """A real RQ worker, as an operator starts it, until the queue is empty (--burst)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        COMMONGROUND_VAR_DIR=str(tmp_path), SECRET_KEY="test", PYTHONPATH="src",
        TASK_BACKEND="redis", REDIS_URL=REDIS_URL, TASK_MAX_ATTEMPTS="2",
    )  # fmt: skip
    command = [sys.executable, "-m", "commonground.cli", "rqworker", "default", "--burst",
               "--job-class", "django_tasks_rq.backend.Job"]  # fmt: skip
    return command, env


def run_burst_worker(tmp_path) -> None:
    command, env = worker_command(tmp_path)
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def failed_job(rq_backend, tmp_path) -> str:
    queued = load_areas_task.enqueue("E08000032", NOWHERE)
    assert [item.id for item in listing.background_work()["waiting"]] == [queued.id]
    run_burst_worker(tmp_path)
    queue = django_rq.get_queue("default")
    assert queued.id in FailedJobRegistry(queue=queue)
    return queued.id


def test_officers_see_failed_rq_work_and_try_it_again(client, failed_job):
    officer = make_user("officer", Role.OFFICER)
    client.force_login(officer)
    retry_url = reverse("core:background_work_retry", args=[failed_job])

    page = client.get(reverse("core:background_work"))
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(TITLE) in html
    assert "E08000032" in html  # the object the task was for, from its policy
    assert f"AreaDataError: {NOWHERE}/" in html and "file not found" in html  # last line
    assert retry_url in html
    (item,) = listing.background_work()["failed"]
    assert (item.id, item.attempts, item.max_attempts) == (failed_job, 2, 2)

    response = client.post(retry_url)

    assert response.status_code == 302
    queue = django_rq.get_queue("default")
    (again_id,) = queue.get_job_ids()
    assert again_id != failed_job
    again = queue.fetch_job(again_id)
    assert again.func_name == load_areas_task.module_path
    assert (list(again.args), again.kwargs) == (["E08000032", NOWHERE], {})
    assert again.retries_left == 1  # the task's own tries, as a first enqueue gets
    event = AuditEvent.objects.get(action="core.task_retried")
    assert event.actor == officer
    assert event.data["task"] == failed_job and event.data["new_task"] == again_id
    assert failed_job not in FailedJobRegistry(queue=queue)
    work = listing.background_work()
    assert work["failed"] == []
    assert [item.id for item in work["waiting"]] == [again_id]
    assert retry_url not in client.get(reverse("core:background_work")).content.decode()

    client.post(retry_url)  # twice: refused, nothing queued or audited again
    assert queue.get_job_ids() == [again_id]
    assert AuditEvent.objects.filter(action="core.task_retried").count() == 1


def test_only_officers_see_rq_work_or_try_it_again(client, failed_job):
    retry_url = reverse("core:background_work_retry", args=[failed_job])
    queue = django_rq.get_queue("default")

    anonymous = client.get(reverse("core:background_work"))
    assert anonymous.status_code in (302, 403)
    assert failed_job not in anonymous.content.decode()
    client.post(retry_url)

    client.force_login(make_user("resident", Role.RESIDENT))
    assert client.get(reverse("core:background_work")).status_code == 403
    client.post(retry_url)

    assert queue.get_job_ids() == []
    assert failed_job in FailedJobRegistry(queue=queue)
    assert not AuditEvent.objects.filter(action="core.task_retried").exists()


def test_officers_see_running_and_waiting_rq_work(client, rq_backend, tmp_path):
    """One worker: the first job runs (until the test lets it go), the second waits."""
    first_go, second_go = tmp_path / "first", tmp_path / "second"
    running = slow_tasks.wait_for_file.enqueue(str(first_go), 60)
    waiting = slow_tasks.wait_for_file.enqueue(str(second_go), 60)
    client.force_login(make_user("officer", Role.OFFICER))
    command, env = worker_command(tmp_path)
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not listing.background_work()["running"] and time.monotonic() < deadline:
            time.sleep(0.2)
        work = listing.background_work()
        html = client.get(reverse("core:background_work")).content.decode()
    finally:
        first_go.touch()
        second_go.touch()
        _out, errors = worker.communicate(timeout=60)
    assert worker.returncode == 0, errors[-3000:]
    assert [(item.id, item.attempts, item.max_attempts) for item in work["running"]] == [
        (running.id, 1, 1)
    ]
    assert [item.id for item in work["waiting"]] == [waiting.id]
    assert work["failed"] == []
    assert html.count("Wait for a file (for tests)") == 2
    assert "Nothing is running." not in html and "Nothing is waiting." not in html


def test_try_again_with_an_id_that_is_no_task_says_so_on_the_database_queue(client, db):
    """The retry address takes RQ's ids too; on the database queue a non-UUID is no task."""
    client.force_login(make_user("officer", Role.OFFICER))
    url = reverse("core:background_work_retry", args=["notAUuid0123456789abcdefABCDEFgh"])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "That task no longer exists." in response.content.decode()
    assert not AuditEvent.objects.filter(action="core.task_retried").exists()
