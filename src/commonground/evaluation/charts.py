"""Server-drawn SVG charts of a result; each page shows the same numbers in a table beside it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from commonground.core.charts import chart_figure, nice_ticks

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 300, 56, 16, 16, 40


def _frame(low: float, high: float, labels: list[str]):
    ticks = nice_ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    span = (high - low) or 1.0
    n = max(len(labels) - 1, 1)

    def x(i: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * i / n

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - v) / span

    parts = []
    for t in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="12">{t:g}</text>'
        )
    step = max(1, len(labels) // 8)
    for i in range(0, len(labels), step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12">{escape(labels[i])}</text>'
        )
    return x, y, parts


def _svg(parts: list[str], chart_id: str, title: str) -> SafeString:
    return mark_safe(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" class="cg-chart__svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{"".join(parts)}</svg>'
    )


def lines_chart(
    periods: list[str], treated: list, other: list, start_index: int, other_label: str
) -> SafeString:
    """Treated wards against the comparison (or synthetic) line, the start marked."""
    values = [v for v in [*treated, *other] if v is not None]
    if not values:
        return mark_safe("")
    x, y, parts = _frame(min(values), max(values), periods)
    sx = x(start_index - 0.5)
    parts.append(
        f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="#505a5f" '
        'stroke-dasharray="4 4"/>'
    )
    for series, colour, dash in (
        (treated, "#1d70b8", ""),
        (other, "#d4351c", ' stroke-dasharray="6 3"'),
    ):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series) if v is not None)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
    caption = _(
        "Blue: the intervention's wards. Red, dashed: %(other)s. The dashed line marks the start."
    ) % {"other": other_label}
    title = _("The intervention's wards against %(other)s, period by period") % {
        "other": other_label
    }
    return chart_figure(_svg(parts, "evaluation-lines", title), "evaluation-lines", caption)


def event_chart(times: list[int], coefficients: list[float], intervals: list) -> SafeString:
    """Event-study coefficients with their 95 % intervals; −1 is the reference (0)."""
    points = sorted([(-1, 0.0, (0.0, 0.0)), *zip(times, coefficients, intervals, strict=True)])
    lows = [lo for _t, _b, (lo, _hi) in points]
    highs = [hi for _t, _b, (_lo, hi) in points]
    labels = [str(t) for t, _b, _c in points]
    x, y, parts = _frame(min([0.0, *lows]), max([0.0, *highs]), labels)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#0b0c0c"/>'
    )
    for i, (_t, b, (lo, hi)) in enumerate(points):
        parts.append(
            f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(lo):.1f}" y2="{y(hi):.1f}" '
            'stroke="#1d70b8" stroke-width="2"/>'
            f'<circle cx="{x(i):.1f}" cy="{y(b):.1f}" r="4" fill="#1d70b8"/>'
        )
    caption = _(
        # xgettext:no-python-format
        "Effect by period since the start (0 is the first period), with 95% intervals; the "
        "period before the start is the reference. Points before 0 near zero mean no sign of a "
        "difference before the start."
    )
    title = _("Effect by period since the start")
    return chart_figure(_svg(parts, "evaluation-events", title), "evaluation-events", caption)


def balance_chart(labels: list[str], synthetic: list[float], average: list[float]) -> SafeString:
    """How far the synthetic comparison and the plain average of the comparison wards sit from
    the intervention's ward on each matched figure, in standard deviations across wards (so
    figures in different units share one axis); 0 is the intervention's ward."""
    if not labels:
        return mark_safe("")
    label_width, row = 200, 30
    height = TOP + BOTTOM + row * len(labels)
    reach = max([0.5, *map(abs, synthetic), *map(abs, average)])
    ticks = nice_ticks(-reach, reach)
    low, high = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return label_width + (WIDTH - label_width - RIGHT) * (v - low) / ((high - low) or 1.0)

    parts = []
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP}" y2="{height - BOTTOM}" '
            f'stroke="{"#0b0c0c" if t == 0 else "#b1b4b6"}" stroke-width="1"/>'
            f'<text x="{x(t):.1f}" y="{height - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12">{t:g}</text>'
        )
    for i, (label, s, a) in enumerate(zip(labels, synthetic, average, strict=True)):
        cy = TOP + row * i + row / 2
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{cy + 4:.1f}" text-anchor="end" '
            f'font-size="12">{escape(short)}</text>'
            f'<rect x="{x(a) - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="none" '
            'stroke="#d4351c" stroke-width="2"/>'
            f'<circle cx="{x(s):.1f}" cy="{cy:.1f}" r="5" fill="#1d70b8"/>'
        )
    caption = _(
        "Each figure matched on: how far the synthetic comparison (blue dots) and the plain "
        "average of the comparison wards (red squares) sit from the intervention's ward (the "
        "line at 0), in standard deviations across wards. Dots near 0 mean a close match."
    )
    title = _("Balance: the synthetic comparison against the intervention's ward")
    svg = mark_safe(
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="evaluation-balance-'
        f'title" aria-describedby="evaluation-balance-desc" class="cg-chart__svg">'
        f'<title id="evaluation-balance-title">{escape(title)}</title>{"".join(parts)}</svg>'
    )
    return chart_figure(svg, "evaluation-balance", caption)
