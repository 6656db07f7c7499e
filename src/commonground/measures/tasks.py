"""Background work of the measures app (Django's tasks framework)."""

from django.tasks import task

from commonground.measures.actions import accept_upload, fail_upload
from commonground.measures.models import Upload


@task()
def process_upload(upload_id: int) -> str:
    """Check and load a web upload off the request path; the progress page watches it."""
    upload = Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id)
    try:
        return accept_upload(upload).status
    except Exception as error:  # a bug, not the partner's data: record it, then re-raise
        fail_upload(upload, f"{type(error).__name__}: {error}")
        raise
