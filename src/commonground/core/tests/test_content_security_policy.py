"""Every page is served with a Content-Security-Policy that forbids inline script and style.

Django's own CSP middleware sends the policy (settings.SECURE_CSP). For it to hold without
'unsafe-inline', no template or Python-drawn markup (charts and maps are inline SVG) may
carry an inline <script>, an on…= handler or a style="…" attribute, and a <style> element
must carry the request's nonce. The scan below reads every template and module, so a new
one is checked the day it is added; the browser test (browser/test_csp_in_browser.py)
proves that real pages raise no violation.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from commonground.core.roles import Role
from commonground.testing.people import make_user

PACKAGE = Path(settings.PACKAGE_DIR)
TEMPLATES = sorted(p for p in PACKAGE.rglob("templates/**/*.html"))
MODULES = sorted(
    p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style(?![^>]*\bnonce=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I)

# Markup that never reaches a browser, with the reason (reviewed one by one).
NOT_SERVED = {
    "measures/templates/measures/report.html": "its <style> is rendered only into the PDF",
    "templates/500.html": "static page, no inline code (listed for its <head>: none)",
}

PAGES = [
    "/",
    "/about/",
    "/pillars/getting-on/",
    "/areas/",
    "/areas/E05001341/",
    "/organisations/",
    "/sign-in/",
    "/measures/",
    "/measures/report/",
    "/fund/",
    "/conversations/",
]


def problems(text: str, *, style_elements: bool = True) -> list[str]:
    found = []
    for name, pattern in [
        ("inline <script> without a nonce", INLINE_SCRIPT),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("on…= event handler", HANDLER_ATTRIBUTE),
        ("javascript: URL", JS_URL),
    ] + ([("<style> without a nonce", STYLE_ELEMENT)] if style_elements else []):
        found += [f"{name}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    return found


@pytest.mark.engine
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_templates_carry_no_inline_script_or_style(path: Path):
    relative = str(path.relative_to(PACKAGE))
    text = path.read_text()
    found = problems(text, style_elements=relative not in NOT_SERVED)
    assert not found, f"{relative}: {found}"


# Python that draws markup only for WeasyPrint, with the reason (reviewed one by one).
PDF_ONLY_MODULES = {
    "core/pdf_charts.py": "chart labels placed over the SVG inside PDFs; never sent to a browser",
}


@pytest.mark.engine
def test_python_drawn_markup_carries_no_inline_script_or_style():
    found = {}
    for path in MODULES:
        if str(path.relative_to(PACKAGE)) in PDF_ONLY_MODULES:
            continue
        text = path.read_text()
        hits = [p for p in problems(text) if "<style> without" not in p]
        if hits:
            found[str(path.relative_to(PACKAGE))] = hits
    assert not found, found


@pytest.mark.engine
def test_pdf_only_markup_is_used_only_by_the_pdf_renderer():
    """An exempt module stays exempt only while nothing but core.pdf imports it."""
    for relative in PDF_ONLY_MODULES:
        module = "commonground." + relative.removesuffix(".py").replace("/", ".")
        importers = [
            str(path.relative_to(PACKAGE))
            for path in MODULES
            if f"from {module} import" in path.read_text()
        ]
        assert importers == ["core/pdf.py"], importers


@pytest.mark.django_db
def test_pages_send_a_strict_policy(client, strategy):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    # A nonce is added for pages that use one (a <style nonce> element), and only then.
    assert directives["style-src"].split()[0] == "'self'"


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "officer"])
def test_rendered_pages_have_no_inline_script_or_style(client, strategy, signed_in):
    if signed_in:
        client.force_login(make_user("csp-officer", Role.OFFICER))
    for path in PAGES:
        if signed_in and path == "/sign-in/":
            continue  # a signed-in officer is sent home from there
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response, path
        html = response.content.decode()
        assert not problems(html), (path, problems(html))
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for element in re.findall(r"<style[^>]*>", html):
            assert nonce and f'nonce="{nonce.group(1)}"' in element, (path, element)
