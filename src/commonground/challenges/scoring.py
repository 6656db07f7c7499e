"""Points, streaks and badges from a person's check-ins: pure computation, no Django.

A streak counts ISO weeks in a row with at least one check-in, ending this week or last
week (a week not yet over does not break it). Badges are earned once and never taken away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Done:
    """One check-in as scoring sees it."""

    day: date
    kind: str
    points: int
    met_someone_different: bool | None = None
    new_place: bool | None = None


@dataclass(frozen=True, slots=True)
class Badge:
    key: str
    earned: bool


def _week(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def streak(days: Iterable[date], today: date) -> int:
    """Weeks in a row with a check-in, ending this week or last week; 0 if neither."""
    weeks = {_week(d) for d in days}
    monday = today - timedelta(days=today.weekday())
    if _week(monday) not in weeks:
        monday -= timedelta(weeks=1)
    count = 0
    while _week(monday) in weeks:
        count += 1
        monday -= timedelta(weeks=1)
    return count


def longest_streak(days: Iterable[date]) -> int:
    """The most weeks in a row there ever was a check-in."""
    mondays = sorted({d - timedelta(days=d.weekday()) for d in days})
    best = run = 0
    previous = None
    for monday in mondays:
        run = run + 1 if previous is not None and monday - previous == timedelta(weeks=1) else 1
        best = max(best, run)
        previous = monday
    return best


BADGES = ("first_step", "three_kinds", "five_done", "three_weeks", "bridge_builder", "century")
"""In the order pages show them; names and descriptions are the views' (translated)."""


def badges(done: list[Done]) -> list[Badge]:
    """Every badge, earned or not yet."""
    kinds = {d.kind for d in done}
    met = sum(1 for d in done if d.met_someone_different)
    earned = {
        "first_step": len(done) >= 1,
        "three_kinds": len(kinds) >= 3,
        "five_done": len(done) >= 5,
        "three_weeks": longest_streak(d.day for d in done) >= 3,
        "bridge_builder": met >= 3,
        "century": sum(d.points for d in done) >= 100,
    }
    return [Badge(key, earned[key]) for key in BADGES]


def total(done: Iterable[Done]) -> int:
    return sum(d.points for d in done)
