"""Background work of volunteering: sending a call-out's messages off the request path."""

from django.db.models import Count, Q
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    """The call-out, and while it is being sent how far it has got (the Background work page
    shows it; each batch the task stamps moves it)."""
    from .models import CallOut, CallOutStatus

    callout = CallOut.objects.get(pk=args[0])
    percent = None
    if callout.status == CallOutStatus.QUEUED:
        counts = callout.recipients.aggregate(
            total=Count("pk"), sent=Count("pk", filter=Q(sent_at__isnull=False))
        )
        if counts["total"]:
            percent = counts["sent"] * 100 // counts["total"]
    return Subject(label=callout.title, url=callout.get_absolute_url(), percent=percent)


@recoverable(time_limit=3600, title=_("Volunteer call-out"), subject=_subject)
@task()
def deliver_callout_task(callout_id: int, site_url: str) -> int:
    """Send each recipient their message, a batch at a time; a retry after a dead worker
    sends again at most the one batch it was sending (see :mod:`.delivery`)."""
    from .actions import deliver_callout

    return deliver_callout(callout_id, site_url)
