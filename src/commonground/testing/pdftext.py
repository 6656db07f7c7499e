"""The text of a PDF in reading order, as a reader (or `pdftotext`) gets it: for tests.

No PDF library is installed, and the question these tests ask is narrow: is Urdu in our
PDFs shaped and ordered as text, so that it reads, copies and searches correctly? So this
reads only what WeasyPrint writes (FlateDecode streams, object streams, Type0 fonts with a
ToUnicode CMap of `bfchar` entries, text placed with `Tm` and shown with `TJ`/`Tj`).

Text is rebuilt as a viewer lays it out: each placed piece of text keeps its glyphs in the
order they are drawn (left to right), pieces are sorted into lines by their position, and
then, as the Unicode bidi algorithm does for display, each stretch of right-to-left
script is read right to left. Correctly shaped Urdu is drawn in visual order (its last
letter leftmost), so it comes back in logical order; Urdu drawn one letter at a time in
typing order, left to right, comes back reversed.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_REF = re.compile(rb"/(\S+?)\s+(\d+) 0 R")
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_TOKEN = re.compile(
    rb"<([0-9a-fA-F]*)>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]<>()]+|[-+]?\d*\.?\d+|[A-Za-z'\"*]+"
)


@dataclass
class _Object:
    head: bytes
    stream: bytes | None = None


@dataclass
class _Piece:
    x: float
    y: float
    glyphs: list[str] = field(default_factory=list)


def _objects(pdf: bytes) -> dict[int, _Object]:
    objects: dict[int, _Object] = {}
    for match in _OBJECT.finditer(pdf):
        number, body = int(match.group(1)), match.group(2)
        head, _, rest = body.partition(b"stream")
        stream = None
        if rest:
            data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            stream = zlib.decompress(data) if b"/FlateDecode" in head else data
        objects[number] = _Object(head, stream)
    for obj in list(objects.values()):
        if b"/ObjStm" in obj.head and obj.stream is not None:
            first = int(re.search(rb"/First (\d+)", obj.head).group(1))
            numbers = obj.stream[:first].split()
            pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers), 2)]
            for index, (number, offset) in enumerate(pairs):
                end = pairs[index + 1][1] if index + 1 < len(pairs) else None
                end = first + end if end is not None else None
                objects[number] = _Object(obj.stream[first + offset : end])
    return objects


def _to_unicode(objects: dict[int, _Object], font: int) -> dict[str, str]:
    found = re.search(rb"/ToUnicode (\d+) 0 R", objects[font].head)
    if not found:
        return {}
    cmap = objects[int(found.group(1))].stream or b""
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _BFCHAR.findall(block):
            table[code.decode().lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return table


def _fonts(objects: dict[int, _Object]) -> dict[str, dict[str, str]]:
    """Every font resource name (`/DVIHBP`) with its glyph-code-to-text table."""
    fonts = {}
    for obj in objects.values():
        for inline, ref in re.findall(rb"/Font\s*(?:<<(.*?)>>|(\d+) 0 R)", obj.head, re.S):
            dictionary = inline or objects[int(ref)].head
            for name, number in _REF.findall(dictionary):
                fonts[name.decode()] = _to_unicode(objects, int(number))
    return fonts


def _pieces(content: bytes, fonts: dict[str, dict[str, str]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    operands: list[bytes] = []
    font: dict[str, str] = {}
    piece: _Piece | None = None
    for match in _TOKEN.finditer(content):
        token = match.group(0)
        if token[:1] in b"<[]/(" or token[:1].isdigit() or token[:1] in b"-+.":
            operands.append(token)
            continue
        if token == b"Tf" and len(operands) >= 2:
            font = fonts.get(operands[-2][1:].decode(), {})
        elif token == b"Tm" and len(operands) >= 6:
            piece = _Piece(float(operands[-2]), float(operands[-1]))
            pieces.append(piece)
        elif token in (b"TJ", b"Tj") and piece is not None:
            for operand in operands:
                hex_ = operand[1:-1].decode().lower() if operand[:1] == b"<" else ""
                piece.glyphs += [font.get(hex_[i : i + 4], "") for i in range(0, len(hex_), 4)]
        operands = []
    return pieces


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _is_ltr(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in text)


def _runs(glyphs: list[str], strong) -> list[tuple[bool, list[str]]]:
    """Split a line into (is-a-run, glyphs) stretches: runs of `strong` glyphs, with the
    spaces and punctuation between two of them, and what lies between runs."""
    out: list[tuple[bool, list[str]]] = []
    for glyph in glyphs:
        is_strong = strong(glyph)
        if out and (out[-1][0] == is_strong):
            out[-1][1].append(glyph)
        else:
            out.append((is_strong, [glyph]))
    # neutrals between two runs belong to them
    merged: list[tuple[bool, list[str]]] = []
    for index, (is_run, part) in enumerate(out):
        inner = 0 < index < len(out) - 1 and not is_run and all(not _is_rtl(g) for g in part)
        inner = inner and not any(_is_ltr(g) and not strong(g) for g in part)
        if merged and (is_run or inner) and merged[-1][0]:
            merged[-1][1].extend(part)
        else:
            merged.append((is_run or inner, list(part)))
    return merged


def _logical(glyphs: list[str]) -> str:
    """A line drawn left to right, read in logical order (a simplified bidi algorithm).

    A line whose rightmost letter is right-to-left is a right-to-left paragraph: read from
    the right, with each left-to-right stretch (Latin words, numbers) kept left to right.
    Otherwise it is read from the left, with each right-to-left stretch read from its right.
    """
    strong = [g for g in glyphs if _is_rtl(g) or any(c.isalpha() for c in g)]
    if strong and _is_rtl(strong[-1]):
        reversed_ = glyphs[::-1]
        return "".join(
            "".join(part[::-1] if is_ltr else part) for is_ltr, part in _runs(reversed_, _is_ltr)
        )
    return "".join(
        "".join(part[::-1] if is_rtl else part) for is_rtl, part in _runs(glyphs, _is_rtl)
    )


def pdf_lines(pdf: bytes) -> list[str]:
    """Each line of text in the PDF, top of the first page first, in reading order."""
    objects = _objects(pdf)
    fonts = _fonts(objects)
    lines: list[str] = []
    for obj in objects.values():
        if obj.stream is None or b"BT" not in obj.stream or b"/Type /ObjStm" in obj.head:
            continue
        rows: dict[int, list[_Piece]] = {}
        for piece in _pieces(obj.stream, fonts):
            rows.setdefault(round(piece.y), []).append(piece)
        for y in sorted(rows):  # WeasyPrint flips the page, so y grows downwards
            ordered = sorted(rows[y], key=lambda p: p.x)
            lines.append(_logical([g for p in ordered for g in p.glyphs]))
    return lines


def pdf_text(pdf: bytes) -> str:
    """All the PDF's text, a line a line."""
    return "\n".join(pdf_lines(pdf))


def is_right_to_left(text: str) -> bool:
    """Whether `text` has any right-to-left letter (Urdu, Arabic, Hebrew…)."""
    return _is_rtl(text)
