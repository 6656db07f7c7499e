"""Urdu in the Board report PDF reads in logical order, chart labels included.

WeasyPrint drew SVG `<text>` one letter at a time, unshaped, left to right, so Urdu chart
labels printed reversed and unjoined; charts in PDFs now carry their text as HTML laid over
the SVG (`core.pdf_charts.pdf_text_layer`). The PDF's text is read back the way a viewer lays it
out (`testing.pdftext`): by position, right-to-left stretches read right to left.

Noto Nastaliq Urdu builds letters from shared shapes, and WeasyPrint's ToUnicode table maps
each shape to the first letter it drew with it, so extracted Nastaliq has stray or swapped
letters ("کبنیاد" for "بنیاد"). Words are therefore matched by similarity, and must read
far better forwards than backwards: reversed text, the fault, reads the other way round.
"""

from difflib import SequenceMatcher

from django.urls import reverse
from django.utils import translation

from commonground.testing.pdftext import pdf_lines


def _urdu(msgid: str) -> str:
    with translation.override("ur"):
        return translation.gettext(msgid)


def _likeness(lines: list[str], text: str) -> float:
    return max(SequenceMatcher(None, line, text).ratio() for line in lines)


def _reads_forwards(lines: list[str], text: str) -> bool:
    forwards, backwards = _likeness(lines, text), _likeness(lines, text[::-1])
    return forwards >= 0.8 and forwards - backwards >= 0.3


def test_urdu_text_and_chart_labels_come_out_in_logical_order(client, figures, settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    response = client.get("/ur" + reverse("measures:report_pdf") + "?quarter=2021-Q4")
    assert response.status_code == 200
    lines = pdf_lines(response.content)

    heading = _urdu("Board report")  # in the running footer, set in Naskh: extracts exactly
    assert heading != "Board report"
    assert any(heading in line for line in lines)
    baseline = _urdu("Baseline")  # the trend chart's label on its baseline, a line of its own
    assert baseline != "Baseline"
    assert _reads_forwards(lines, baseline), [line for line in lines if len(line) < 12]
