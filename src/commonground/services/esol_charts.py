"""The ESOL gaps map: wards shaded by learners waiting beyond the free places there, with a
numbered dot for each class venue (inline SVG; the tables beside it on the page give every
figure and every venue and are its text alternative)."""

from __future__ import annotations

import itertools

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from commonground.core import geometry
from commonground.core.charts import chart_figure

from .esol_gaps import Venue, WardGap

_ids = itertools.count(1)
TEXT = "#0b0c0c"
VENUE = "#1d70b8"
# Unmet need classes, light to dark (colour-blind safe oranges): none, 1–4, 5–9, 10 or more.
CLASSES = ((0, "#fff5eb"), (1, "#fdbe85"), (5, "#fd8d3c"), (10, "#d94701"))


def _fill(unmet: int) -> str:
    return [fill for floor, fill in CLASSES if unmet >= floor][-1]


def _class_labels() -> list[str]:
    return [_("none"), _("1 to 4"), _("5 to 9"), _("10 or more")]


def gaps_map(
    rows: list[WardGap], caption: str, width: int = 640, venues: list[Venue] | None = None
) -> SafeString:
    """Wards shaded by unmet need (learners waiting beyond the free places in the ward), with
    the class venues as numbered dots (numbered as in the venues table)."""
    shaped = [r for r in rows if r.ward.boundary]
    if not shaped:
        return mark_safe("")
    projection = geometry.Projection(
        [ring for r in shaped for ring in geometry.rings(r.ward.boundary)], width=width, pad=8
    )
    chart_id = f"cg-esol-map-{next(_ids)}"
    paths = format_html_join(
        "",
        '<path d="{}" fill="{}" stroke="#505a5f" stroke-width="0.5" fill-rule="evenodd">'
        "<title>{}: {}</title></path>",
        (
            (
                projection.path(r.ward.boundary),
                _fill(r.unmet),
                r.ward.name,
                _("%(n)s waiting beyond the free places") % {"n": r.unmet},
            )
            for r in shaped
        ),
    )
    dots = format_html_join(
        "",
        '<g class="cg-esol-map__venue"><circle cx="{}" cy="{}" r="8" fill="{}" stroke="#ffffff" '
        'stroke-width="1.5"/><text x="{}" y="{}" dy="4" text-anchor="middle" font-size="10" '
        'fill="#ffffff" aria-hidden="true">{}</text><title>{}. {}: {}</title></g>',
        (
            (
                f"{x:.1f}",
                f"{y:.1f}",
                VENUE,
                f"{x:.1f}",
                f"{y:.1f}",
                v.number,
                v.number,
                v.name,
                _("%(n)s free places") % {"n": v.places_left},
            )
            for v in venues or []
            if v.latitude is not None and v.longitude is not None
            for x, y in [projection.point(v.longitude, v.latitude)]
            if 0 <= x <= width and 0 <= y <= projection.height
        ),
    )
    top = projection.height
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="18" height="18" fill="{}" stroke="#505a5f"/>'
        '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
        (
            (8 + i * 150, f"{top + 8:.0f}", fill, 30 + i * 150, f"{top + 22:.0f}", TEXT, label)
            for i, ((_floor, fill), label) in enumerate(zip(CLASSES, _class_labels(), strict=True))
        ),
    )
    height = top + 36
    svg = format_html(
        '<svg class="cg-chart__svg cg-map__svg" role="img" aria-labelledby="{0}-title" '
        'aria-describedby="{0}-desc" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif">'
        '<title id="{0}-title">{3}</title>{4}{5}{6}</svg>',
        chart_id,
        width,
        f"{height:.0f}",
        _("Learners waiting beyond the free ESOL places, by ward"),
        paths,
        dots,
        legend,
    )
    return chart_figure(svg, chart_id, caption, "cg-chart--map")
