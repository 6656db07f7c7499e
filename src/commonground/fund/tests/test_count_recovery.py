"""A count whose task failed for good shows "failed — try again" to officers (the round
must not say "being counted" for ever), and trying again counts once."""

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from commonground.core.jobs import listing
from commonground.fund import actions
from commonground.fund.models import ResultSnapshot
from commonground.fund.tasks import compute_results_task

from .conftest import voter

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def closed_round(round_voting, people):
    for i, choices in enumerate([["1", "2"], ["3"], ["4", "2"]]):
        actions.cast_ballot(
            round_=round_voting, voter=voter(round_voting, f"v{i}"), choices=choices
        )
    return actions.close_vote(actor=people["officer"], round_=round_voting)


def test_a_failed_count_says_so_to_officers_and_trying_again_counts_once(
    client, closed_round, people
):
    with override_settings(TASKS=DATABASE_QUEUE):
        queued = compute_results_task.enqueue(closed_round.pk, actor_id=people["officer"].pk)
        DBTaskResult.objects.filter(pk=queued.id).update(
            status=TaskResultStatus.FAILED, traceback="The worker running this task stopped."
        )
        url = reverse("fund:results", args=[closed_round.slug])

        assert "being counted" in client.get(url).content.decode()  # residents: no detail
        client.force_login(people["officer"])
        page = client.get(url).content.decode()
        assert "The count failed" in page and reverse("core:background_work") in page

        again = listing.retry(actor=people["officer"], task_id=queued.id)
        assert "The count failed" not in client.get(url).content.decode()

    # The retried task runs (twice, as a worker dying after the count would cause): one result.
    compute_results_task.call(*again.args, **again.kwargs)
    compute_results_task.call(*again.args, **again.kwargs)
    assert ResultSnapshot.objects.filter(round=closed_round).count() == 1
