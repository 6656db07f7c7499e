""" "Your tasks" and "Your tools": what an officer sees for community voice panels."""

import pytest
from django.utils import timezone

from commonground.core.roles import Role
from commonground.people import waiting
from commonground.people.models import Quota, RunStatus, SelectionRun

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_officers_see_the_panel_tool_and_residents_do_not(officer, resident):
    assert [tool.url for tool in waiting.tools(officer)] == ["/panel/"]
    assert waiting.tools(resident) == []
    assert waiting.tasks(resident) == []


def test_a_pool_without_quotas_waits_for_its_quotas(officer, pool):
    texts = [task.text for task in waiting.tasks(officer)]
    assert texts == [f"Set the quotas for {pool.title}"]
    Quota.objects.create(pool=pool, feature="sex", value="female", minimum=4, maximum=6)
    assert waiting.tasks(officer) == []


def test_finished_run_waits_to_be_published_and_a_failed_one_is_urgent(officer, pool):
    Quota.objects.create(pool=pool, feature="sex", value="female", minimum=4, maximum=6)
    run = SelectionRun.objects.create(
        pool=pool, seed=7, status=RunStatus.DONE, finished_at=timezone.now()
    )
    [task] = waiting.tasks(officer)
    assert task.text.startswith("Publish the selection") and task.url == run.get_absolute_url()
    failed = SelectionRun.objects.create(pool=pool, seed=8, status=RunStatus.FAILED)
    [task] = waiting.tasks(officer)
    assert task.urgent and task.url == failed.get_absolute_url()
    failed.delete()
    run.published_at = timezone.now()
    run.save()
    assert waiting.tasks(officer) == []


def test_board_members_see_the_tool_but_no_tasks():
    board = make_user("board-people", Role.BOARD)
    assert len(waiting.tools(board)) == 1
    assert waiting.tasks(board) == []
