"""``{% myth_text myth "answer" as answer %}``: a myth's text in the reader's language, or in
English where it is not written yet, with what the template needs to mark it up."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

RTL = {"ur"}


@register.simple_tag
def myth_text(myth, field: str) -> dict:
    """{"text", "lang", "dir" ("rtl"/"ltr"), "fallback" (True when shown in English instead
    of the reader's language)}."""
    reader = (get_language() or "en").split("-")[0]
    text, language = (myth.question if field == "question" else myth.answer)(reader)
    return {
        "text": text,
        "lang": language,
        "dir": "rtl" if language in RTL else "ltr",
        "fallback": language != reader,
    }
