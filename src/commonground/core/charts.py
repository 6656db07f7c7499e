"""The markup every chart shares: an inline SVG in a figure whose caption is its text alternative.

The SVG names the caption with `aria-describedby="{chart_id}-desc"`, and the `cg-chart`
styles (screen and print) and the PNG/SVG download buttons find charts by this markup, so
every app's charts are wrapped here.
"""

import math

from django.utils.html import format_html
from django.utils.safestring import SafeString


def chart_figure(svg: SafeString, chart_id: str, caption: str, extra_class: str = "") -> SafeString:
    """Wrap a chart's (already safe) SVG and its plain-words caption in the shared figure."""
    return format_html(
        '<figure class="cg-chart {}" id="{}">{}<figcaption class="govuk-body-s cg-chart__caption" '
        'id="{}-desc">{}</figcaption></figure>',
        extra_class,
        chart_id,
        svg,
        chart_id,
        caption,
    )


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
