"""Fault tests: kill -9 the task worker mid-task, start another, and the work completes.

Real processes, as an operator runs them: `commonground task-worker` on a database both
processes see (a SQLite file, then a PostgreSQL database of its own), a real task of the
project on real data (Bradford's geography, made slow by a pause after it is saved), the
first worker killed with SIGKILL while the task is running, a second worker started. The
second must find the dead worker's task (its lease runs out), run it again, and leave the
same areas as one clean load: 30 wards, no area twice. Every wait has a time limit.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.engine

WORKER = "task-worker"  # the command under test
LEASE_SECONDS = "2"
PG = "postgres://postgres@127.0.0.1:5432"


def cli(env: dict[str, str], *args: str, timeout: int = 180) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "commonground.cli", *args],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def shell(env: dict[str, str], code: str) -> str:
    return cli(env, "shell", "-v", "0", "-c", code).strip()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "commonground.cli", WORKER, "--interval", "0.2",
         "--no-startup-delay"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def wait_for(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def task_state(env: dict[str, str], task_id: str) -> dict[str, str]:
    out = shell(env, (
        "from django_tasks_db.models import DBTaskResult as R;"
        f"r = R.objects.get(id='{task_id}');"
        "print(r.status, len(r.worker_ids), len(set(r.worker_ids)), sep='|')"
    ))  # fmt: skip
    status, claims, workers = out.split("|")
    return {"status": status, "claims": claims, "workers": workers}


def areas_summary(env: dict[str, str]) -> str:
    return shell(env, (
        "from commonground.core.models import Area;"
        "from django.db.models import Count;"
        "print(Area.objects.wards().count(), Area.objects.count(),"
        " Area.objects.values('code').annotate(n=Count('pk')).filter(n__gt=1).count())"
    ))  # fmt: skip


def kill_worker_mid_task_then_recover(env: dict[str, str], tmp_path: Path) -> None:
    cli(env, "migrate", "-v", "0")
    uk = str(settings.SHARED_DIR / "data" / "uk")
    markers = tmp_path / "markers"
    markers.mkdir()
    task_id = shell(env, (
        "from commonground.core.tests.slow_tasks import slow_load_areas;"
        f"print(slow_load_areas.enqueue('E08000032', '{uk}', '{markers}', 15).id)"
    ))  # fmt: skip
    log = tmp_path / "workers.log"
    first = start_worker(env, log)
    try:
        wait_for(lambda: any(markers.iterdir()), timeout=120, what="the first try to load")
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies mid-task (15 s left to run)
        first.wait(timeout=10)
        assert task_state(env, task_id)["status"] == "RUNNING"  # stuck, as before the fix

        second = start_worker(env, log)
        try:
            wait_for(
                lambda: task_state(env, task_id)["status"] in ("SUCCESSFUL", "FAILED"),
                timeout=120,
                what="the second worker to finish the task",
            )
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    state = task_state(env, task_id)
    assert state == {"status": "SUCCESSFUL", "claims": "2", "workers": "2"}, log.read_text()
    wards, total, doubled = areas_summary(env).split()
    assert (wards, doubled) == ("30", "0")
    assert int(total) > 30
    requeued = shell(env, (
        "from commonground.core.models import AuditEvent;"
        "print(AuditEvent.objects.filter(action='core.task_requeued').count())"
    ))  # fmt: skip
    assert requeued == "1"


@pytest.fixture
def operator_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        COMMONGROUND_VAR_DIR=str(tmp_path), SECRET_KEY="test", PYTHONPATH="src",
        TASK_BACKEND="database", TASK_LEASE_SECONDS=LEASE_SECONDS,
    )  # fmt: skip
    return env


def test_killed_worker_task_completes_after_restart_on_sqlite(operator_env, tmp_path):
    kill_worker_mid_task_then_recover(operator_env, tmp_path)


@pytest.fixture
def postgres_env(operator_env):
    name = f"cg_tasks_fault_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**operator_env, "DATABASE_URL": f"{PG}/{name}"}
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_killed_worker_task_completes_after_restart_on_postgresql(postgres_env, tmp_path):
    kill_worker_mid_task_then_recover(postgres_env, tmp_path)


def test_killed_rq_worker_job_is_retried_by_the_next_worker(operator_env, tmp_path):
    """Redis: RQ's own recovery. The killed worker's job stays in StartedJobRegistry until its
    heartbeat lapses (at least 60 s in RQ); the next worker's maintenance finds it abandoned
    and, because our backend gave it retries, queues it again instead of failing it."""
    import redis

    url = "redis://127.0.0.1:6379/14"
    redis.Redis.from_url(url).flushdb()
    env = {**operator_env, "TASK_BACKEND": "redis", "REDIS_URL": url}
    cli(env, "migrate", "-v", "0")
    uk = str(settings.SHARED_DIR / "data" / "uk")
    markers = tmp_path / "markers"
    markers.mkdir()
    job_id = shell(env, (
        "from commonground.core.tests.slow_tasks import slow_load_areas;"
        f"print(slow_load_areas.enqueue('E08000032', '{uk}', '{markers}', 15).id)"
    ))  # fmt: skip
    rq_worker = [sys.executable, "-m", "commonground.cli", "rqworker", "default",
                 "--job-class", "django_tasks_rq.backend.Job"]  # fmt: skip
    log = (tmp_path / "rq.log").open("ab")

    def job(field: str) -> str:
        return shell(env, (
            "import django_rq; q = django_rq.get_queue('default');"
            f"j = q.fetch_job('{job_id}'); print({field})"
        ))  # fmt: skip

    def expired() -> bool:
        return job("len(q.started_job_registry.get_expired_job_ids())") != "0"

    first = subprocess.Popen(rq_worker, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        wait_for(lambda: any(markers.iterdir()), timeout=120, what="the first try to load")
        for pid in children(first.pid):  # the work-horse runs in a session of its own
            os.kill(pid, signal.SIGKILL)
        os.killpg(first.pid, signal.SIGKILL)  # worker and work-horse die mid-job
        first.wait(timeout=10)
        wait_for(expired, timeout=150, what="RQ to see the job abandoned")
        second = subprocess.Popen(
            rq_worker, env=env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            wait_for(
                lambda: job("j.get_status().value") in ("finished", "failed"),
                timeout=150,
                what="the second worker to finish the job",
            )
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert job("j.get_status().value, j.retries_left") == "finished 1"  # 3 tries, 1 used up
    wards, _total, doubled = areas_summary(env).split()
    assert (wards, doubled) == ("30", "0")
