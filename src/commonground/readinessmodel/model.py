"""The fixed vocabulary of the model: its six dimensions, three scorers and nine stages.

These are the model's own definitions (Tri-Ethnic Center, *Community Readiness Handbook*),
not settings: the anchored rating scales and the strategies for each stage, which a council
may adapt, are data in ``data/`` (see :mod:`.catalogue`).
"""

from __future__ import annotations

import math
from fractions import Fraction

DIMENSIONS: dict[str, str] = {
    "A": "Community efforts",
    "B": "Community knowledge of the efforts",
    "C": "Leadership",
    "D": "Community climate",
    "E": "Community knowledge about the issue",
    "F": "Resources related to the issue",
}
"""Letter → name, in the model's order A–F."""

SCORERS: tuple[str, ...] = ("a", "b", "consensus")
"""The two independent scorers, then the score they agreed."""

STAGE_NAMES: dict[int, str] = {
    1: "no awareness",
    2: "denial/resistance",
    3: "vague awareness",
    4: "preplanning",
    5: "preparation",
    6: "initiation",
    7: "stabilisation",
    8: "confirmation/expansion",
    9: "high level of community ownership",
}
"""Stage number → name, as the contract writes them."""

LOWEST, HIGHEST = 1, 9


def stage_of(score: Fraction | int) -> int:
    """The stage of a score: its whole-number part (4.83 is stage 4; the model truncates).

    Takes an exact ``Fraction`` so that no float can carry 4.999… across into stage 5.
    Raises ``ValueError`` outside 1–9, where there is no stage.
    """
    if not LOWEST <= score <= HIGHEST:
        raise ValueError(f"{score} is outside {LOWEST}–{HIGHEST}: no stage")
    return math.floor(score)


def stage_name(stage: int) -> str:
    """The name of a stage (1–9)."""
    return STAGE_NAMES[stage]
