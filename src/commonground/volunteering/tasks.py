"""Background work of volunteering: sending a call-out's messages off the request path."""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable


def _subject(args: list, kwargs: dict) -> Subject:
    from .models import CallOut

    callout = CallOut.objects.get(pk=args[0])
    return Subject(label=callout.title, url=callout.get_absolute_url())


@recoverable(time_limit=3600, title=_("Volunteer call-out"), subject=_subject)
@task()
def deliver_callout_task(callout_id: int, site_url: str) -> int:
    """Send each recipient their message; a retry after a dead worker sends no one twice."""
    from .actions import deliver_callout

    return deliver_callout(callout_id, site_url)
