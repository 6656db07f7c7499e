"""The demo: one open pool of invented respondents with census quotas a panel can meet."""

import pytest

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.people import actions, demo
from commonground.people.models import ContactDetails, Pool
from commonground.people.selection import feasibility

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_demo_loads_a_feasible_open_pool_once():
    make_user("officer", Role.OFFICER)
    make_user("board", Role.BOARD)
    said: list[str] = []
    assert demo.load_demo(said.append) == []
    pool = Pool.objects.get(slug=demo.SLUG)
    assert pool.open_for_registration
    assert pool.respondents.count() == demo.POOL_SIZE
    assert not ContactDetails.objects.filter(respondent__pool=pool).exists()  # no one real
    assert pool.quotas.filter(minimum__gt=0).exists()
    assert feasibility(pool).ok
    assert AuditEvent.objects.filter(action="people.pool.create").count() == 1
    panel = pool.panel  # the panel at work
    assert panel.run.published_at is not None
    assert panel.run.members.count() == demo.PANEL_SIZE
    assert panel.meetings.count() == 2
    assert panel.meetings.filter(attendance_recorded_at__isnull=False).count() == 1
    question = panel.questions.get()
    recommendation = question.recommendations.get()
    assert recommendation.published_response.decision == "partly"
    assert actions.due_for_rotation(panel).exists()
    assert demo.load_demo(said.append) == []  # idempotent
    assert Pool.objects.filter(slug=demo.SLUG).count() == 1
    assert "skipped" in said[-1]


def test_demo_skips_without_the_core_officer():
    said: list[str] = []
    assert demo.load_demo(said.append) == []
    assert not Pool.objects.exists()
    assert "skipped" in said[0]
