"""Template tags for challenges: text in the reader's language, marked with its language."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def challenge_text(challenge, field: str) -> SafeString:
    """`field` of `challenge` in the reader's language where the designer wrote it, else in
    English, marked with its language so screen readers say it right."""
    text, language = challenge.text(field)
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    return format_html('<span lang="{}" dir="{}">{}</span>', language, direction, text)
