"""Charts for the analysis pages and the report, drawn on the server as inline SVG.

Same conventions as measures' charts: no JavaScript, colours as attributes (so a PDF or a
saved SVG looks like the page), a <title>, a caption that says what the chart shows in
words, and a table with the same numbers beside every chart (the templates draw it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from commonground.core.charts import chart_figure, nice_ticks

BRAND = "#1d5b4f"
ACCENT = "#b35c00"
GRID = "#b1b4b6"
TEXT = "#0b0c0c"
MUTED = "#505a5f"
_ids = count(1)


def _e(value) -> str:
    return str(conditional_escape(value))


@dataclass
class Bar:
    label: str
    value: float
    low: float | None = None
    high: float | None = None
    compare: float | None = None  # a second value drawn as a marker (e.g. census share)


def _svg(chart_id: str, width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg class="cg-chart__svg" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif">'
        f'<title id="{chart_id}-title">{_e(title)}</title>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


def bar_chart(
    bars: Sequence[Bar],
    title: str,
    caption: str,
    *,
    percent: bool = True,
    compare_label: str = "",
    width: int = 640,
) -> SafeString:
    """Horizontal bars, with interval whiskers where given and an optional comparison tick."""
    if not bars:
        return mark_safe("")
    chart_id = f"cg-consult-chart-{next(_ids)}"
    label_w, value_w, bar_h, gap, top = 200, 64, 20, 10, 8
    legend = 22 if compare_label else 0
    height = top + len(bars) * (bar_h + gap) + 24 + legend
    scale_to = 100.0 if percent else 1.0
    highest = max(
        [b.value for b in bars]
        + [b.high for b in bars if b.high is not None]
        + [b.compare for b in bars if b.compare is not None]
        + [0.0001]
    )
    ticks = nice_ticks(0, highest * scale_to)
    plot_w = width - label_w - value_w
    step = plot_w / ticks[-1]

    def x(v: float) -> float:
        return label_w + v * scale_to * step

    parts = []
    axis_y = top + len(bars) * (bar_h + gap)
    for tick in ticks:
        tx = label_w + tick * step
        label = f"{tick:g}%" if percent else f"{tick:g}"
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{axis_y}" stroke="{GRID}" '
            f'stroke-width="1"/><text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{label}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * (bar_h + gap)
        shown = f"{bar.value * 100:.0f}%" if percent else f"{bar.value:g}"
        row = [
            f"<g><title>{_e(bar.label)}: {shown}</title>"
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{_e(bar.label[:30])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(0.0, x(bar.value) - label_w):.1f}" '
            f'height="{bar_h}" fill="{BRAND}"/>'
        ]
        if bar.low is not None and bar.high is not None:
            mid = y + bar_h / 2
            row.append(
                f'<line x1="{x(bar.low):.1f}" x2="{x(bar.high):.1f}" y1="{mid}" y2="{mid}" '
                f'stroke="{TEXT}" stroke-width="2"/>'
                f'<line x1="{x(bar.low):.1f}" x2="{x(bar.low):.1f}" y1="{y + 4}" '
                f'y2="{y + bar_h - 4}" stroke="{TEXT}" stroke-width="2"/>'
                f'<line x1="{x(bar.high):.1f}" x2="{x(bar.high):.1f}" y1="{y + 4}" '
                f'y2="{y + bar_h - 4}" stroke="{TEXT}" stroke-width="2"/>'
            )
        if bar.compare is not None:
            row.append(
                f'<line x1="{x(bar.compare):.1f}" x2="{x(bar.compare):.1f}" y1="{y - 3}" '
                f'y2="{y + bar_h + 3}" stroke="{ACCENT}" stroke-width="3"/>'
            )
        end = max(x(bar.value), x(bar.high) if bar.high is not None else 0)
        row.append(
            f'<text x="{end + 6:.1f}" y="{y + 15}" font-size="13" fill="{TEXT}">{shown}</text></g>'
        )
        parts.append("".join(row))
    if compare_label:
        ly = height - 8
        parts.append(
            f'<line x1="{label_w}" x2="{label_w}" y1="{ly - 12}" y2="{ly + 2}" stroke="{ACCENT}" '
            f'stroke-width="3"/><text x="{label_w + 8}" y="{ly}" font-size="12" '
            f'fill="{TEXT}">{_e(compare_label)}</text>'
        )
    svg = mark_safe(_svg(chart_id, width, height, title, "".join(parts)))  # parts escaped by _e
    return chart_figure(svg, chart_id, caption)


def priorities_chart(snapshot: dict, labels: dict[str, str], title: str) -> SafeString:
    """The combined ranking: each option's share of support, with its bootstrap interval."""
    options = snapshot.get("options") or []
    bars = [
        Bar(labels.get(o["option"], o["option"]), o["score"], o["low"], o["high"]) for o in options
    ]
    if not bars:
        return mark_safe("")
    top = bars[0]
    caption = _(
        "Share of all support heard, highest first, with %(confidence)s%% intervals. "
        "Top: %(label)s, %(score)s%% (between %(low)s%% and %(high)s%%)."
    ) % {
        "confidence": round(snapshot.get("confidence", 0.95) * 100),
        "label": top.label,
        "score": round(top.value * 100),
        "low": round((top.low or 0) * 100),
        "high": round((top.high or 0) * 100),
    }
    return bar_chart(bars, title, caption)


def reach_chart(rows: Sequence[dict], title: str) -> SafeString:
    """Who we heard (bars) against the census share (orange ticks), for one dimension."""
    shown = [r for r in rows if r.get("population_share") is not None]
    bars = [
        Bar(r["label"], r.get("sample_share") or 0.0, compare=r["population_share"]) for r in shown
    ]
    under = [r["label"] for r in shown if r.get("under_represented")]
    caption = (
        _("Under-represented: %(groups)s.") % {"groups": ", ".join(under)}
        if under
        else _("No group is clearly under-represented on this measure.")
    )
    return bar_chart(bars, title, caption, compare_label=_("Census 2021 share"))


def counts_chart(items: Sequence[tuple[str, int]], title: str) -> SafeString:
    """Counts (e.g. comments per theme), largest first."""
    bars = [Bar(label, float(n)) for label, n in items]
    if not bars:
        return mark_safe("")
    caption = _("Largest: %(label)s, %(n)s comments.") % {
        "label": bars[0].label,
        "n": int(bars[0].value),
    }
    return bar_chart(bars, title, caption, percent=False)
