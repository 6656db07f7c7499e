"""Mentor matching: each participant gets a mentor from a different organisation, chosen by the
goals they share.  Pure Python, NumPy and SciPy (no Django), so it can be tested by hand.

The rule is simple enough to explain to a participant: a pair's score is the number of goals
the participant chose that the mentor says they can help with.  The assignment that makes the
total score as high as possible is found with SciPy's Hungarian-method solver
(:func:`scipy.optimize.linear_sum_assignment`); a mentor who can take two or three people
appears as that many columns.  A pair from the same organisation is forbidden outright (it is
never made, whatever the score), so someone whose only possible mentors are colleagues is left
unmatched and the officer is told.  Ties are broken by the order given (participants and
mentors by reference), so the same inputs always give the same pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

FORBIDDEN = -1.0e6
"""The score of a same-organisation pair: far below any real score, and filtered out after."""


@dataclass(frozen=True)
class Person:
    """A participant or a mentor: an id, their organisation and a set of goal codes."""

    id: str
    organisation: str
    goals: frozenset[str]
    capacity: int = 1


@dataclass(frozen=True)
class Pair:
    participant: str
    mentor: str
    shared: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.shared)


def score(participant: Person, mentor: Person) -> float:
    """Shared goals, or :data:`FORBIDDEN` when both work for the same organisation."""
    if participant.organisation == mentor.organisation:
        return FORBIDDEN
    return float(len(participant.goals & mentor.goals))


def match(
    participants: Sequence[Person], mentors: Sequence[Person], order: Sequence[str] = ()
) -> tuple[list[Pair], list[str]]:
    """The pairs with the most shared goals in total, and the participants left unmatched.

    ``order`` lists goal codes in the order ``Pair.shared`` should give them (else sorted).
    """
    slots = [m for m in mentors for _ in range(max(0, m.capacity))]
    if not participants or not slots:
        return [], [p.id for p in participants]
    gains = np.array([[score(p, m) for m in slots] for p in participants], dtype=float)
    # A tiny preference for earlier slots, so ties resolve the same way on every machine.
    tiebreak = 1e-6 * np.arange(len(slots))[None, :] / max(len(slots), 1)
    rows, cols = linear_sum_assignment(-(gains - tiebreak))
    rank = {g: i for i, g in enumerate(order)}
    pairs: list[Pair] = []
    matched: set[int] = set()
    for r, c in zip(rows, cols, strict=True):
        if gains[r, c] <= FORBIDDEN / 2:
            continue
        p, m = participants[r], slots[c]
        shared = sorted(p.goals & m.goals, key=lambda g: (rank.get(g, len(rank)), g))
        pairs.append(Pair(p.id, m.id, tuple(shared)))
        matched.add(r)
    unmatched = [p.id for i, p in enumerate(participants) if i not in matched]
    return pairs, unmatched
