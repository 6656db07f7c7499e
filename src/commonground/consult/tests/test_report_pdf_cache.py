"""The public "What people said" PDF is rendered once per version of the report: repeated
downloads are read from the shared cache, and a change people would see (here a "you said,
we did" entry) makes the next download render anew. Renders are counted, not timed."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.consult import actions, analysis
from commonground.consult.models import AnalysisKind
from commonground.consult.tests.conftest import board_table
from commonground.core.pdf import pdf_rendered


@pytest.fixture
def renders(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    count = []

    def counted(sender, size, **kwargs):
        count.append(size)

    pdf_rendered.connect(counted)
    yield count
    pdf_rendered.disconnect(counted)


def test_the_report_pdf_renders_once_per_version(renders, officer, consultation):
    board_table(officer, consultation)
    analysis.run_now(consultation, AnalysisKind.PRIORITIES)
    actions.publish_report(actor=officer, consultation=consultation)
    address = reverse("consult:report_pdf", args=[consultation.slug])

    first = [Client().get(address) for _ in range(3)]
    assert len(renders) == 1
    assert all(r.status_code == 200 and r.content.startswith(b"%PDF") for r in first)

    theme = actions.create_theme(actor=officer, consultation=consultation, label="Youth clubs")
    actions.record_you_said_we_did(
        actor=officer,
        theme=theme,
        you_said="There is nowhere for teenagers to go",
        we_did="Two youth clubs open on Friday nights from June",
    )
    after = [Client().get(address) for _ in range(2)]

    assert len(renders) == 2
    assert after[0].content == after[1].content != first[0].content
