"""The Community Readiness Model's scoring, in exact arithmetic and without Django.

The Tri-Ethnic Center's model: two people score every key-respondent interview on six
dimensions with anchored rating scales (1–9), agree a consensus score, and the stage of
readiness is the whole-number part of the mean. Everything here uses ``fractions.Fraction``
so that a mean of 4.999… is stage 4, never 5 by a rounding accident. The Django app
``commonground.readiness`` and the CLI ``commonground readiness score`` share this package.
"""

from .model import DIMENSIONS, SCORERS, STAGE_NAMES, stage_name, stage_of
from .scoring import Profile, ScoreError, ScoreRow, score_rows

__all__ = [
    "DIMENSIONS",
    "SCORERS",
    "STAGE_NAMES",
    "Profile",
    "ScoreError",
    "ScoreRow",
    "score_rows",
    "stage_name",
    "stage_of",
]
