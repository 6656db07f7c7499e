"""Background work of the consult app (Django's tasks framework).

An analysis may be run again safely: `analysis.run` skips a run already done, and a rerun
replaces what a crashed try left (see `commonground.core.jobs` for leases and retries).
"""

from django.tasks import TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    from .models import AnalysisRun, RunStatus

    run = AnalysisRun.objects.select_related("consultation").get(pk=args[0])
    return Subject(
        label=f"{run.consultation.title}: {run.get_kind_display()}",
        url=run.get_absolute_url(),
        percent=run.percent if run.status == RunStatus.RUNNING else None,
    )


def _give_up(args: list, kwargs: dict, message: str) -> None:
    """The run's task failed for good: the run says so, and no longer blocks a new one."""
    from .models import AnalysisRun, RunStatus

    AnalysisRun.objects.filter(pk=args[0], status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def _again(args: list, kwargs: dict) -> None:
    from .models import AnalysisRun, RunStatus

    AnalysisRun.objects.filter(pk=args[0], status=RunStatus.FAILED).update(
        status=RunStatus.QUEUED, error="", percent=0, stage="", finished_at=None
    )


@recoverable(
    time_limit=3600,
    title=_("Conversation analysis"),
    subject=_subject,
    on_give_up=_give_up,
    before_retry=_again,
)
@task(takes_context=True)
def run_analysis_task(context: TaskContext, run_id: int) -> str:
    """Compute an analysis off the request path; its progress page polls the run's row."""
    from .analysis import run

    return run(run_id, task_id=str(context.task_result.id)).status
