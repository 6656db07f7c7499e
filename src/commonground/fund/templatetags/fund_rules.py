"""``{% fund_may "fund.ballot.cast" round as can_vote %}``: templates ask for a fund permission
by name, like actions and views (``fund/rules.py``), instead of comparing phase names."""

from __future__ import annotations

from django import template

from ..rules import may

register = template.Library()


@register.simple_tag(takes_context=True)
def fund_may(context, perm: str, obj=None) -> bool:
    """Whether the signed-in (or anonymous) user holds ``perm`` on ``obj`` now."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return may(user, perm, obj)


@register.filter
def phase_allows(round_, feature: str) -> bool:
    """Whether the round's phase switches ``feature`` on, whoever asks: for inviting someone
    not signed in yet ("Propose a project" leads to the sign-in page first)."""
    return bool(round_ is not None and round_.allows(feature))
