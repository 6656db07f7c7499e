"""Layout tags for small screens: a table that scrolls inside the page, not the page.

A table wider than a 390 px phone makes the browser render the whole page zoomed out, so
every word on it is tiny. Wrapping the table in a scrolling region keeps the page at the
screen's width: the table scrolls sideways on its own, with a shadow on the side that has
more to show (see `.cg-table-scroll` in static_src/_brand.scss; it works right to left too).

The region is focusable and named, as WCAG asks of a scrolling area, so a keyboard user can
scroll it and a screen reader announces what it holds:

    {% scrolltable %}<table>…<caption>Measures for City</caption>…</table>{% endscrolltable %}
    {% scrolltable _("Milestones") %}<table>…</table>{% endscrolltable %}

Without a label the region takes its name from the table's caption. The tag is a template
builtin (settings.TEMPLATES), so templates use it without `{% load %}`.
"""

import re
from html import unescape

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)


def caption_text(html: str) -> str:
    """The plain text of the first table caption in `html`, or "" when there is none."""
    match = _CAPTION.search(html)
    if not match:
        return ""
    return " ".join(unescape(strip_tags(match.group(1))).split())


def scroll_region(html: str, label: str = "") -> SafeString:
    """`html` (a rendered table) inside a named, focusable region that scrolls sideways.

    The name is `label`, else the table's caption, else a generic "Table" so the region is
    never unnamed (axe's `scrollable-region-focusable` and `region` rules).
    """
    name = label or caption_text(html) or gettext("Table")
    return format_html(
        '<div class="cg-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
        name,
        mark_safe(html),
    )


class ScrollTableNode(template.Node):
    """Renders its contents, then wraps them with `scroll_region`."""

    def __init__(self, nodelist: NodeList, label: FilterExpression | None):
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        label = str(self.label.resolve(context)) if self.label is not None else ""
        return scroll_region(self.nodelist.render(context), label)


@register.tag("scrolltable")
def scrolltable(parser: Parser, token: Token) -> ScrollTableNode:
    """`{% scrolltable [label] %}…table…{% endscrolltable %}`: see the module docstring."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes at most one argument (the region's label), got {len(bits) - 1}"
        )
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, label)
