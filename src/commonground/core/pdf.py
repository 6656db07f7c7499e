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
answer "being prepared", and ``PDF_RENDER_SLOTS`` lock files cap how many PDFs render at once
across the machine, so requests for many different versions cannot take every CPU either.

Rendering happens in the background (:func:`render_pdf_version`, a task on the project's
queue): a request for a version not yet in the cache saves the page's HTML beside the cache,
queues the task once, and answers a "being prepared" page (HTTP 202) that reloads itself
every few seconds with a ``<meta http-equiv="refresh">`` (no script: the CSP forbids inline
script); the reload that finds the file downloads it from the cache. With the ``immediate``
backend (tests, a single-process demo) the task runs at once and the first request gets the
PDF.

Every PDF is a tagged PDF/UA-1 document (WeasyPrint's ``pdf_variant="pdf/ua-1"``): a
structure tree screen readers follow, ``/MarkInfo``, the page's ``<title>`` as the document
title (shown instead of the file name) and ``<html lang>`` as its ``/Lang``.
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
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from commonground.core.jobs import Subject, recoverable

PDF_CONTENT_TYPE = "application/pdf"

#: Sent after every PDF WeasyPrint renders (``sender``: None, ``size``: bytes). Rendering is
#: the expensive step, so this is what tests count and operators may log.
pdf_rendered = Signal()

#: How long a reader is asked to wait (and the progress page waits before it reloads).
RETRY_AFTER_SECONDS = 5

#: The PDF variant every PDF is made as: tagged, titled and with its language (PDF/UA-1).
PDF_VARIANT = "pdf/ua-1"

#: Seconds a render may take in the background before it is given up (and queued again on the
#: next request for it).
RENDER_TIME_LIMIT = 300

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
    """Render an HTML string to a tagged PDF (PDF/UA-1) without touching the network.

    Tagged so that screen readers get headings, lists, tables and reading order; the HTML's
    ``<title>`` becomes the document title and ``<html lang>`` its language.
    """
    from weasyprint import HTML  # imported late: pango is loaded only when a PDF is made

    from commonground.core.pdf_charts import pdf_text_layer  # chart labels shaped like any text

    html = pdf_text_layer(html)
    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher())
    body = document.write_pdf(pdf_variant=PDF_VARIANT)
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
    abandoned = time.time() - 86400  # HTML and markers of renders nobody came back for
    for pending in (*directory.glob("*.html"), *directory.glob("*.queued")):
        with contextlib.suppress(FileNotFoundError):
            if pending.stat().st_mtime < abandoned:
                pending.unlink(missing_ok=True)


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
    """202 "This PDF is being prepared": a page that reloads itself until the file is ready.

    The reload is a ``<meta http-equiv="refresh">`` (the CSP forbids inline script), so it
    works without JavaScript; ``Retry-After`` says the same to programs.
    """
    response = render(
        request,
        "pdf_being_prepared.html",
        {"retry_after": RETRY_AFTER_SECONDS, "again": request.get_full_path()},
        status=202,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _paths(family: str, key: str) -> tuple[Path, Path, Path]:
    """(the PDF, the HTML it is made from, the "queued" marker) of one version."""
    directory = cache_dir()
    return (
        directory / f"{family}--{key}.pdf",
        directory / f"{key}.html",
        directory / f"{key}.queued",
    )


def _claim_queue(marker: Path) -> bool:
    """True for the one request that should queue this version's render.

    The marker file is created exclusively, so of many first requests one queues the task; a
    marker older than the task's time limit is a render that died, and is claimed again.
    """
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        try:
            stale = marker.stat().st_mtime < time.time() - RENDER_TIME_LIMIT - 60
        except FileNotFoundError:  # the render finished meanwhile
            return False
        if stale:
            marker.touch()
        return stale


def _subject(args: list, kwargs: dict) -> Subject:
    return Subject(label=str(args[0] if args else kwargs.get("family", "")))


@recoverable(time_limit=RENDER_TIME_LIMIT, title=gettext_lazy("Prepare a PDF"), subject=_subject)
@task()
def render_pdf_version(family: str, key: str, base_url: str) -> str:
    """Render one cached version from the HTML its request saved (idempotent).

    Returns what happened: "rendered", "cached" (already there), "elsewhere" (another worker
    holds this version's lock), "busy" (every render slot is taken: the marker is dropped so
    the next request queues it again) or "gone" (its HTML was pruned).
    """
    path, source, marker = _paths(family, key)
    directory = path.parent
    if path.exists():
        marker.unlink(missing_ok=True)
        return "cached"
    with _try_lock(directory / f"{key}.lock") as mine:
        if mine is None:
            return "elsewhere"
        if path.exists():
            return "cached"
        if not source.exists():
            marker.unlink(missing_ok=True)
            return "gone"
        with _render_slot(directory) as slot:
            if not slot:
                marker.unlink(missing_ok=True)
                return "busy"
            body = html_to_pdf(source.read_text(encoding="utf-8"), base_url=base_url)
        _write_atomically(path, body)
    source.unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    _prune(directory, family, keep=path)
    return "rendered"


def render_cached_pdf(
    request: HttpRequest,
    template_name: str,
    context: dict,
    filename: str,
) -> HttpResponse:
    """Like :func:`render_pdf`, for PDFs anyone may ask for: rendered once per version, in
    the background, and always downloaded from the cache.

    The page's HTML is rendered first (cheap), and its SHA-256 names the version, so any
    change to what the report shows (data, wording, language, who may see a draft) makes a
    new version and nothing else does. A version not in the cache yet is queued once
    (:func:`render_pdf_version`) and the request gets the "being prepared" page. Only for
    PDFs that carry no secret: the access-code cards, made once and never again, use
    :func:`render_pdf`.
    """
    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    html = _PER_REQUEST.sub("", html)
    base = request.build_absolute_uri("/")
    version = _COUNTED_IDS.sub(r"\1-n", html)
    key = hashlib.sha256(f"{base}\n{version}".encode()).hexdigest()
    family = _family(filename)
    path, source, marker = _paths(family, key)
    if not path.exists() and _claim_queue(marker):
        try:
            _write_atomically(source, html.encode("utf-8"))
            render_pdf_version.enqueue(family, key, base)  # runs at once on "immediate"
        except BaseException:  # not queued: let the next request try again at once
            marker.unlink(missing_ok=True)
            raise
    if path.exists():
        return _pdf_response(path.read_bytes(), filename)
    return being_prepared(request)
