"""Pure rules of volunteering (no Django): milestones, who a call-out reaches, quarters and
small-number suppression. Kept apart so they are tested without a database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MILESTONES: tuple[int, ...] = (10, 25, 50, 100)
"""Hours at which a volunteer's record marks a milestone (and the certificate says so)."""


@dataclass(frozen=True)
class Milestones:
    reached: tuple[int, ...]
    next: int | None
    to_next: Decimal | None


def milestones(total: Decimal) -> Milestones:
    """The milestones `total` confirmed hours have reached, and how far the next one is."""
    reached = tuple(m for m in MILESTONES if total >= m)
    upcoming = [m for m in MILESTONES if total < m]
    if not upcoming:
        return Milestones(reached, None, None)
    return Milestones(reached, upcoming[0], Decimal(upcoming[0]) - total)


def matches_callout(
    *,
    callout_skills: Iterable[str],
    callout_day: str,
    volunteer_skills: Iterable[str],
    volunteer_days: Iterable[str],
) -> bool:
    """Whether a volunteer (already in one of the call-out's wards) fits it.

    A call-out asking for no skill wants anyone; one asking for several wants anyone with at
    least one of them. A volunteer who gave no days is taken as free any day.
    """
    wanted = set(callout_skills)
    if wanted and not wanted & set(volunteer_skills):
        return False
    days = set(volunteer_days)
    return not days or callout_day in days


def quarter(day: date) -> str:
    """The Measures period code of `day`'s quarter: 2026-Q4."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def shown(count: int, below: int) -> int | None:
    """`count`, or None where it is from 1 to `below` − 1 (small enough to point at someone)."""
    return None if 0 < count < below else count
