"""The life of a talk request, without Django: which state may follow which, and the quarter
a talk counts in. Kept pure so the rules are read (and tested) in one place.

requested → matched (the coordinator matches a talk and proposes a date)
matched → requested (the volunteer declines: the coordinator matches again)
matched → confirmed (the volunteer accepted, the requester confirmed the date, and for a talk
to children the coordinator ticked the safeguarding checklist)
confirmed → delivered (after the talk, with how many came)
requested, matched, confirmed → cancelled (either side or the coordinator, with a reason)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

NEXT: dict[str, tuple[str, ...]] = {
    "requested": ("matched", "cancelled"),
    "matched": ("requested", "confirmed", "cancelled"),
    "confirmed": ("delivered", "cancelled"),
    "delivered": (),
    "cancelled": (),
}

NOTICE = timedelta(hours=48)
"""Cancelling a confirmed talk closer to it than this is marked short notice."""


def may_move(current: str, target: str) -> bool:
    return target in NEXT.get(current, ())


def short_notice(talk_at: datetime | None, now: datetime) -> bool:
    return talk_at is not None and now <= talk_at < now + NOTICE


def quarter(day: date) -> str:
    """The Measures period code of `day`'s quarter: 2026-Q4."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
