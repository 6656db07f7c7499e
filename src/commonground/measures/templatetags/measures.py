"""Measures' template tags: figures with their units, and charts and maps as inline SVG.

Charts are drawn on the server (no JavaScript chart library, no network), in SVG with
colours as attributes so a downloaded SVG or PNG looks like the page. Each chart has a
<title>, a text alternative in its caption, and a table with the same numbers beside it.
"""

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import count

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy

from commonground.core import geometry
from commonground.core.charts import chart_figure, nice_ticks
from commonground.core.templatetags.commonground import number
from commonground.core.templatetags.commonground import period as period_label
from commonground.measures.suppression import SYMBOL, threshold

register = template.Library()


def _html(template_: str, *args, **kwargs) -> SafeString:
    """format_html that leaves numbers as numbers, so "{:.1f}" works on coordinates."""

    def escape(value):
        return value if isinstance(value, int | float) else conditional_escape(value)

    return mark_safe(
        template_.format(*map(escape, args), **{k: escape(v) for k, v in kwargs.items()})
    )


_ids = count(1)

BRAND = "#1d5b4f"
ACCENT = "#b35c00"
GRID = "#d8dcd9"
TEXT = "#0b0c0c"
NO_DATA = "#f3f2f1"
# ColorBrewer YlGnBu, 5 classes: ordered light to dark, readable in greyscale.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Lazy: a module-level pgettext ran once, at import, in English, so the RAG words stayed
# English on Urdu and Polish pages.
RAG_LABELS = {
    "green": pgettext_lazy("rag", "Green"),
    "amber": pgettext_lazy("rag", "Amber"),
    "red": pgettext_lazy("rag", "Red"),
    "none": pgettext_lazy("rag", "Not rated"),
}


# -- values -----------------------------------------------------------------------------


def format_value(value: Decimal | float | None, indicator, places: int | None = None) -> str:
    """A value with its unit in the active language: "62.6%", "1,624", "0.672", "£3,000"."""
    if value is None:
        return ""
    places = indicator.decimal_places if places is None else places
    text = number(round(Decimal(value), places), places)
    match indicator.unit:
        case "percent":
            return pgettext("figure", "%(value)s%%") % {"value": text}
        case "currency":
            return pgettext("figure", "£%(value)s") % {"value": text}
        case "rate_per_1000":
            return pgettext("figure", "%(value)s per 1,000") % {"value": text}
        case "years":
            return pgettext("figure", "%(value)s years") % {"value": text}
    return text


@register.simple_tag
def measure(point, indicator) -> SafeString:
    """A published figure: its formatted value, or "[c]" explained when withheld."""
    if point is None:
        return mark_safe('<span class="cg-secondary-text">–</span>')
    if getattr(point, "suppressed", False):
        if getattr(point, "complement", False):
            why = gettext(
                "Withheld so that a withheld figure beside it cannot be worked out by subtraction"
            )
        else:
            why = gettext("Withheld: fewer than %(n)s people, so that nobody can be identified") % {
                "n": threshold()
            }
        return _html('<abbr class="cg-suppressed" title="{}">{}</abbr>', why, SYMBOL)
    return _html("{}", format_value(point.value, indicator))


@register.simple_tag
def measure_parts(parts, indicator) -> SafeString:
    """Figures of a measure published only by breakdown: "primary 52.4%, secondary 66.8%"."""
    if not parts:
        return mark_safe('<span class="cg-secondary-text">–</span>')
    shown = [
        _html('<span class="cg-part">{} {}</span>', p.breakdown_value, measure(p, indicator))
        for p in parts
    ]
    return mark_safe(", ".join(shown))


@register.simple_tag
def figure_source(point, indicator) -> str:
    """Who a figure comes from: the partner that published it, else the measure's source.

    A strategy baseline is credited to the strategy that quoted it: the measure's own
    source (say, the police) published the later figures, not that one.
    """
    if point is None:
        return ""
    if point.origin == "strategy":
        return gettext("quoted in the strategy")
    return point.source or indicator.source


NOT_RATED_TEXT = {
    "no_direction": gettext_lazy("no direction counts as better, so it is shown for context"),
    "no_baseline": gettext_lazy("no baseline to measure change from"),
    "no_new_figure": gettext_lazy("no figure yet since the baseline"),
    "by_group": gettext_lazy("figures only for groups (such as school phase), none for everyone"),
}


@register.filter
def not_rated_reason(reason: str) -> str:
    """Why one measure is not rated, in words (the part of the rule it misses)."""
    return NOT_RATED_TEXT.get(reason, "")


