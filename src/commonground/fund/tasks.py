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
def compute_results_task(round_id: int) -> dict[str, list[str]]:
    """Count a closed vote off the request path: 100,000 ballots take seconds, not a request."""
    from .actions import compute_results

    return {s.pot_key: s.selected for s in compute_results(round_id)}
