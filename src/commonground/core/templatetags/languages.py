"""This page in each of the platform's languages, as real links.

``{% language_versions as versions %}`` gives, for every language in ``settings.LANGUAGES``,
the same page's address in that language (``translate_url``: the page's URL pattern reversed
with the language active, query string kept). The layout prints them twice: as
``<link rel="alternate" hreflang>`` in the head, so search engines and crawlers find each
language version, and as the language switcher's ``<a href>`` links, which need no form, no
cookie and no JavaScript (the language is in the path: ``/ur/…``, ``/pl/…``, English bare).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name_local: str
    bidi: bool
    path: str
    """The page in this language, from the site's root (for links on the page)."""
    url: str
    """The same, absolute (for hreflang, which must name the full address)."""
    current: bool


@register.simple_tag(takes_context=True)
def language_versions(context: template.Context) -> list[LanguageVersion]:
    """The page in each language; an error page (no URL pattern) offers each home page."""
    request: HttpRequest | None = context.get("request")
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    found = []
    for code, _name in settings.LANGUAGES:
        if request is not None and getattr(request, "resolver_match", None) is not None:
            path = translate_url(request.get_full_path(), code)
        else:
            with translation.override(code):
                path = reverse("core:home")
        info = translation.get_language_info(code)
        found.append(
            LanguageVersion(
                code=code,
                name_local=info["name_local"],
                bidi=info["bidi"],
                path=path,
                url=request.build_absolute_uri(path) if request is not None else path,
                current=code == current,
            )
        )
    return found
