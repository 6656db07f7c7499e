"""Template tags for events: text in the reader's language, marked with the language it is in."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def event_text(event, field: str) -> SafeString:
    """`field` of `event` translated where the organiser gave a translation, otherwise as
    written, marked with its language (and direction) so screen readers say it right."""
    text, language = event.text(field)
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction, text)


@register.filter
def language_list(codes) -> str:
    """Language codes as names in the reader's language ("Urdu, Polish"); unknown codes as given."""
    from django.utils.translation import get_language_info, gettext

    names = []
    for code in codes or []:
        try:
            names.append(gettext(get_language_info(code)["name"]))
        except KeyError:
            names.append(str(code))
    return ", ".join(names)
