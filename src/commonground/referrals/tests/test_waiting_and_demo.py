"""'Your tasks' for both sides, and the demo on an empty database (twice: idempotent)."""

from __future__ import annotations

from commonground.core.waiting import sections
from commonground.referrals import actions
from commonground.referrals.models import PlanStep, Referral, State, SupportPlan

from .conftest import referral_data


def referral_tasks(user) -> list:
    return [s for s in sections(user) if s.key == "referrals"]


def test_tasks_for_the_service_and_the_referrer(cast):
    referral = actions.refer(actor=cast["referrer"], **referral_data(cast))
    (section,) = referral_tasks(cast["worker"])
    assert [t.count for t in section.tasks] == [1]
    assert section.tasks[0].url == "/referrals/?state=sent"
    assert referral_tasks(cast["outsider"])[0].tasks == []
    actions.move(actor=cast["worker"], referral=referral, state=State.DECLINED, reason="Full")
    (section,) = referral_tasks(cast["referrer"])
    assert [t.url for t in section.tasks] == ["/referrals/?state=declined"]
    actions.note_decline(actor=cast["referrer"], referral=referral)
    assert referral_tasks(cast["referrer"])[0].tasks == []
    assert referral_tasks(cast["resident"]) == []
    (board,) = referral_tasks(cast["board"])
    assert [tool.url for tool in board.tools] == ["/referrals/new-arrivals/"]


def test_demo_on_an_empty_database(db):
    from commonground.referrals import demo

    lines: list[str] = []
    accounts = demo.load_demo(lines.append)
    assert {a[0] for a in accounts} >= {"referrer", "advice", "girlington"}
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == {"sent", "accepted", "started", "completed", "declined"}
    assert SupportPlan.objects.count() == len(demo.PLANS)
    assert PlanStep.objects.filter(outcome="gap").count() == 3
    count = Referral.objects.count()
    demo.load_demo(lines.append)
    assert Referral.objects.count() == count