@register.simple_tag
def value(number_, indicator, signed: bool = False) -> str:
    """A bare value (baseline, target, change) with the indicator's unit."""
    if number_ is None:
        return "–"
    if signed and indicator.unit == "percent":
        # A change in a percentage is a difference of percentage points, not a per cent.
        places = indicator.decimal_places
        points = number(round(abs(Decimal(number_)), places), places)
        text = gettext("%(value)s percentage points") % {"value": points}
    else:
        text = format_value(abs(number_) if signed else number_, indicator)
    if signed:
        if number_ > 0:
            return "+" + text
        if number_ < 0:
            return "−" + text
    return text


@register.simple_tag
def rag_tag(rating) -> SafeString:
    status = rating.status.value if rating else "none"
    return _html(
        '<strong class="govuk-tag cg-rag cg-rag--{}">{}</strong>', status, RAG_LABELS[status]
    )


@register.filter
def breakdown_label(key: str) -> str:
    """ "sex=female;age_band=16-24" → "age band: 16-24, sex: female"."""
    if not key:
        return gettext("Everyone")
    parts = []
    for pair in key.split(";"):
        name, _sep, val = pair.partition("=")
        parts.append(
            f"{name.replace('_', ' ')}: {val.replace('-', ' ') if name != 'age_band' else val}"
        )
    return ", ".join(parts)


# -- scales -----------------------------------------------------------------------------


def _tick_label(tick: float, indicator) -> str:
    places = 0 if float(tick).is_integer() else min(3, max(1, indicator.decimal_places))
    return format_value(Decimal(str(tick)), indicator, places)


# -- trend ------------------------------------------------------------------------------


