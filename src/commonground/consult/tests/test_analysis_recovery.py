"""A theme run whose worker died must not block the next one, and a rerun never doubles.

Issue 10, finding 7: killing the worker mid-theme-run left the run "running" for ever and the
consultation's theme analysis blocked for good. The run now records its task, "running" is
believed only while that task lives, the sweep that gives up on a dead task marks the run
failed, and every analysis may be run again after a crash to the same state.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.consult import analysis
from commonground.consult.models import AnalysisKind, AnalysisRun, RunStatus, ThemeProposal
from commonground.consult.tasks import run_analysis_task
from commonground.consult.tests.test_analysis import _synthetic
from commonground.core.jobs import recovery
from commonground.core.models import TaskLease

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(db):
    with override_settings(TASKS=DATABASE_QUEUE, TASK_LEASE_SECONDS=60):
        yield


def dead_theme_run(consultation, *, tries: int) -> tuple[AnalysisRun, DBTaskResult]:
    """A theme run as a killed worker leaves it: RUNNING, its task RUNNING, its lease run out."""
    run = AnalysisRun.objects.create(consultation=consultation, kind=AnalysisKind.PROPOSE)
    queued = run_analysis_task.enqueue(run.pk)
    task = DBTaskResult.objects.get(pk=queued.id)
    task.claim("killed-worker")
    TaskLease.objects.create(
        task=task, worker_id="killed-worker", attempts=tries, host="elsewhere", pid=1,
        lease_until=timezone.now() - timedelta(seconds=1),
    )  # fmt: skip
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, percent=40, task_id=str(task.pk)
    )
    return run, task


def test_a_dead_theme_run_does_not_block_a_new_one(client, officer, consultation, db_queue):
    run, task = dead_theme_run(consultation, tries=1)
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.FAILED)

    assert analysis.running(consultation, AnalysisKind.PROPOSE) is None
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED

    client.force_login(officer)
    response = client.post(reverse("consult:request_run", args=[consultation.slug, "propose"]))
    new = AnalysisRun.objects.exclude(pk=run.pk).get()
    assert response.url == new.get_absolute_url()


def test_the_sweep_marks_a_theme_run_failed_when_its_task_has_no_tries_left(consultation, db_queue):
    run, task = dead_theme_run(consultation, tries=3)

    assert recovery.recover_abandoned().failed == [str(task.pk)]

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "stopped" in run.error
    assert analysis.running(consultation, AnalysisKind.PROPOSE) is None


def test_a_theme_run_being_retried_still_counts_as_running(consultation, db_queue):
    run, task = dead_theme_run(consultation, tries=1)

    assert recovery.recover_abandoned().requeued == [str(task.pk)]

    assert analysis.running(consultation, AnalysisKind.PROPOSE) == run  # its retry will run it


def test_proposing_themes_again_after_a_crash_does_not_double_them(consultation):
    _synthetic(consultation, 40)
    run = analysis.run_now(consultation, AnalysisKind.PROPOSE)
    made = ThemeProposal.objects.filter(run=run).count()
    assert made > 0
    # The worker died after the proposals were saved but before the run was marked done.
    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    analysis.run(run.pk)

    assert ThemeProposal.objects.filter(run=run).count() == made
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.result["proposals"] == made


def test_a_run_already_done_is_not_computed_again(consultation):
    _synthetic(consultation, 20)
    run = analysis.run_now(consultation, AnalysisKind.PROPOSE)
    before = list(ThemeProposal.objects.filter(run=run).values_list("pk", flat=True))

    again = analysis.run(run.pk)

    assert again.finished_at == run.finished_at
    assert list(ThemeProposal.objects.filter(run=run).values_list("pk", flat=True)) == before
