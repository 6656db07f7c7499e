"""Template tags for background work: may the viewer see it, and did an object's task fail.

``{% may_see_background_work as show %}`` decides whether a page says how its work went;
``{% task_failure "commonground.fund.tasks.compute_results_task" round.pk as failure %}`` lets
an app page say "failed — try again" for work whose object keeps no status of its own.
"""

from django import template

from commonground.core.jobs import listing
from commonground.core.rules import may

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_background_work(context) -> bool:
    user = getattr(context.get("request"), "user", None)  # error pages may have no user
    return user is not None and may(user, "core.view_background_work")


@register.simple_tag
def task_failure(task_path: str, *args):
    return listing.latest_failure(task_path, list(args))
