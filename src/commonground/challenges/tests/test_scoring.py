"""Streaks, badges and points: pure computation."""

from datetime import date, timedelta

import pytest

from commonground.challenges.figures import Row, count, quarter_of
from commonground.challenges.scoring import Done, badges, longest_streak, streak, total

pytestmark = pytest.mark.engine

TODAY = date(2026, 12, 4)  # a Friday


def test_a_streak_counts_weeks_in_a_row_up_to_this_week_or_last():
    days = [TODAY, TODAY - timedelta(weeks=1), TODAY - timedelta(weeks=2)]
    assert streak(days, TODAY) == 3
    # nothing yet this week: last week's run still stands
    assert streak(days[1:], TODAY) == 2
    # a gap of a whole week breaks it
    assert streak([TODAY - timedelta(weeks=2)], TODAY) == 0
    assert streak([], TODAY) == 0


def test_two_check_ins_in_one_week_are_one_week():
    assert streak([TODAY, TODAY - timedelta(days=1)], TODAY) == 1
    assert longest_streak([TODAY, TODAY - timedelta(days=8), TODAY - timedelta(days=40)]) == 2


def test_badges_are_earned_by_what_was_done():
    done = [
        Done(TODAY - timedelta(weeks=k), kind, 25, met_someone_different=True)
        for k, kind in enumerate(["share_meal", "volunteer", "place_of_worship", "other"])
    ]
    earned = {b.key for b in badges(done) if b.earned}
    assert earned == {"first_step", "three_kinds", "three_weeks", "bridge_builder", "century"}
    assert total(done) == 100
    assert not any(b.earned for b in badges([]))


def test_figures_count_people_once_and_leave_out_check_ins_without_a_ward():
    rows = [
        Row(1, 10, date(2026, 5, 1), True, True),
        Row(1, 10, date(2026, 6, 1), False, None),
        Row(2, 10, date(2026, 6, 2), None, True),
        Row(2, 11, date(2026, 7, 1), True, False),
        Row(3, None, date(2026, 7, 1), True, True),
    ]
    cells = count(rows)
    assert [(c.quarter, c.ward_id, c.people, c.new_places, c.new_people_met) for c in cells] == [
        ("2026-Q2", 10, 2, 2, 1),
        ("2026-Q3", 11, 1, 0, 1),
    ]
    assert quarter_of(date(2026, 12, 31)) == "2026-Q4"
