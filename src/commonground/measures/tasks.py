"""Background work of the measures app (Django's tasks framework).

Checking and loading an upload may be run again safely: the figures are saved in the same
transaction that marks the upload accepted, so a crash saves none of them and a rerun of an
upload already finished changes nothing.
"""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from commonground.core.jobs import Subject, recoverable
from commonground.measures.actions import accept_upload, fail_upload
from commonground.measures.models import Upload
from commonground.measures.models.upload import FINISHED, UploadStatus


def _subject(args: list, kwargs: dict) -> Subject:
    upload = Upload.objects.select_related("organisation").get(pk=args[0])
    percent = None
    if upload.status in (UploadStatus.VALIDATING, UploadStatus.LOADING) and upload.rows_total:
        percent = min(99, int(100 * upload.rows_done / upload.rows_total))
    return Subject(
        label=f"{upload.organisation.name}: {upload.file_name}",
        url=upload.get_absolute_url(),
        percent=percent,
    )


def _give_up(args: list, kwargs: dict, message: str) -> None:
    """The upload's task failed for good: the upload must not stay "checking" for ever."""
    upload = Upload.objects.filter(pk=args[0]).first()
    if upload is not None and upload.status not in FINISHED:
        fail_upload(upload, message)


def _again(args: list, kwargs: dict) -> None:
    Upload.objects.filter(pk=args[0], status=UploadStatus.FAILED).update(
        status=UploadStatus.PENDING, message="", finished_at=None
    )


@recoverable(
    time_limit=1800,
    title=_("Check and load an upload"),
    subject=_subject,
    on_give_up=_give_up,
    before_retry=_again,
)
@task()
def process_upload(upload_id: int) -> str:
    """Check and load a web upload off the request path; the progress page watches it."""
    upload = Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id)
    if upload.status in FINISHED:  # a rerun after the work was done: nothing to do again
        return upload.status
    try:
        return accept_upload(upload).status
    except Exception as error:  # a bug, not the partner's data: record it, then re-raise
        fail_upload(upload, f"{type(error).__name__}: {error}")
        raise
