"""The readiness profile chart and the ward map, as inline SVG (the table beside each is in
the template, and is the figure's text alternative)."""

from __future__ import annotations

import itertools

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from commonground.core import geometry
from commonground.core.charts import chart_figure

_ids = itertools.count(1)

TEXT = "#0b0c0c"
BAR = "#1d70b8"
LOW = "#d4351c"
GRID = "#b1b4b6"
# Nine stages, light to dark (colour-blind safe blues), then grey for "no assessment".
STAGE_FILLS = (
    "#f7fbff",
    "#deebf7",
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#08306b",
)
NONE_FILL = "#f3f2f1"


def profile_chart(rows: list[dict], caption: str, width: int = 640) -> SafeString:
    """Bars of the six dimension scores on a 1–9 scale, the lowest in red.

    ``rows``: dicts with ``letter``, ``name``, ``score`` (float) and ``lowest`` (bool).
    """
    chart_id = f"cg-readiness-{next(_ids)}"
    left, right, top, bar_h, gap = 36, 16, 24, 22, 10
    plot = width - left - right
    height = top + len(rows) * (bar_h + gap) + 24

    def x(value: float) -> float:
        return left + (value - 1) / 8 * plot

    grid = format_html_join(
        "",
        '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1"/>'
        '<text x="{0}" y="{4}" font-size="12" text-anchor="middle" fill="{5}">{6}</text>',
        ((f"{x(n):.1f}", top - 4, height - 20, GRID, height - 6, TEXT, n) for n in range(1, 10)),
    )
    bars = format_html_join(
        "",
        '<text x="4" y="{0}" font-size="14" font-weight="bold" fill="{1}">{2}</text>'
        '<rect x="{3}" y="{4}" width="{5}" height="{6}" fill="{7}"><title>{8}: {9}</title>'
        "</rect>",
        (
            (
                top + i * (bar_h + gap) + bar_h - 6,  # baseline of the letter
                TEXT,
                row["letter"],
                left,
                top + i * (bar_h + gap),
                f"{max(1.0, x(row['score']) - left):.1f}",
                bar_h,
                LOW if row["lowest"] else BAR,
                row["name"],
                number_format(row["score"], 2),  # "5,00" on a Polish page
            )
            for i, row in enumerate(rows)
        ),
    )
    svg = format_html(
        '<svg class="cg-chart__svg" role="img" aria-labelledby="{0}-title" '
        'aria-describedby="{0}-desc" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif">'
        '<title id="{0}-title">{3}</title>{4}{5}</svg>',
        chart_id,
        width,
        height,
        _("Readiness score by dimension (1 to 9)"),
        grid,
        bars,
    )
    return chart_figure(svg, chart_id, caption)


def ward_map(wards: list, stages: dict[int, int], caption: str, width: int = 640) -> SafeString:
    """Wards shaded by stage (1–9); wards without an assessment in grey."""
    shaped = [w for w in wards if w.boundary]
    if not shaped:
        return mark_safe("")
    projection = geometry.Projection(
        [r for w in shaped for r in geometry.rings(w.boundary)], width=width, pad=8
    )
    chart_id = f"cg-readiness-map-{next(_ids)}"
    paths = format_html_join(
        "",
        '<path d="{}" fill="{}" stroke="#505a5f" stroke-width="0.5" fill-rule="evenodd">'
        "<title>{}: {}</title></path>",
        (
            (
                projection.path(w.boundary),
                STAGE_FILLS[stages[w.pk] - 1] if w.pk in stages else NONE_FILL,
                w.name,
                _("stage %(n)s") % {"n": stages[w.pk]} if w.pk in stages else _("not assessed"),
            )
            for w in shaped
        ),
    )
    map_h = projection.height
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="18" height="18" fill="{}" stroke="#505a5f"/>'
        '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
        (
            (
                8 + (n - 1) * 60,
                f"{map_h + 8:.0f}",
                STAGE_FILLS[n - 1],
                30 + (n - 1) * 60,
                f"{map_h + 22:.0f}",
                TEXT,
                n,
            )
            for n in range(1, 10)
        ),
    )
    height = map_h + 36
    svg = format_html(
        '<svg class="cg-chart__svg cg-map__svg" role="img" aria-labelledby="{0}-title" '
        'aria-describedby="{0}-desc" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif">'
        '<title id="{0}-title">{3}</title>{4}{5}</svg>',
        chart_id,
        width,
        f"{height:.0f}",
        _("Stage of readiness by ward"),
        paths,
        legend,
    )
    return chart_figure(svg, chart_id, caption, "cg-chart--map")
