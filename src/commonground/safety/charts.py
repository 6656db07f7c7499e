"""The tension chart: levels by ward and week as a grid of coloured squares (inline SVG).

The table beside it on the dashboard holds the same numbers and is its text alternative; the
colours run from pale to dark red with the level printed in each square, so no one needs to
tell colours apart to read it.
"""

from __future__ import annotations

import itertools
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from commonground.core.charts import chart_figure

_ids = itertools.count(1)

TEXT = "#0b0c0c"
NONE_FILL = "#f3f2f1"
LEVEL_FILLS = {1: "#fee5d9", 2: "#fcae91", 3: "#fb6a4a", 4: "#de2d26", 5: "#a50f15"}
LEVEL_TEXT = {1: TEXT, 2: TEXT, 3: TEXT, 4: "#ffffff", 5: "#ffffff"}


def level_grid(
    rows: list[tuple[str, list[int | None]]], weeks: list[date], caption: str
) -> SafeString:
    """One row per ward (its name, then the highest level each week, None for no report)."""
    chart_id = f"cg-tension-{next(_ids)}"
    left, top, cell, gap = 150, 28, 26, 2
    width = left + len(weeks) * (cell + gap) + 8
    height = top + len(rows) * (cell + gap) + 8
    heads = format_html_join(
        "",
        '<text x="{}" y="18" font-size="11" text-anchor="middle" fill="{}">{}</text>',
        (
            (left + i * (cell + gap) + cell / 2, TEXT, f"{monday.day}/{monday.month}")
            for i, monday in enumerate(weeks)
            if i % 2 == len(weeks) % 2 or len(weeks) <= 8
        ),
    )
    squares = []
    for r, (name, levels) in enumerate(rows):
        y = top + r * (cell + gap)
        squares.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="{}">{}</text>',
                left - 8,
                y + cell * 0.7,
                TEXT,
                name[:22],
            )
        )
        for i, level in enumerate(levels):
            x = left + i * (cell + gap)
            fill = LEVEL_FILLS.get(level, NONE_FILL) if level else NONE_FILL
            label = format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="{}">{}</text>',
                x + cell / 2,
                y + cell * 0.7,
                LEVEL_TEXT.get(level, TEXT),
                level,
            )
            squares.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#b1b4b6" '
                    'stroke-width="0.5"><title>{} {}/{}: {}</title></rect>{}',
                    x,
                    y,
                    cell,
                    cell,
                    fill,
                    name,
                    weeks[i].day,
                    weeks[i].month,
                    level if level else "–",
                    label if level else "",
                )
            )
    svg = format_html(
        '<svg viewBox="0 0 {0} {1}" width="100%" role="img" '
        'aria-describedby="{2}-desc" focusable="false"><title>{5}</title>{3}{4}</svg>',
        width,
        height,
        chart_id,
        heads,
        format_html_join("", "{}", ((s,) for s in squares)),
        _("Tension levels by ward and week"),
    )
    return chart_figure(svg, chart_id, caption)
