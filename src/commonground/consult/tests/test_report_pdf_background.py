""" "What people said" as a PDF is made in the background like the Board report: the first
request on the database queue gets the self-reloading "being prepared" page, the queued task
makes the file, and the download then comes from the cache as a tagged PDF with a title and
a language."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from commonground.consult import actions, analysis
from commonground.consult.models import AnalysisKind
from commonground.consult.tests.conftest import board_table
from commonground.core import pdf
from commonground.testing.pdfcheck import pdf_facts

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_PATH = "commonground.core.pdf.render_pdf_version"


@pytest.fixture
def published(officer, consultation):
    board_table(officer, consultation)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    actions.publish_report(actor=officer, consultation=consultation)
    return consultation


def test_the_report_pdf_is_prepared_in_the_background_then_downloaded(
    published, settings, tmp_path
):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    address = reverse("consult:report_pdf", args=[published.slug])

    with override_settings(TASKS=DATABASE_QUEUE):
        first = Client().get(address)
        (queued,) = DBTaskResult.objects.filter(task_path=TASK_PATH)
        outcome = pdf.render_pdf_version.call(*queued.args_kwargs["args"])
        ready = Client().get(address)

    assert first.status_code == 202 and first["Retry-After"] == "5"
    assert '<meta http-equiv="refresh" content="5">' in first.content.decode()
    assert outcome == "rendered"
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")
    assert f'filename="{published.slug}-what-people-said.pdf"' in ready["Content-Disposition"]
    facts = pdf_facts(ready.content)
    assert facts.tagged and facts.shows_title and facts.lang == "en"
    assert facts.title and published.title[:20] in facts.title
