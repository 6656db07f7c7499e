"""Serving an app's service worker: the offline pieces the challenges app, the readiness
interview form and the events door page share.

Each app keeps its worker's code as a static file and serves it from a view under its own
path (so the worker's scope covers that app in each language).  The view tells the worker
what to keep by a first line, ``const SHELL = {…};``: its scope, version, pages and assets.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from django.http import HttpResponse
from django.templatetags.static import static

PAGE_ASSETS = (
    "build/commonground.css",
    "build/govuk-frontend.min.js",
    "commonground/init.js",
    "commonground/js-enabled.js",
)
"""The static files every page needs (styles, GOV.UK Frontend, our start-up scripts)."""


def page_assets(*own: str) -> list[str]:
    """The addresses of every page's assets followed by the app's `own` static files."""
    return [static(name) for name in (*PAGE_ASSETS, *own)]


def shell_version(shell: dict, scripts: Iterable[Path]) -> str:
    """Changes when the shell or any of the `scripts` change, so a device drops its old
    copies (the worker names its cache after it)."""
    digest = hashlib.sha256(json.dumps(shell, sort_keys=True).encode())
    for script in scripts:
        digest.update(script.read_bytes())
    return digest.hexdigest()[:16]


def worker_response(script: Path, shell: dict) -> HttpResponse:
    """The worker at `script` with its ``SHELL`` line, allowed the shell's scope."""
    code = f"const SHELL = {json.dumps(shell)};\n" + script.read_text(encoding="utf-8")
    response = HttpResponse(code, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = shell["scope"]
    return response
