"""The Board report as a server-made PDF: A4, running footer, no navigation, English and Urdu.

pypdf is not installed, so the text is read back through WeasyPrint's own document API: the
real download is made (view → core.pdf → WeasyPrint), and the laid-out document WeasyPrint
writes is kept; its page boxes hold the text the PDF draws, the footer's page counters
resolved.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from commonground.core.models import Pillar
from commonground.measures import views
from commonground.testing.pdfcheck import headings_at_page_foot, page_fill, pdf_facts

A4_MM = (210, 297)
MM_PER_CSS_PX = 25.4 / 96


@pytest.fixture
def laid_out(client, monkeypatch, settings, tmp_path):
    """Download the report; return its PDF bytes, laid-out document and each page's text."""
    from weasyprint import HTML

    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"  # each test renders its own PDF

    documents = []

    def write_pdf(self, *args, **kwargs):
        documents.append(self.render())
        return documents[-1].write_pdf(*args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", write_pdf)

    def download(language: str, quarter: str = "2021-Q4"):
        prefix = "" if language == "en" else f"/{language}"
        response = client.get(f"{prefix}{reverse('measures:report_pdf')}?quarter={quarter}")
        document = documents[-1]
        return response, document, [" ".join(_texts(page._page_box)) for page in document.pages]

    return download


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def test_the_report_downloads_as_a_pdf(laid_out, figures):
    response, _document, _pages = laid_out("en")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="board-report-2021-Q4-en.pdf"' in response["Content-Disposition"]


def test_the_report_page_links_to_its_pdf(client, figures):
    page = client.get(reverse("measures:report") + "?quarter=2021-Q4").content.decode()
    assert reverse("measures:report_pdf") + "?quarter=2021-Q4" in page
    assert "Download the 2021-Q4 report (PDF, A4)" in page


def test_the_pdf_has_every_pillar_and_the_figures_on_a4_pages(laid_out, figures):
    _response, document, pages = laid_out("en")
    text = " ".join(pages)

    for pillar in Pillar.objects.all():
        assert pillar.name in text
    assert "1,810" in text and "70.8%" in text  # hate crimes 2021; 1700 of 2400 satisfied
    assert "Skip to main content" not in text and "Sign in" not in text  # no navigation
    assert all(
        (round(page.width * MM_PER_CSS_PX), round(page.height * MM_PER_CSS_PX)) == A4_MM
        for page in document.pages
    )
    count = len(pages)
    assert f"Page 1 of {count}" in pages[0] and f"Page {count} of {count}" in pages[-1]
    assert "Board report, 2021-Q4" in pages[-1]


def test_the_pdf_in_urdu_reads_right_to_left(laid_out, figures):
    response, document, pages = laid_out("ur")
    text = " ".join(pages)

    html_box = document.pages[0]._page_box.children[0]
    assert html_box.style["direction"] == "rtl"
    assert response.content.startswith(b"%PDF")
    assert 'filename="board-report-2021-Q4-ur.pdf"' in response["Content-Disposition"]
    assert "1,810" in text or "۱٬۸۱۰" in text
    with translation.override("ur"):
        heading = translation.gettext("What moved this quarter")
    assert heading in text
    for pillar in Pillar.objects.all():
        assert pillar.name in text  # strategy content stays in English, marked lang="en"


@pytest.mark.parametrize(
    ("text", "css"),
    [
        ("Page %(page)s of %(pages)s", '"Page " counter(page) " of " counter(pages)'),
        ('%(pages)s "x" %(page)s', 'counter(pages) " \\"x\\" " counter(page)'),
        ("</style>", '"\\3C /style>"'),
    ],
)
def test_footer_text_becomes_css_content_with_page_counters(text, css):
    assert views.page_counter_css(text) == css


def test_the_pdf_is_tagged_with_its_title_and_language(laid_out, figures):
    """Screen readers get a structure tree, the document's title and its language."""
    english, _document, _pages = laid_out("en")
    urdu, _document, _pages = laid_out("ur")

    facts = pdf_facts(english.content)
    assert facts.tagged and facts.shows_title
    assert {"H1", "H2", "P"} <= facts.structure
    assert facts.title == "Board report, 2021-Q4 – Common Ground"
    assert facts.lang == "en"
    urdu_facts = pdf_facts(urdu.content)
    assert urdu_facts.tagged and urdu_facts.lang == "ur"
    with translation.override("ur"):
        title = translation.gettext("Board report, %(q)s") % {"q": "2021-Q4"}
    assert urdu_facts.title.startswith(title)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_no_page_is_left_mostly_empty(laid_out, figures, language):
    """No forced break leaves a page less than a third full; only the last page may be short.

    Each measure (heading, figures, chart) is kept whole, so a page ends only between
    measures, and no heading is left at the foot of a page without what follows it.
    """
    _response, document, _pages = laid_out(language)

    fill = page_fill(document)
    assert len(fill) > 1  # the strategy's measures and their charts take more than a page
    assert all(share >= 1 / 3 for share in fill[:-1]), [round(s, 2) for s in fill]
    assert headings_at_page_foot(document) == []
