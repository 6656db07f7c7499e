"""Server-made PDFs of the platform's printable pages (Board report, "What people said").

One renderer so every PDF looks the same and none can reach the network: WeasyPrint is
given a URL fetcher that serves our own static files (through the staticfiles finders, so it
works before `collectstatic`) and refuses everything else. Charts in our pages are inline SVG,
so they print as vectors.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"

# WeasyPrint warns about every screen-only CSS feature of GOV.UK Frontend it skips (hundreds
# per page); only its errors (a missing file, a refused fetch) say something about our PDFs.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class OfflineFetchRefused(ValueError):
    """A PDF asked for something that is not one of our static files."""


def _static_path(url: str) -> Path | None:
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    found = finders.find(path[len(prefix) :])
    return Path(found) if found else None


def _fetcher():
    """WeasyPrint URL fetcher: our static files and data: URLs, nothing from the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            local = _static_path(url)
            if local is None:
                raise OfflineFetchRefused(f"PDF rendering fetches only our static files, not {url}")
            kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=local.read_bytes(), headers={"Content-Type": kind})

    return StaticOnlyFetcher(allowed_protocols={"http", "https", "data"})


def html_to_pdf(html: str, base_url: str = "http://commonground.invalid/") -> bytes:
    """Render an HTML string to PDF bytes without touching the network."""
    from weasyprint import HTML  # imported late: pango is loaded only when a PDF is made

    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


def render_pdf(
    request: HttpRequest,
    template_name: str,
    context: dict,
    filename: str,
) -> HttpResponse:
    """Render a template (usually the page's own template with `pdf=True`) as a PDF download.

    The template gets `pdf: True` in its context so it can drop navigation and interactive
    controls; the layout's print stylesheet does the rest.
    """
    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    base = request.build_absolute_uri("/")
    response = HttpResponse(html_to_pdf(html, base_url=base), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
