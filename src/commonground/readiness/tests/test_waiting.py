"""Readiness on "Your tasks": interviews to score, then consensus to agree."""

from commonground.readiness import actions
from commonground.readiness.waiting import tasks, tools


def test_scorers_see_what_waits_for_them(people, interview):
    assert [t.link_text for t in tasks(people["scorer_a"])] == ["Score it"]
    assert tasks(people["interviewer"]) == []
    actions.finish_sheet(
        actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", 4)
    )
    assert tasks(people["scorer_a"]) == []
    actions.finish_sheet(
        actor=people["scorer_b"], interview=interview, scores=dict.fromkeys("ABCDEF", 4)
    )
    assert [t.link_text for t in tasks(people["scorer_b"])] == ["Agree the consensus"]


def test_tools_for_officers_and_board_only(people):
    assert [t.label for t in tools(people["officer"])] == ["Community Readiness"]
    assert tools(people["board"]) and not tools(people["resident"])
