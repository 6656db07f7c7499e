"""Background tasks of the fund app (Django's tasks framework)."""

from django.tasks import task


@task()
def compute_results_task(round_id: int) -> dict[str, list[str]]:
    """Count a closed vote off the request path: 100,000 ballots take seconds, not a request."""
    from .actions import compute_results

    return {s.pot_key: s.selected for s in compute_results(round_id)}
