"""Background work of the people app: a selection run off the request path, with progress."""

from django.tasks import TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    from .models import RunStatus, SelectionRun

    run = SelectionRun.objects.select_related("pool").get(pk=args[0])
    return Subject(
        label=f"{run.pool.title}: {run.get_algorithm_display()}",
        url=run.get_absolute_url(),
        percent=run.percent if run.status == RunStatus.RUNNING else None,
    )


def _give_up(args: list, kwargs: dict, message: str) -> None:
    from .models import RunStatus, SelectionRun

    SelectionRun.objects.filter(
        pk=args[0], status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).update(status=RunStatus.FAILED, error=message[:2000], finished_at=timezone.now())


def _again(args: list, kwargs: dict) -> None:
    from .models import RunStatus, SelectionRun

    SelectionRun.objects.filter(pk=args[0], status=RunStatus.FAILED).update(
        status=RunStatus.QUEUED, error="", percent=0, stage="", finished_at=None
    )


@recoverable(
    time_limit=3600,
    title=_("Panel selection"),
    subject=_subject,
    on_give_up=_give_up,
    before_retry=_again,
)
@task(takes_context=True)
def run_selection_task(context: TaskContext, run_id: int) -> str:
    """Compute the distribution and draw the panel; the run's page polls its progress."""
    from .actions import run_selection

    return run_selection(run_id, task_id=str(context.task_result.id)).status
