"""Server-made PDFs of the platform's printable pages (Board report, "What people said").

One renderer so every PDF looks the same and none can reach the network: WeasyPrint is
given a URL fetcher that serves our own static files (through the staticfiles finders, so it
works before `collectstatic`) and refuses everything else. Charts in our pages are inline SVG,
so they print as vectors.

A PDF costs seconds of CPU, and the public ones (the Board report, "What people said") can be
asked for by anyone, so :func:`render_cached_pdf` keeps each rendered PDF as a file under
``PDF_CACHE_DIR`` (``var/cache/pdf`` by default), named by the SHA-256 of the HTML it was made
from: when the data behind a report changes its HTML changes, and the next request renders
anew; until then every request, in every web process, is a file read. Concurrent first
requests do not all render: a lock file per version lets one process render while the others
answer "being prepared" (HTTP 503 with ``Retry-After``), and ``PDF_RENDER_SLOTS`` lock files
cap how many PDFs render at once across the machine, so requests for many different versions
cannot take every CPU either.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"

#: Sent after every PDF WeasyPrint renders (``sender``: None, ``size``: bytes). Rendering is
#: the expensive step, so this is what tests count and operators may log.
pdf_rendered = Signal()

#: How long a reader is asked to wait while another request renders the same PDF.
RETRY_AFTER_SECONDS = 5

# Parts of a page that differ between two requests for the same content: the CSRF token of
# the language switcher and sign-out forms, and a Content-Security-Policy nonce. Neither
# prints, so they are dropped before rendering, and the same content gives the same PDF.
_PER_REQUEST = re.compile(
    r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">|\snonce="[^"]*"'
)
# Chart and map element ids come from process-wide counters (unique within a page, different
# on each request); they print nothing, so the version key ignores their numbers.
_COUNTED_IDS = re.compile(r"\b(cg-(?:[a-z]+-)*?(?:chart|map))-\d+")
_KEY = re.compile(r"[0-9a-f]{64}")

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

    body = HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()
    pdf_rendered.send(sender=None, size=len(body))
    return body


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


# -- the shared cache of public PDFs ------------------------------------------------------


def cache_dir() -> Path:
    """Where rendered PDFs are kept: ``PDF_CACHE_DIR`` (``var/cache/pdf`` by default).

    A directory rather than Django's cache: the default cache is per process, while a file
    is shared by every gunicorn worker (and by every web machine when ``var/`` is shared).
    """
    path = Path(settings.PDF_CACHE_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _try_lock(path: Path) -> Iterator[IO | None]:
    """An exclusive lock on ``path`` if no process holds it now (else None), never waiting.

    ``flock`` locks are released by the kernel when their holder exits, even by a crash, so
    a stuck render can never block the report for good.
    """
    handle = open(path, "a+")  # noqa: SIM115 (closed below, after the lock is released)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


@contextlib.contextmanager
def _render_slot(directory: Path) -> Iterator[bool]:
    """One of ``PDF_RENDER_SLOTS`` machine-wide render slots, if one is free.

    One by default: `commonground serve` runs two web workers, and one must stay free for
    the pages people vote and answer surveys on while a PDF renders.
    """
    slots = max(1, settings.PDF_RENDER_SLOTS)
    with contextlib.ExitStack() as stack:
        for number in range(slots):
            if stack.enter_context(_try_lock(directory / f"slot-{number}.lock")) is not None:
                yield True
                return
        yield False


def _family(filename: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", filename)[:120]


def _prune(directory: Path, family: str, keep: Path) -> None:
    """Drop older versions of this download, and the oldest files beyond ``PDF_CACHE_FILES``."""
    for old in directory.glob(f"{family}--*.pdf"):
        if old != keep and _KEY.fullmatch(old.name[len(family) + 2 : -4]):
            old.unlink(missing_ok=True)
    limit = settings.PDF_CACHE_FILES
    files = sorted(directory.glob("*.pdf"), key=lambda f: f.stat().st_mtime)
    for old in files[: max(0, len(files) - limit)]:
        if old != keep:
            old.unlink(missing_ok=True)
    settled = time.time() - 600  # a lock this old is not guarding a render in progress
    for lock in directory.glob("*.lock"):  # locks of versions that are gone
        key = lock.name[:-5]
        if (
            _KEY.fullmatch(key)
            and lock.stat().st_mtime < settled
            and not any(directory.glob(f"*--{key}.pdf"))
        ):
            lock.unlink(missing_ok=True)


def _write_atomically(path: Path, body: bytes) -> None:
    """Readers see the whole file or none of it (rename is atomic on one filesystem)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def being_prepared(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the PDF is rendering for someone else; try again shortly."""
    response = render(
        request,
        "pdf_being_prepared.html",
        {"retry_after": RETRY_AFTER_SECONDS, "again": request.get_full_path()},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def render_cached_pdf(
    request: HttpRequest,
    template_name: str,
    context: dict,
    filename: str,
) -> HttpResponse:
    """Like :func:`render_pdf`, for PDFs anyone may ask for: rendered once per version.

    The page's HTML is rendered first (cheap), and its SHA-256 names the version, so any
    change to what the report shows (data, wording, language, who may see a draft) makes a
    new version and nothing else does. Only for PDFs that carry no secret: the access-code
    cards, made once and never again, use :func:`render_pdf`.
    """
    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    html = _PER_REQUEST.sub("", html)
    base = request.build_absolute_uri("/")
    version = _COUNTED_IDS.sub(r"\1-n", html)
    key = hashlib.sha256(f"{base}\n{version}".encode()).hexdigest()
    directory = cache_dir()
    family = _family(filename)
    path = directory / f"{family}--{key}.pdf"
    if path.exists():
        return _pdf_response(path.read_bytes(), filename)
    with _try_lock(directory / f"{key}.lock") as mine:
        if mine is None:  # another request is rendering this very version
            return being_prepared(request)
        if path.exists():  # it finished while we were getting the lock
            return _pdf_response(path.read_bytes(), filename)
        with _render_slot(directory) as slot:
            if not slot:  # the machine is busy rendering other PDFs
                return being_prepared(request)
            body = html_to_pdf(html, base_url=base)
        _write_atomically(path, body)
    _prune(directory, family, keep=path)
    return _pdf_response(body, filename)
