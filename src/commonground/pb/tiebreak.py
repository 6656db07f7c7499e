"""Tie-breaking: a fixed total order over projects, expressed as a rank (lower wins).

Two options are offered:

``pabutools`` (the default)
    pabutools' default ``lexico_tie_breaking``: among tied projects the one whose id sorts first
    *as a string* wins (so ``"10"`` beats ``"9"``).  Using it makes our outcomes identical to
    pabutools' own.

``equalshares``
    The convention of equalshares.net: the lowest cost wins, then the most votes (number of
    supporters), then a lot.  The lot is a random permutation of the projects drawn once from
    ``seed``, so that a round that chooses this option can publish the seed and be re-run.  With
    this option MES/Add1 also starts the per-voter budget increments at ``⌊B/n⌋`` as
    equalshares.net does.

Both are *static* orders: whether ``a`` beats ``b`` never depends on the round, which is what
lets the Add1 loop reuse a tie decision across budgets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

TIE_BREAKS = ("pabutools", "equalshares")


def tie_break_ranks(
    ids: Sequence[str],
    costs: Sequence[Fraction],
    votes: Sequence[int],
    tie_break: str = "pabutools",
    seed: int | None = None,
) -> list[int]:
    """Return ``rank[j]``: position of project ``j`` in the tie-breaking order (0 wins)."""
    m = len(ids)
    if tie_break == "pabutools":
        order = sorted(range(m), key=lambda j: ids[j])
    elif tie_break == "equalshares":
        lot = list(range(m))
        random.Random(0 if seed is None else seed).shuffle(lot)
        order = sorted(range(m), key=lambda j: (costs[j], -votes[j], lot[j]))
    else:
        raise ValueError(f"unknown tie_break {tie_break!r} (expected one of {TIE_BREAKS})")
    rank = [0] * m
    for position, j in enumerate(order):
        rank[j] = position
    return rank
