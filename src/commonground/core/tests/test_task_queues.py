"""Background work runs through the queue the environment names, nothing else changed.

Each test starts real processes as an operator would: the command queues a task, a
worker (`task-worker`, our db_worker with leases, or rqworker on Redis) runs it, and the
areas appear in the database.
They use a private SQLite file, so they run once rather than once per database.
"""

import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings

pytestmark = pytest.mark.engine


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def count_wards(env: dict[str, str]) -> int:
    code = "from commonground.core.models import Area; print(Area.objects.wards().count())"
    return int(run(env, "shell", "-v", "0", "-c", code).strip())


@pytest.fixture
def operator_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(COMMONGROUND_VAR_DIR=str(tmp_path), SECRET_KEY="test", PYTHONPATH="src")
    return env


def test_database_queue_runs_a_queued_task_with_task_worker(operator_env):
    env = {**operator_env, "TASK_BACKEND": "database"}
    run(env, "migrate", "-v", "0")
    uk = str(settings.SHARED_DIR / "data" / "uk")

    task_id = run(env, "load-areas", "--background", "--data-dir", uk).strip()
    assert count_wards(env) == 0  # queued, not yet run
    run(env, "task-worker", "--batch", "--no-startup-delay")

    assert count_wards(env) == 30
    status = run(env, "shell", "-v", "0", "-c", (
        "from django_tasks_db.models import DBTaskResult;"
        f"print(DBTaskResult.objects.get(id='{task_id}').status)"
    ))  # fmt: skip
    assert status.strip() == "SUCCESSFUL"
    lease = run(env, "shell", "-v", "0", "-c", (
        "from commonground.core.models import TaskLease;"
        f"l = TaskLease.objects.get(task_id='{task_id}');"
        "print(l.attempts, l.lease_until)"
    ))  # fmt: skip
    assert lease.split() == ["1", "None"]  # one try, lease given back


def test_redis_queue_runs_a_queued_task_with_rqworker(operator_env):
    url = "redis://127.0.0.1:6379/13"
    redis.Redis.from_url(url).flushdb()
    env = {**operator_env, "TASK_BACKEND": "redis", "REDIS_URL": url}
    run(env, "migrate", "-v", "0")
    uk = str(settings.SHARED_DIR / "data" / "uk")

    run(env, "load-areas", "--background", "--data-dir", uk)
    assert count_wards(env) == 0
    run(env, "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.backend.Job")

    assert count_wards(env) == 30


def test_redis_jobs_carry_the_task_time_limit_and_tries(operator_env):
    """On Redis, RQ enforces the task's declared limit (job timeout) and retries (Retry)."""
    url = "redis://127.0.0.1:6379/13"
    redis.Redis.from_url(url).flushdb()
    env = {**operator_env, "TASK_BACKEND": "redis", "REDIS_URL": url, "TASK_MAX_ATTEMPTS": "4"}
    out = run(env, "shell", "-v", "0", "-c", (
        "import django_rq;"
        "from commonground.core.tasks import load_areas_task;"
        "r = load_areas_task.enqueue('E08000032', '/nowhere');"
        "job = django_rq.get_queue('default').fetch_job(r.id);"
        "print(job.timeout, job.retries_left, job.get_status().value)"
    ))  # fmt: skip
    assert out.split() == ["900", "3", "queued"]
