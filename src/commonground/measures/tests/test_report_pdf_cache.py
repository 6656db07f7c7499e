"""The public Board report PDF costs seconds of CPU to make, and anyone may ask for it: an
unchanged report is rendered once and then read from the shared cache, a change to its data
renders it anew, and concurrent first requests do not all render (the rest get the 202 "being
prepared" page that reloads itself). Renders are counted through ``core.pdf.pdf_rendered``.
These tests run the render task at once (TASK_BACKEND=immediate); test_report_pdf_background
runs it on the database queue."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.core.pdf import pdf_rendered
from commonground.measures import actions

from .conftest import HEADER

REPORT = reverse("measures:report_pdf") + "?quarter=2021-Q4"


@pytest.fixture
def renders(settings, tmp_path):
    """The number of PDFs rendered so far, in a cache of this test's own."""
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    count = []

    def counted(sender, size, **kwargs):
        count.append(size)

    pdf_rendered.connect(counted)
    yield count
    pdf_rendered.disconnect(counted)


def test_repeated_requests_for_an_unchanged_report_render_once(renders, figures, client):
    bodies = [client.get(REPORT) for _ in range(4)]
    bodies.append(Client().get(REPORT, headers={"accept-language": "en"}))

    assert len(renders) == 1
    assert all(r.status_code == 200 and r.content.startswith(b"%PDF") for r in bodies)
    assert len({r.content for r in bodies}) == 1
    assert 'filename="board-report-2021-Q4-en.pdf"' in bodies[-1]["Content-Disposition"]


def test_new_figures_make_the_next_request_render_anew(renders, figures, police, client):
    first = client.get(REPORT)
    upload = actions.receive_upload(
        police,
        file_name="more.csv",
        content=(HEADER + "hate-crimes,E08000032,2021,,1900,,").encode(),  # corrected
        actor_label="t",
    )
    assert actions.accept_upload(upload).status == "accepted", upload.report

    second = client.get(REPORT)
    third = client.get(REPORT)

    assert len(renders) == 2
    assert first.content != second.content == third.content


def test_each_language_and_quarter_is_its_own_version(renders, figures, client):
    client.get(REPORT)
    client.get("/ur" + REPORT)
    client.get(reverse("measures:report_pdf") + "?quarter=2020-Q4")
    client.get("/ur" + REPORT)

    assert len(renders) == 3


def test_a_request_while_the_same_pdf_renders_is_told_to_come_back(renders, figures, client):
    during = []

    def meanwhile(sender, **kwargs):
        if not during:  # a second reader asks while the first PDF is still being made
            during.append(Client().get(REPORT))

    pdf_rendered.connect(meanwhile)
    try:
        first = client.get(REPORT)
    finally:
        pdf_rendered.disconnect(meanwhile)

    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    waiting = during[0]
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "5"
    assert "This PDF is being prepared" in waiting.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in waiting.content.decode()
    assert len(renders) == 1
    assert client.get(REPORT).status_code == 200 and len(renders) == 1  # then from the cache


def test_render_slots_cap_how_many_different_pdfs_render_at_once(
    renders, figures, client, settings
):
    settings.PDF_RENDER_SLOTS = 1
    during = []

    def meanwhile(sender, **kwargs):
        if not during:  # someone asks for another quarter while one PDF renders
            during.append(Client().get(reverse("measures:report_pdf") + "?quarter=2020-Q4"))

    pdf_rendered.connect(meanwhile)
    try:
        client.get(REPORT)
    finally:
        pdf_rendered.disconnect(meanwhile)

    assert during[0].status_code == 202 and during[0]["Retry-After"] == "5"
    assert len(renders) == 1
    # the busy slot dropped that version's claim, so its page's next reload queues it again
    again = client.get(reverse("measures:report_pdf") + "?quarter=2020-Q4")
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    assert len(renders) == 2
