"""The demo loads through the actions, after core's demo, and leaves a round open to vote."""

import pytest

from commonground.core import demo as core_demo
from commonground.core.models import Strategy
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.fund import demo
from commonground.fund.models import Ballot, Grant, Round


@pytest.mark.django_db
def test_demo_builds_a_delivered_round_and_an_open_vote(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    make_strategy(make_bradford())
    lines: list[str] = []
    core_demo.load_demo(lines.append)
    assert demo.load_demo(lines.append) == []
    past = Round.objects.get(slug="demo-innovation-fund-2024")
    current = Round.objects.get(slug="demo-innovation-fund-2025")
    assert past.phase == "delivery" and current.phase == "vote"
    assert Ballot.objects.filter(round=past).count() == 600
    assert Grant.objects.filter(round=past).exists()
    assert past.results.get().selected
    assert any("access codes" in line for line in lines)
    demo.load_demo(lines.append)  # a second run does nothing
    assert Round.objects.count() == 2
    assert Strategy.objects.count() == 1
