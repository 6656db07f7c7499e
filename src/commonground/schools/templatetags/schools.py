"""Filters for the schools pages: shares as whole percentages, indices to three places."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(share: float | None) -> str:
    """0.374 → "37%"; None → "–" (no classified pupils, or no neighbours)."""
    if share is None:
        return "–"
    return f"{number_format(round(100 * share))}%"


@register.filter
def points(difference: float | None) -> str:
    """A difference of shares as signed percentage points: 0.183 → "+18.3"."""
    if difference is None:
        return "–"
    return f"{100 * difference:+.1f}"


@register.filter
def index3(value: float | None) -> str:
    """An index to three places, rounded as Python rounds (Django's number_format truncates
    floats through their repr, which can differ in the last place)."""
    return "–" if value is None else number_format(Decimal(f"{value:.3f}"), 3)


@register.filter
def lookup(mapping: dict, key: str):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def share_of(census, key: str) -> float | None:
    """A census row's share of classified pupils in group ``key``."""
    return census.share(key)
