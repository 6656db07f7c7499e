"""Background tasks of the fund app (Django's tasks framework).

The count may be run again safely: `compute_results` works in one locked transaction and
reuses a pot's stored snapshot, so a rerun after a crash either computes it once or finds it.
"""

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    from .models import Round

    round_ = Round.objects.only("title", "slug").get(pk=args[0])
    return Subject(label=round_.title, url=reverse("fund:results", args=[round_.slug]))


@recoverable(time_limit=1800, title=_("Count of a vote"), subject=_subject)
@task()
def compute_results_task(round_id: int, *, actor_id: int) -> dict[str, list[str]]:
    """Count a closed vote off the request path: 100,000 ballots take seconds, not a request.

    The task carries the id of the officer who closed the vote (a keyword, so the round's id
    alone still finds the task's failure for the results page; "Try again" reruns it with the
    same arguments): the count is theirs, checked against ``fund.results.compute`` and audited
    under their name like any other action."""
    from django.contrib.auth import get_user_model

    from .actions import compute_results

    actor = get_user_model().objects.get(pk=actor_id)
    return {s.pot_key: s.selected for s in compute_results(actor=actor, round_=round_id)}
