"""Background work of the consult app (Django's tasks framework)."""

from django.tasks import task


@task()
def run_analysis_task(run_id: int) -> str:
    """Compute an analysis off the request path; its progress page polls the run's row."""
    from .analysis import run

    return run(run_id).status
