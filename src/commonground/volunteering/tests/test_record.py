"""The pure rules: milestones, call-out matching, quarters and small-number suppression."""

from datetime import date
from decimal import Decimal

from commonground.volunteering.record import matches_callout, milestones, quarter, shown


def test_milestones_reached_and_the_next_one():
    assert milestones(Decimal(0)).reached == ()
    assert milestones(Decimal("9.75")).next == 10
    assert milestones(Decimal("9.75")).to_next == Decimal("0.25")
    halfway = milestones(Decimal(30))
    assert halfway.reached == (10, 25) and halfway.next == 50
    done = milestones(Decimal(120))
    assert done.reached == (10, 25, 50, 100) and done.next is None and done.to_next is None


def test_a_callout_matches_by_any_skill_and_by_day():
    def fits(skills, volunteer_skills, days):
        return matches_callout(
            callout_skills=skills,
            callout_day="sat",
            volunteer_skills=volunteer_skills,
            volunteer_days=days,
        )

    assert fits([], [], [])  # no skills asked, free any day
    assert fits(["lifting", "driving"], ["driving"], ["sat"])
    assert not fits(["lifting"], ["cooking"], [])
    assert not fits([], [], ["mon", "tue"])


def test_quarters_and_suppression():
    assert quarter(date(2026, 1, 1)) == "2026-Q1"
    assert quarter(date(2026, 12, 31)) == "2026-Q4"
    assert quarter(date(2026, 7, 1)) == "2026-Q3"
    assert shown(0, 5) == 0
    assert shown(4, 5) is None
    assert shown(5, 5) == 5
