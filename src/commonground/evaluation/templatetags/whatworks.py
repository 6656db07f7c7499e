"""``{% what_works proposal=… round=… %}``: the "What works" panel other apps include (the
Innovation Fund's proposal form and assessors' page), so they need no view changes."""

from __future__ import annotations

from django import template

from ..whatworks import for_proposal

register = template.Library()


@register.inclusion_tag("evaluation/includes/what_works.html")
def what_works(proposal=None, round=None, limit: int = 5, heading_level: int = 2) -> dict:
    """Decided, published interventions on the proposal's (or round's) themes."""
    return {"lessons": for_proposal(proposal, round, limit), "heading_level": heading_level}
