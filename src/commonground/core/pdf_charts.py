"""Chart text in PDFs: each chart's SVG text moved into HTML laid over the chart.

WeasyPrint draws SVG `<text>` one character at a time, each laid out alone, so Urdu came
out unjoined and reversed. The spans made here go through WeasyPrint's full text layout
(HarfBuzz shaping, the bidi algorithm, font fallback). This markup goes only into PDFs,
never to a browser, which is why it may carry `style` attributes: positions are computed
per label and the Content Security Policy does not apply inside WeasyPrint.
"""

import re

_CHART_SVG = re.compile(r'<svg class="cg-chart__svg[^"]*"[^>]*>.*?</svg>', re.S)
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_TEXT_ELEMENT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.S)
_ATTRIBUTE = re.compile(r'([a-zA-Z][\w:-]*)="([^"]*)"')
# Where the alphabetic baseline sits below the top of a line box as tall as the font size,
# for Arial-like fonts: SVG places text by its baseline, CSS by its box.
_BASELINE = 0.85
_MIDDLE_BOX = 240  # width of the box a centred label is centred in, in SVG units


def _number(value: str | None, default: float = 0.0) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _edge(attributes: dict[str, str]) -> str:
    """Which physical edge of a text sits at its x: "left", "right" or "centre"."""
    anchor = attributes.get("text-anchor", "start")
    if anchor == "middle":
        return "centre"
    rtl = attributes.get("direction") == "rtl"
    return "right" if (anchor == "end") != rtl else "left"


def _label(attributes: dict[str, str], content: str, width: float) -> str:
    x = _number(attributes.get("x"))
    y = _number(attributes.get("y"))
    size = _number(attributes.get("font-size"), 12)
    style = [
        "position:absolute",
        f"top:{y - size * _BASELINE:.1f}px",
        f"font-size:{size:g}px",
        f"line-height:{size:g}px",
        "white-space:nowrap",
        "margin:0",
    ]
    if fill := attributes.get("fill"):
        style.append(f"color:{fill}")
    edge = _edge(attributes)
    if edge == "left":
        style.append(f"left:{x:.1f}px")
    elif edge == "right":
        style.append(f"right:{width - x:.1f}px")
    else:
        left = x - _MIDDLE_BOX / 2
        style += [f"left:{left:.1f}px", f"width:{_MIDDLE_BOX}px", "text-align:center"]
    direction = attributes.get("direction")
    dir_attr = f' dir="{direction}"' if direction in ("ltr", "rtl") else ""
    return f'<span class="cg-chart__label"{dir_attr} style="{";".join(style)}">{content}</span>'


def _with_text_layer(match: re.Match) -> str:
    svg = match.group(0)
    root = dict(_ATTRIBUTE.findall(_SVG_OPEN.match(svg).group(1)))
    width, height = _number(root.get("width"), 0), _number(root.get("height"), 0)
    if not width or not height:
        return svg
    labels = [
        _label(dict(_ATTRIBUTE.findall(attrs)), content, width)
        for attrs, content in _TEXT_ELEMENT.findall(svg)
    ]
    if not labels:
        return svg
    shapes = _TEXT_ELEMENT.sub("", svg)
    shapes = shapes.replace(
        "<svg ", f'<svg style="width:{width:g}px;height:{height:g}px;max-width:none" ', 1
    )
    return (
        f'<div class="cg-chart__canvas" style="position:relative;width:{width:g}px;'
        f'height:{height:g}px">{shapes}{"".join(labels)}</div>'
    )


def pdf_text_layer(html: str) -> str:
    """A page's HTML with each chart's text moved from its SVG into HTML laid over it.

    For PDFs only (see the module's docstring): the chart is drawn at its own size, in CSS
    pixels, and each label is an absolutely placed span with the same position, edge, size
    and colour, so HarfBuzz shapes it and the bidi algorithm orders it like any other text
    in the PDF. Browsers shape SVG text themselves, so pages keep the SVG as it is.
    """
    return _CHART_SVG.sub(_with_text_layer, html)
