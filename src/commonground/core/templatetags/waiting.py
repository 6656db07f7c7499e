"""``{% your_tools as tools %}``: the header's links to the signed-in person's tools.

What the tools are is decided app by app in `commonground.core.waiting`, asking permissions
by name; this only hands them to the layout (empty for anonymous visitors and error pages).
"""

from django import template

from commonground.core import waiting

register = template.Library()


@register.simple_tag(takes_context=True)
def your_tools(context) -> list[waiting.Tool]:
    user = getattr(context.get("request"), "user", None)  # error pages may have no user
    return waiting.tools(user) if user is not None else []
