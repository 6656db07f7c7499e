"""The Board report PDF is made in the background: a first request on the real (database)
queue gets a "being prepared" page that reloads itself, one render task is queued however
many people ask, the task makes the file, and the next request downloads it from the cache."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from commonground.core import pdf

REPORT = reverse("measures:report_pdf") + "?quarter=2021-Q4"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_PATH = "commonground.core.pdf.render_pdf_version"


@pytest.fixture
def queue(settings, tmp_path):
    """The database queue (no worker runs: the test runs the task), and a cache of its own."""
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    rendered = []

    def counted(sender, size, **kwargs):
        rendered.append(size)

    pdf.pdf_rendered.connect(counted)
    with override_settings(TASKS=DATABASE_QUEUE):
        yield rendered
    pdf.pdf_rendered.disconnect(counted)


def run_queued() -> list[str]:
    """Run every queued render task as a worker would, and say what each did."""
    outcomes = []
    for queued in DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at"):
        arguments = queued.args_kwargs
        outcomes.append(pdf.render_pdf_version.call(*arguments["args"], **arguments["kwargs"]))
    return outcomes


def test_a_first_request_gets_the_progress_page_and_the_task_makes_the_file(queue, figures):
    first = Client().get(REPORT)
    others = [Client().get(REPORT) for _ in range(3)]

    assert first.status_code == 202
    assert first["Retry-After"] == "5"
    page = first.content.decode()
    assert "This PDF is being prepared" in page
    assert '<meta http-equiv="refresh" content="5">' in page  # reloads itself, no script
    assert f'href="{REPORT.replace("&", "&amp;")}"' in page
    assert all(r.status_code == 202 for r in others)
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 1  # queued once
    assert queue == []  # nothing rendered on the request path

    assert run_queued() == ["rendered"]
    ready = Client().get(REPORT)

    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")
    assert 'filename="board-report-2021-Q4-en.pdf"' in ready["Content-Disposition"]
    assert len(queue) == 1
    assert Client().get(REPORT).content == ready.content and len(queue) == 1  # from the cache
    assert list(pdf.cache_dir().glob("*.html")) == []  # the saved page is cleaned up


def test_running_the_task_again_renders_nothing_more(queue, figures):
    Client().get(REPORT)

    assert run_queued() == ["rendered"]
    assert run_queued() == ["cached"]  # a retried task is harmless
    assert len(queue) == 1


def test_a_render_whose_worker_died_is_queued_again(queue, figures):
    import os
    import time

    Client().get(REPORT)
    (marker,) = pdf.cache_dir().glob("*.queued")
    long_ago = time.time() - pdf.RENDER_TIME_LIMIT - 120
    os.utime(marker, (long_ago, long_ago))

    Client().get(REPORT)

    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 2
    assert run_queued() == ["rendered", "cached"]
