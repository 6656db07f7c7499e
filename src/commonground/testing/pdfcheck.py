"""What a screen reader and a printer get from our PDFs, read back for tests.

No PDF library is installed, so this reads only what WeasyPrint writes: numbered objects,
FlateDecode streams and object streams. :func:`pdf_facts` answers the questions a tagged
PDF must answer yes to (a structure tree, ``/MarkInfo /Marked true``, a document title shown
instead of the file name, the document's language); :func:`page_fill` measures, on the
laid-out document WeasyPrint made, how far down each page its content reaches, so a test
can refuse half-empty pages.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_NAME = re.compile(rb"/S\s*/([A-Za-z0-9]+)")


def _inflate(body: bytes) -> tuple[bytes, bytes | None]:
    head, _, rest = body.partition(b"stream")
    if not rest:
        return body, None
    data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
    if b"/FlateDecode" in head:
        try:
            return head, zlib.decompress(data)
        except zlib.error:
            return head, None
    return head, data


def _dictionaries(pdf: bytes) -> list[bytes]:
    """Every object's dictionary: the plain ones and those packed in object streams."""
    found = []
    for match in _OBJECT.finditer(pdf):
        head, stream = _inflate(match.group(2))
        found.append(head)
        if b"/ObjStm" in head and stream is not None:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = stream[:first].split()
            offsets = [int(numbers[i + 1]) for i in range(0, len(numbers), 2)]
            for index, offset in enumerate(offsets):
                end = offsets[index + 1] if index + 1 < len(offsets) else None
                found.append(stream[first + offset : first + end if end is not None else None])
    return found


def _string(dictionary: bytes, key: bytes) -> str | None:
    """A text string value (`(literal)` or `<FEFF…>` UTF-16) of ``/key`` in a dictionary."""
    match = re.search(rb"/" + key + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", dictionary)
    if match is None:
        return None
    raw = match.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode().replace(" ", ""))
        if data.startswith(b"\xfe\xff"):
            return data[2:].decode("utf-16-be")
        return data.decode("latin-1")
    text = re.sub(rb"\\(.)", rb"\1", raw[1:-1])
    if text.startswith(b"\xfe\xff"):
        return text[2:].decode("utf-16-be")
    return text.decode("latin-1")


@dataclass
class PdfFacts:
    """What the catalog and document information say about a PDF."""

    tagged: bool  # a structure tree, and MarkInfo says the content is marked
    title: str | None
    lang: str | None
    shows_title: bool  # ViewerPreferences DisplayDocTitle: the title, not the file name
    structure: set[str] = field(default_factory=set)  # structure element types (/P, /H1 …)


def pdf_facts(pdf: bytes) -> PdfFacts:
    """Read the accessibility facts of a PDF WeasyPrint wrote."""
    dictionaries = _dictionaries(pdf)
    catalog = next((d for d in dictionaries if b"/Type /Catalog" in d), b"")
    info = next((d for d in dictionaries if b"/Producer" in d), b"")
    marked = re.search(rb"/MarkInfo\s*<<[^>]*/Marked\s+true", catalog) is not None
    kinds = {
        match.decode()
        for d in dictionaries
        if b"/StructElem" in d or (b"/S /" in d and b"/P " in d)
        for match in _NAME.findall(d)
    }
    return PdfFacts(
        tagged=b"/StructTreeRoot" in catalog and marked,
        title=_string(info, b"Title"),
        lang=_string(catalog, b"Lang"),
        shows_title=re.search(rb"/DisplayDocTitle\s+true", catalog) is not None,
        structure=kinds,
    )


def _leaves(box):
    children = getattr(box, "children", None)
    if not children:
        yield box
        return
    if type(box).__name__ == "LineBox":
        yield box
        return
    for child in children:
        yield from _leaves(child)


def page_fill(document) -> list[float]:
    """How far down its content area each page's content reaches, from 0 (empty) to 1 (full).

    ``document`` is WeasyPrint's laid-out document (``HTML(...).render()``); the running
    footer and header (margin boxes) are not content and are not counted.
    """
    shares = []
    for page in document.pages:
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottom = top
        for child in box.children:
            if type(child).__name__ == "MarginBox":
                continue
            for leaf in _leaves(child):
                if getattr(leaf, "height", None) in (None, "auto"):
                    continue
                bottom = max(bottom, leaf.position_y + leaf.margin_height())
        shares.append(max(0.0, min(1.0, (bottom - top) / height)) if height else 0.0)
    return shares


HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _leaves_in(box, heading: str | None = None):
    """(leaf, the text of the heading it belongs to or None), in document order."""
    tag = getattr(box, "element_tag", None)
    if tag in HEADINGS and heading is None:
        heading = " ".join(_texts(box))
    children = getattr(box, "children", None)
    if not children or type(box).__name__ == "LineBox":
        yield box, heading
        return
    for child in children:
        yield from _leaves_in(child, heading)


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def headings_at_page_foot(document) -> list[str]:
    """Headings that are the last thing on a page but the last one (their text, page order).

    A heading printed at the foot of a page with what it heads on the next one is the fault
    ``break-after: avoid`` is there to prevent.
    """
    found = []
    for page in document.pages[:-1]:
        lowest, owner = None, None
        for child in page._page_box.children:
            if type(child).__name__ == "MarginBox":
                continue
            for leaf, heading in _leaves_in(child):
                if getattr(leaf, "height", None) in (None, "auto"):
                    continue
                bottom = leaf.position_y + leaf.margin_height()
                if lowest is None or bottom >= lowest:
                    lowest, owner = bottom, heading
        if owner:
            found.append(owner)
    return found
