"""Urdu and Polish pages show no English interface words outside elements marked English.

A crawl, as a reader would click: the home page and the main sections in /ur/ and /pl/, and
every page they link to, with Bradford's real strategy file (which translates its pillar,
priority and challenge names) and every app's demo data loaded as `commonground demo` does.
On each page the visible text is read outside any element marked `lang="en"`, and a page
fails when:

- a whole piece of text is an English msgid of our catalogues (`locale/*.po`) that has a
  different translation there, or none (e.g. "Not rated", "Green", "Download"); words the
  same in both languages (a translation equal to the msgid) are fine; or
- a strategy name the file translates (a pillar's, priority's or challenge's) is shown in
  English.

Data nobody translates (a ward's name, an organisation's) is not an interface word and is
not judged here; the `en` and `translated` template helpers mark it.

Translations come only through the compiled catalogues: new msgids pass once the lead has
merged `var/i18n/*.json` into the catalogues and compiled them.
"""

from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from commonground.core.models import Challenge, Pillar, Priority
from commonground.core.strategy.loader import load_strategy_file

STRATEGY_FILE = settings.BASE_DIR / "data" / "strategies" / "bradford-2018-2023.yaml"
SECTIONS = [
    "/",
    "/about/",
    "/measures/",
    "/measures/board/",
    "/measures/areas/",
    "/conversations/",
    "/fund/",
]
LANGUAGES = ["ur", "pl"]
# Pages reached from the sections that are downloads or forms, not pages to read.
SKIP = re.compile(r"\.(csv|xlsx|pdf|pb|json|svg|png|geojson)$|/export|/download|/api/|sign-out")
MAX_PAGES = 60
_SKIPPED_TAGS = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _VisibleText(HTMLParser):
    """Text chunks outside `lang="en"` elements (and outside scripts and styles), and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.chunks: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attributes.get(name) and not self._excluded():
                self.chunks.append(attributes[name] or "")
        if tag in _VOID:
            return
        english = (attributes.get("lang") or "").split("-")[0] == "en"
        excluded = tag in _SKIPPED_TAGS or english or self._excluded()
        self.stack.append((tag, excluded))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._excluded():
            self.chunks.append(text)

    def _excluded(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]


def _po_entries(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of a .po file (context and plural forms ignored: msgid only)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if current.get("msgid"):
            entries.setdefault(
                current["msgid"], current.get("msgstr", current.get("msgstr[0]", ""))
            )

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("msgid "):
            flush()
            current, key = {}, "msgid"
            current[key] = _po_string(line[len("msgid ") :])
        elif line.startswith(("msgstr ", "msgstr[0] ", "msgid_plural ")):
            key, _, rest = line.partition(" ")
            current[key] = _po_string(rest)
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + _po_string(line)
        elif not line:
            key = ""
    flush()
    return entries


def _po_string(quoted: str) -> str:
    return quoted.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def _catalogue(language: str) -> dict[str, str]:
    """English msgid → the catalogue's translation ("" where it has none), every app's."""
    entries: dict[str, str] = {}
    for path in sorted(Path(settings.PACKAGE_DIR).glob(f"**/locale/{language}/LC_MESSAGES/*.po")):
        for msgid, msgstr in _po_entries(path).items():
            if msgstr or msgid not in entries:
                entries[msgid] = msgstr
    return entries


def _interface_words(language: str) -> set[str]:
    """English interface texts that must not show untranslated on `language` pages."""
    words = set()
    for msgid, msgstr in _catalogue(language).items():
        text = " ".join(msgid.split())
        if "%" in text or "{" in text or "<" in text or len(text) < 3:
            continue  # placeholders and markup never show as they are written
        if not re.search(r"[A-Za-z]{3}", text):
            continue
        if " ".join(msgstr.split()) == text:
            continue  # the same in both languages
        words.add(text)
    return words


@pytest.fixture
def demo_site(bradford, django_db_blocker):
    """The real strategy file and every app's demo data, as `commonground demo` loads them."""
    load_strategy_file(STRATEGY_FILE)
    for config in apps.get_app_configs():
        if config.name.startswith("commonground."):
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            module.load_demo(lambda message: None)


def _crawl(client, language: str) -> dict[str, _VisibleText]:
    prefix = f"/{language}"
    queue = [prefix + path for path in SECTIONS]
    pages: dict[str, _VisibleText] = {}
    depth = {url: 0 for url in queue}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _VisibleText()
        parser.feed(response.content.decode())
        pages[url] = parser
        if depth[url] >= 1:
            continue
        for href in parser.links:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(prefix + "/") or SKIP.search(parts.path):
                continue
            if parts.path not in depth:
                depth[parts.path] = depth[url] + 1
                queue.append(parts.path)
    return pages


def _english_texts(client, language: str) -> list[str]:
    pages = _crawl(client, language)
    assert len(pages) >= len(SECTIONS) + 10, sorted(pages)  # it reached beyond the sections
    with translation.override(language):
        words = _interface_words(language)
        names = {
            obj.name
            for model in (Pillar, Priority, Challenge)
            for obj in model.objects.all()
            if obj.translation("name", language)
        }
    assert len(names) >= 4  # Bradford's file translates its four pillars at least
    return sorted(
        {
            f"{url}: {chunk!r}"
            for url, page in pages.items()
            for chunk in page.chunks
            if chunk in words or chunk in names
        }
    )


def test_no_english_interface_words_outside_lang_en(client, demo_site):
    """One test for both languages: the demo data takes minutes to load."""
    found = [text for language in LANGUAGES for text in _english_texts(client, language)]
    assert not found, f"{len(found)} English texts on Urdu and Polish pages:\n" + "\n".join(found)