@register.simple_tag
def trend_chart(
    series: Sequence, indicator, title: str, width: int = 640, height: int = 280
) -> SafeString:
    """A line chart of figures over time, with the baseline and target as labelled lines."""
    shown = [p for p in series if p.value is not None]
    if not shown:
        return mark_safe("")
    chart_id = f"cg-chart-{next(_ids)}"
    left, right, top, bottom = 64, 16, 16, 40
    values = [float(p.value) for p in shown]
    extra = [float(v) for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    low = min([*values, *extra, 0.0]) if min(values) >= 0 else min([*values, *extra])
    ticks = nice_ticks(low, max([*values, *extra]))
    y0, y1 = ticks[0], ticks[-1]
    first, last = shown[0].period_end, shown[-1].period_end
    span = max((last - first).days, 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        if len(shown) == 1:
            return left + plot_w / 2
        return left + (day - first).days / span * plot_w

    def y(v: float) -> float:
        return top + plot_h - (v - y0) / (y1 - y0) * plot_h

    parts = [
        _html(
            '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="1"/>'
            '<text x="{}" y="{:.1f}" text-anchor="end" font-size="12" fill="{}">{}</text>',
            left,
            width - right,
            y(t),
            y(t),
            GRID,
            left - 6,
            y(t) + 4,
            TEXT,
            _tick_label(t, indicator),
        )
        for t in ticks
    ]
    step = max(1, math.ceil(len(shown) / 8))
    for index, p in enumerate(shown):
        if index % step == 0 or index == len(shown) - 1:
            parts.append(
                _html(
                    '<text x="{:.1f}" y="{}" text-anchor="middle" font-size="12" '
                    'fill="{}">{}</text>',
                    x(p.period_end),
                    height - bottom + 18,
                    TEXT,
                    period_label(p.period),
                )
            )
    for label, level, colour, dash in (
        (gettext("Baseline"), indicator.baseline_value, "#505a5f", "6 4"),
        (gettext("Target"), indicator.target_value, ACCENT, "2 3"),
    ):
        if level is not None:
            parts.append(
                _html(
                    '<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="{}"/><text x="{}" y="{:.1f}" text-anchor="end" '
                    'font-size="12" fill="{}">{}</text>',
                    left,
                    width - right,
                    y(float(level)),
                    y(float(level)),
                    colour,
                    dash,
                    width - right,
                    y(float(level)) - 4,
                    colour,
                    label,
                )
            )
    path = "M" + "L".join(f"{x(p.period_end):.1f} {y(float(p.value)):.1f}" for p in shown)
    parts.append(_html('<path d="{}" fill="none" stroke="{}" stroke-width="3"/>', path, BRAND))
    parts.append(
        "".join(
            _html(
                '<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"><title>{}: {}</title></circle>',
                x(p.period_end),
                y(float(p.value)),
                BRAND,
                p.period,
                format_value(p.value, indicator),
            )
            for p in shown
        )
    )
    high = max(shown, key=lambda p: p.value)
    low_p = min(shown, key=lambda p: p.value)
    description = gettext(
        "%(name)s from %(first)s to %(last)s: %(start)s in %(first)s and %(end)s in %(last)s; "
        "highest %(high)s (%(high_period)s), lowest %(low)s (%(low_period)s)."
    ) % {
        "name": indicator.name,
        "first": shown[0].period,
        "last": shown[-1].period,
        "start": format_value(shown[0].value, indicator),
        "end": format_value(shown[-1].value, indicator),
        "high": format_value(high.value, indicator),
        "high_period": high.period,
        "low": format_value(low_p.value, indicator),
        "low_period": low_p.period,
    }
    if len(shown) == 1:
        description = gettext("%(name)s: one figure so far, %(value)s in %(period)s.") % {
            "name": indicator.name,
            "value": format_value(shown[0].value, indicator),
            "period": shown[0].period,
        }
    svg = _html(
        '<svg class="cg-chart__svg" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Arial, sans-serif"><title id="{id}-title">{title}</title>'
        '<rect width="{w}" height="{h}" fill="#ffffff"/>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        body=mark_safe("".join(parts)),
    )
    return chart_figure(svg, chart_id, description)


# -- bars -------------------------------------------------------------------------------


@register.simple_tag
def bar_chart(points: Sequence, indicator, title: str, width: int = 640) -> SafeString:
    """Horizontal bars, one per breakdown value (withheld values are marked, not drawn)."""
    if not points:
        return mark_safe("")
    chart_id = f"cg-chart-{next(_ids)}"
    label_w, value_w, bar_h, gap = 190, 90, 22, 8
    height = len(points) * (bar_h + gap) + gap
    shown = [float(p.value) for p in points if p.value is not None]
    top = max([*shown, 0.0]) or 1.0
    ticks = nice_ticks(0, top)
    scale = (width - label_w - value_w) / ticks[-1]
    rows = []
    for index, p in enumerate(points):
        y = gap + index * (bar_h + gap)
        label = p.breakdown_value or gettext("Everyone")
        shown_value = SYMBOL if p.value is None else format_value(p.value, indicator)
        bar = (
            _html(
                '<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>',
                label_w,
                y,
                float(p.value) * scale,
                bar_h,
                BRAND,
            )
            if p.value is not None
            else mark_safe("")
        )
        rows.append(
            _html(
                '<g><title>{}: {}</title><text x="{}" y="{}" text-anchor="end" font-size="13" '
                'fill="{}">{}</text>{}<text x="{:.1f}" y="{}" font-size="13" '
                'fill="{}">{}</text></g>',
                label,
                shown_value,
                label_w - 8,
                y + 16,
                TEXT,
                label[:28],
                bar,
                label_w + (float(p.value) * scale if p.value is not None else 0) + 6,
                y + 16,
                TEXT,
                shown_value,
            )
        )
    ordered = sorted((p for p in points if p.value is not None), key=lambda p: -p.value)
    description = (
        gettext("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).")
        % {
            "high": ordered[0].breakdown_value,
            "high_value": format_value(ordered[0].value, indicator),
            "low": ordered[-1].breakdown_value,
            "low_value": format_value(ordered[-1].value, indicator),
        }
        if ordered
        else gettext("Every figure is withheld.")
    )
    svg = _html(
        '<svg class="cg-chart__svg" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Arial, sans-serif"><title id="{id}-title">{title}</title>'
        '<rect width="{w}" height="{h}" fill="#ffffff"/>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        body=mark_safe("".join(rows)),
    )
    return chart_figure(svg, chart_id, description)


# -- choropleth -------------------------------------------------------------------------


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` classes with about as many areas in each (quantiles)."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks = []
    for k in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, math.ceil(k * len(ordered) / classes) - 1)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def _fingerprint(area) -> tuple:
    rings = geometry.rings(area.boundary)
    first = tuple(rings[0][0][:2]) if rings and rings[0] else ()
    return (area.code, len(rings), first)


@register.simple_tag
def choropleth(map_data, indicator, title: str, width: int = 640) -> SafeString:
    """Areas shaded by their figure in five classes, with a legend and a caption."""
    if map_data is None or not map_data.areas:
        return mark_safe("")
    areas = map_data.areas
    key = tuple(_fingerprint(a) for a in areas)
    paths, map_h = _projected_paths(key, areas, width)
    chart_id = f"cg-chart-{next(_ids)}"
    values = [float(p.value) for p in map_data.values.values() if p.value is not None]
    breaks = class_breaks(values)
    palette = (
        PALETTE if len(breaks) >= 5 else PALETTE[:: max(1, 5 // max(len(breaks), 1))][: len(breaks)]
    )
    shapes = []
    for area, path in zip(areas, paths, strict=True):
        point = map_data.values.get(area.pk)
        if point is None or point.value is None:
            fill = f"url(#{chart_id}-hatch)"
            label = SYMBOL if point is not None else gettext("no figure")
        else:
            v = float(point.value)
            fill = palette[next(i for i, b in enumerate(breaks) if v <= b)]
            label = format_value(point.value, indicator)
        shapes.append(
            _html(
                '<path d="{}" fill="{}" stroke="#ffffff" stroke-width="1" fill-rule="evenodd">'
                "<title>{}: {}</title></path>",
                path,
                fill,
                area.name,
                label,
            )
        )
    legend_y = map_h + 8
    legend = []
    lower = min(values) if values else 0
    for index, bound in enumerate(breaks):
        x = 8 + index * 120
        legend.append(
            _html(
                '<rect x="{}" y="{:.0f}" width="18" height="18" fill="{}" stroke="#505a5f"/>'
                '<text x="{}" y="{:.0f}" font-size="12" fill="{}">{}–{}</text>',
                x,
                legend_y,
                palette[index],
                x + 24,
                legend_y + 14,
                TEXT,
                format_value(lower, indicator),
                format_value(bound, indicator),
            )
        )
        lower = bound
    legend.append(
        _html(
            '<rect x="{}" y="{:.0f}" width="18" height="18" fill="url(#{}-hatch)" '
            'stroke="#505a5f"/>'
            '<text x="{}" y="{:.0f}" font-size="12" fill="{}">{}</text>',
            8,
            legend_y + 26,
            chart_id,
            32,
            legend_y + 40,
            TEXT,
            gettext("No figure, or withheld"),
        )
    )
    height = legend_y + 52
    named = sorted(
        (
            (p.value, area.name)
            for area in areas
            if (p := map_data.values.get(area.pk)) and p.value is not None
        ),
        reverse=True,
    )
    if named:
        description = gettext(
            "Map of %(count)s areas for %(period)s. Highest: %(high)s; lowest: %(low)s. "
            "%(missing)s areas have no figure or a withheld one. The table gives every figure."
        ) % {
            "count": len(areas),
            "period": map_data.period,
            "high": "; ".join(f"{n} ({format_value(v, indicator)})" for v, n in named[:3]),
            "low": "; ".join(f"{n} ({format_value(v, indicator)})" for v, n in named[-3:][::-1]),
            "missing": len(areas) - len(named),
        }
    else:
        description = gettext("No area has a figure to map for this period.")
    svg = _html(
        '<svg class="cg-chart__svg cg-map__svg" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" viewBox="0 0 {w} {h:.0f}" width="{w}" height="{h:.0f}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif">'
        '<title id="{id}-title">{title}</title><defs><pattern id="{id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" '
        'fill="{nodata}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b1b4b6" stroke-width="2"/>'
        '</pattern></defs><rect width="{w}" height="{h:.0f}" fill="#ffffff"/>'
        "{shapes}{legend}</svg>",
        id=chart_id,
        w=width,
        h=height,
        title=title,
        nodata=NO_DATA,
        shapes=mark_safe("".join(shapes)),
        legend=mark_safe("".join(legend)),
    )
    return chart_figure(svg, chart_id, description, "cg-chart--map")


_PATH_CACHE: dict[tuple, tuple[tuple[str, ...], float]] = {}


def _projected_paths(key: tuple, areas: Sequence, width: int) -> tuple[tuple[str, ...], float]:
    cache_key = (key, width)
    found = _PATH_CACHE.get(cache_key)
    if found is None:
        projection = geometry.Projection(
            [r for a in areas for r in geometry.rings(a.boundary)], width=width, pad=8
        )
        found = (tuple(projection.path(a.boundary) for a in areas), projection.height)
        if len(_PATH_CACHE) > 32:
            _PATH_CACHE.clear()
        _PATH_CACHE[cache_key] = found
    return found


# -- officers' change history -------------------------------------------------------------


@register.simple_tag
def audit_change(event) -> str:
    """An audit event on an indicator in words: "Target set: 72 by 2025-12-31"."""
    data = event.data or {}
    match event.action:
        case "measures.target_set":
            after = data.get("after", {})
            if after.get("value") in (None, "None"):
                return gettext("Target cleared")
            return gettext("Target set: %(value)s by %(date)s (was %(before)s)") % {
                "value": after.get("value"),
                "date": after.get("date"),
                "before": _was(data.get("before", {}).get("value")),
            }
        case "measures.owner_set":
            return gettext("Owner set: %(owner)s (was %(before)s)") % {
                "owner": data.get("owner") or gettext("nobody"),
                "before": _was(data.get("before")),
            }
        case "measures.indicator_published":
            return gettext("Published")
        case "measures.indicator_unpublished":
            return gettext("Withdrawn from public pages")
    return event.action


def _was(value) -> str:
    return gettext("none") if value in (None, "None", "") else str(value)
