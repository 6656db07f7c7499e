"""The new arrivals report's arithmetic: waits and gaps per step, with small numbers withheld.

Django-free, so it is tested on plain values. A row per step of the support plan:

* ``referred``: steps referred to a directory service;
* ``waiting``: of those, referrals sent or accepted but not yet started;
* ``median_days``: the median days people waited from referral to start; someone still
  waiting counts with the days waited so far (leaving them out would make a long queue look
  short); declined and withdrawn referrals are left out;
* ``gaps``: steps where the referrer found no service to refer to.

Small-number suppression follows the platform's rule (``measures.disclosure``): a count from
1 to ``below`` − 1 is withheld, and so is a median computed from fewer than ``below`` waits.
Zero is shown. Withheld figures are ``None``; pages show them as "[c]".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median


@dataclass(frozen=True)
class StepFact:
    """One plan step, without the person: what the report reads."""

    kind: str
    outcome: str  # "referred", "gap", "todo" or "not_needed"
    sent: date | None = None
    started: date | None = None
    state: str = ""  # the referral's state, when referred


@dataclass(frozen=True)
class Row:
    kind: str
    referred: int | None
    waiting: int | None
    median_days: float | None
    gaps: int | None


WAITING_STATES = {"sent", "accepted"}
STARTED_STATES = {"started", "completed"}


def withhold(count: int, below: int) -> int | None:
    """The count, or None when it is about 1 to below − 1 people (0 is shown)."""
    if below > 0 and 0 < count < below:
        return None
    return count


def waits(facts: Iterable[StepFact], today: date) -> list[int]:
    """Days each referred person waited to start (so far, for those still waiting)."""
    found = []
    for fact in facts:
        if fact.outcome != "referred" or fact.sent is None:
            continue
        if fact.state in STARTED_STATES and fact.started is not None:
            found.append((fact.started - fact.sent).days)
        elif fact.state in WAITING_STATES:
            found.append((today - fact.sent).days)
    return found


def rows(facts: Iterable[StepFact], kinds: Iterable[str], today: date, below: int) -> list[Row]:
    """One row per step kind, in the order of `kinds`, with small numbers withheld."""
    by_kind: dict[str, list[StepFact]] = {kind: [] for kind in kinds}
    for fact in facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    result = []
    for kind, found in by_kind.items():
        referred = [f for f in found if f.outcome == "referred"]
        waiting = [f for f in referred if f.state in WAITING_STATES]
        days = waits(referred, today)
        enough = below <= 0 or len(days) >= below
        result.append(
            Row(
                kind=kind,
                referred=withhold(len(referred), below),
                waiting=withhold(len(waiting), below),
                median_days=float(median(days)) if days and enough else None,
                gaps=withhold(sum(1 for f in found if f.outcome == "gap"), below),
            )
        )
    return result
