"""The upload task may be run again after a crash (its worker killed) without doubling, and
an upload whose task finally failed says "failed", never "checking" for ever."""

from commonground.core.models import AuditEvent
from commonground.measures import actions
from commonground.measures.models import Observation, Upload, UploadStatus
from commonground.measures.tasks import process_upload
from commonground.measures.tests.conftest import HEADER

ROWS = "hate-crimes,E05001341,2022,,7,,\nhate-crimes,E05001342,2022,,52,,\n"


def received(police) -> Upload:
    return actions.receive_upload(
        police, file_name="crimes.csv", content=(HEADER + ROWS).encode(), actor_label="t"
    )


def test_running_the_upload_task_again_saves_nothing_twice(indicators, police):
    upload = received(police)
    assert process_upload.call(upload.pk) == UploadStatus.ACCEPTED
    figures = Observation.objects.count()

    assert process_upload.call(upload.pk) == UploadStatus.ACCEPTED  # a retried task

    assert Observation.objects.count() == figures
    assert AuditEvent.objects.filter(action="measures.upload_accepted").count() == 1
    upload.refresh_from_db()
    assert upload.rows_created == 2


def test_an_upload_left_checking_by_a_dead_worker_is_checked_again(indicators, police):
    upload = received(police)
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.VALIDATING, rows_done=1)

    assert process_upload.call(upload.pk) == UploadStatus.ACCEPTED
    assert Observation.objects.filter(upload=upload).count() == 2


def test_an_upload_whose_task_gave_up_shows_failed_and_can_be_tried_again(indicators, police):
    from commonground.core.jobs import policy_for

    upload = received(police)
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.VALIDATING)
    policy = policy_for(process_upload.module_path)

    policy.on_give_up([upload.pk], {}, "The worker running this task stopped (try 3 of 3).")
    upload.refresh_from_db()
    assert upload.status == UploadStatus.FAILED and "stopped" in upload.message

    policy.before_retry([upload.pk], {})
    assert process_upload.call(upload.pk) == UploadStatus.ACCEPTED
