"""The markup every chart shares: an inline SVG in a figure whose caption is its text alternative.

The SVG names the caption with `aria-describedby="{chart_id}-desc"`, and the `cg-chart`
styles (screen and print) and the PNG/SVG download buttons find charts by this markup, so
every app's charts are wrapped here.

Two things every chart's text needs, done here once for all of them:

- **Direction.** Charts are drawn left to right in every language (like the numbers on
  their axes), and each `<text>` is placed by the edge its `text-anchor` names. SVG text
  inherits the page's `direction`, and on an Urdu page "end" is the *left* edge, so a label
  meant to end at the bars' start ran under the bars. :func:`chart_figure` gives every
  `<text>` the page's direction explicitly and the anchor that keeps the same physical edge
  at its x, so Urdu labels are laid out right to left and still sit where they belong.
- **Shaping in PDFs.** WeasyPrint draws SVG `<text>` one character at a time, each laid out
  alone: Urdu comes out unjoined and in typing order, left to right (reversed).
  `commonground.core.pdf_charts.pdf_text_layer` moves the text of every chart in a PDF's
  HTML out of the SVG into HTML spans laid over it, which go through WeasyPrint's full text
  layout (HarfBuzz shaping, the bidi algorithm, font fallback).
"""

import math
import re

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi


def chart_figure(svg: SafeString, chart_id: str, caption: str, extra_class: str = "") -> SafeString:
    """Wrap a chart's (already safe) SVG and its plain-words caption in the shared figure.

    Every `<text>` in the SVG gets the page's direction (see the module's docstring).
    """
    return format_html(
        '<figure class="cg-chart {}" id="{}">{}<figcaption class="govuk-body-s cg-chart__caption" '
        'id="{}-desc">{}</figcaption></figure>',
        extra_class,
        chart_id,
        mark_safe(in_page_direction(str(svg))),  # our own SVG, only attributes rewritten
        chart_id,
        caption,
    )


_TEXT_TAG = re.compile(r"<text\b([^>]*)>")
_ANCHOR_OR_DIRECTION = re.compile(r'\s(?:text-anchor|direction)="[^"]*"')
_ANCHOR = re.compile(r'text-anchor="([a-z]+)"')
_FLIP = {"start": "end", "end": "start"}


def in_page_direction(svg: str, rtl: bool | None = None) -> str:
    """Each `<text>` with the page's `direction` and the anchor keeping its edge in place.

    Anchors in our charts are written for left-to-right layout (`end`: the text's right edge
    is at x). On a right-to-left page "start" is the right edge, so start and end swap. A
    `<text>` that already states its direction is left alone.
    """
    rtl = get_language_bidi() if rtl is None else rtl
    direction = "rtl" if rtl else "ltr"

    def fix(match: re.Match) -> str:
        attrs = match.group(1)
        if "direction=" in attrs:
            return match.group(0)
        anchor_match = _ANCHOR.search(attrs)
        anchor = anchor_match.group(1) if anchor_match else "start"
        if rtl:
            anchor = _FLIP.get(anchor, anchor)
        attrs = _ANCHOR_OR_DIRECTION.sub("", attrs)
        return f'<text{attrs} direction="{direction}" text-anchor="{anchor}">'

    return _TEXT_TAG.sub(fix, svg)


def nice_ticks(low: float, high: float, count_: int = 5) -> list[float]:
    """Round tick values covering [low, high]: 0, 20, 40, … rather than 0, 17.3, 34.6."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count_ - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    tick = start
    while tick < high + step * 0.999:
        ticks.append(round(tick, 10))
        tick += step
    return ticks
