"""Server-made PDFs: our own stylesheet and fonts, and nothing fetched from the network."""

import pytest

from commonground.core.pdf import OfflineFetchRefused, _fetcher, html_to_pdf

pytestmark = pytest.mark.engine


def test_our_static_files_are_served_with_their_type_so_the_brand_styles_apply():
    response = _fetcher().fetch("http://testserver/static/build/commonground.css")

    assert response.headers["Content-Type"] == "text/css"
    assert b".govuk-heading-xl" in response.read()


def test_anything_else_is_refused_rather_than_fetched():
    with pytest.raises(OfflineFetchRefused, match="only our static files"):
        _fetcher().fetch("https://example.com/tracker.png")
    with pytest.raises(OfflineFetchRefused):
        _fetcher().fetch("http://testserver/media/uploads/secret.pdf")


def _text_boxes(box):
    if hasattr(box, "text"):
        yield box
    for child in getattr(box, "children", []):
        yield from _text_boxes(child)


def _heading(html: str):
    from weasyprint import HTML

    document = HTML(string=html, base_url="http://testserver/", url_fetcher=_fetcher()).render()
    return next(b for b in _text_boxes(document.pages[0]._page_box) if b.text == "Getting On")


def test_a_page_with_our_stylesheet_prints_with_its_styles():
    body = '<body><h1 class="govuk-heading-xl">Getting On</h1>'
    body += '<img src="https://example.com/x.png" alt=""></body>'
    css = '<link rel="stylesheet" href="/static/build/commonground.css">'
    styled = f"<html><head>{css}</head>{body}</html>"

    heading, bare = _heading(styled), _heading(f"<html>{body}</html>")

    # GOV.UK's print rules apply: its print typeface (sans-serif) at its print size (32pt),
    # where an unstyled page would use the default serif at 2em.
    assert bare.style["font_family"] == ("serif",)
    assert heading.style["font_family"] == ("sans-serif",)
    assert heading.style["font_size"] == pytest.approx(32 * 96 / 72)
    assert html_to_pdf(styled).startswith(b"%PDF")
