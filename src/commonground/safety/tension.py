"""When a tension report raises an alert, and levels by ward by week: plain Python, no Django.

Two signals, as the strategy asks ("when a level rises or several reports point at one
place"):

* **a rise**: the new report's level is higher than the ward's previous report (any
  partner's, however long ago: a ward quiet for months that is suddenly at 3 is news);
* **a cluster**: ``CLUSTER_REPORTS`` or more reports for one ward within ``CLUSTER_DAYS``
  days, the new one included, unless an alert already open for that ward counted a cluster
  in the same days (one alert per cluster, not one per report after the third).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

CLUSTER_REPORTS = 3
CLUSTER_DAYS = 7


@dataclass(frozen=True)
class Signal:
    """Why an alert is raised: the level it rose from, and/or how many reports in the week."""

    rose_from: int | None = None
    reports_in_week: int | None = None

    @property
    def raised(self) -> bool:
        return self.rose_from is not None or self.reports_in_week is not None


def signal(
    level: int, previous_level: int | None, reports_in_week: int, cluster_already_open: bool
) -> Signal:
    """The alert (if any) a new report of ``level`` raises.

    ``previous_level``: the ward's report before this one (None for its first);
    ``reports_in_week``: reports for the ward in the last ``CLUSTER_DAYS`` days, this one
    included; ``cluster_already_open``: an open alert for the ward already counted a cluster
    within those days.
    """
    rose = previous_level if previous_level is not None and level > previous_level else None
    cluster = (
        reports_in_week if reports_in_week >= CLUSTER_REPORTS and not cluster_already_open else None
    )
    return Signal(rose, cluster)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weeks_ending(today: date, count: int) -> list[date]:
    """The Mondays of the last ``count`` weeks, oldest first, this week last."""
    last = week_start(today)
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


def weekly_highest(
    readings: Iterable[tuple[object, date, int]], weeks: list[date]
) -> dict[object, list[int | None]]:
    """{ward: [highest level reported in each week, None where no report]} for ``weeks``
    (Mondays, oldest first); readings outside them are ignored."""
    index = {monday: i for i, monday in enumerate(weeks)}
    grid: dict[object, list[int | None]] = {}
    for ward, day, level in readings:
        i = index.get(week_start(day))
        if i is None:
            continue
        row = grid.setdefault(ward, [None] * len(weeks))
        row[i] = level if row[i] is None else max(row[i], level)
    return grid


# -- Regular reports: when one is overdue, and when to remind ------------------------------


def report_due(last_report: datetime | None, expected_since: datetime, every_days: int) -> datetime:
    """When the next report is due: ``every_days`` after the latest one (or after the
    schedule began, before any report)."""
    return (last_report or expected_since) + timedelta(days=every_days)


def remind_now(
    last_report: datetime | None,
    expected_since: datetime,
    every_days: int,
    last_reminded: datetime | None,
    now: datetime,
) -> bool:
    """True when a reminder should go out now: the report is overdue, and nobody has been
    reminded since it fell due — or the last reminder is itself ``every_days`` old. So a
    daily run sends one reminder per missed period, never one a day."""
    due = report_due(last_report, expected_since, every_days)
    if now <= due:
        return False
    if last_reminded is None or last_reminded < due:
        return True
    return now - last_reminded >= timedelta(days=every_days)
