"""How sure a suggested code is: a calibrated probability that the officer will agree.

A rank score means nothing to an officer; "about 7 in 10 suggestions like this one are right"
does.  Each suggested label gets a probability from a logistic (Platt) model over what the
ranking knows about it (:func:`features`): its score, how far it stands above the best other
theme (below, for a second label), whether it is the second label, and its plain cosine.

The model was fitted by ``scripts/train_argkp_adapter.py`` on the **out-of-fold**
suggestions of ArgKP's train topics (each topic coded by an adapter that never saw it, so
the scores are as confident as on a new consultation, not as on training data), and is
shipped as ``data/argkp_calibration.json``.  Its reliability is measured on dev + test by
``benchmarks/argkp_coding.py --confidence`` (expected calibration error, and the precision of
the suggestions above each cut-off: :data:`EXPECTED_PRECISION`, what the review screen shows).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .coding import Suggestion

__all__ = [
    "CALIBRATION_PATH",
    "EXPECTED_PRECISION",
    "FEATURES",
    "expected_calibration_error",
    "features",
    "fit",
    "probability",
]

CALIBRATION_PATH = Path(__file__).resolve().parent / "data" / "argkp_calibration.json"
FEATURES = ("score", "margin", "second", "cosine")

# Precision of the suggestions whose confidence is at least the key, on ArgKP dev + test
# (1,171 arguments nobody tuned on; ``benchmarks/argkp_coding.py --confidence``), and the
# share of all suggestions that reach it.  0.0 is the coder's own cut-off: every suggestion.
EXPECTED_PRECISION: dict[float, tuple[float, float]] = {
    0.0: (0.591, 1.0),
    0.3: (0.625, 0.894),
    0.4: (0.675, 0.771),
    0.5: (0.723, 0.633),
    0.6: (0.777, 0.511),
    0.7: (0.822, 0.386),
    0.8: (0.870, 0.269),
}


def features(
    rank: np.ndarray, candidates: Sequence[int], label: int, second: bool, cosine: float
) -> list[float]:
    """What the calibration reads about one suggested label of one response."""
    others = [rank[i] for i in candidates if i != label]
    best_other = max(others) if others else rank[label]
    return [float(rank[label]), float(rank[label] - best_other), float(second), float(cosine)]


@cache
def _model() -> dict[str, Any] | None:
    try:
        return json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def probability(values: Sequence[float], model: dict[str, Any] | None = None) -> float | None:
    """The calibrated probability that a label with these ``features`` is right (None when
    no calibration is shipped)."""
    model = model or _model()
    if model is None:
        return None
    z = model["bias"] + sum(w * v for w, v in zip(model["weights"], values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def fit(pairs: Sequence[tuple[Suggestion, Sequence[str]]], penalty: float = 1e-3) -> dict[str, Any]:
    """A logistic model of "the label is in the gold" on the labels' features (Newton's
    method with a small ridge penalty; a few hundred to thousands of labels)."""
    rows, outcome = [], []
    for suggestion, gold in pairs:
        for label, values in suggestion.features.items():
            rows.append(values)
            outcome.append(1.0 if label in gold else 0.0)
    x = np.column_stack([np.ones(len(rows)), np.array(rows, dtype=np.float64)])
    y = np.array(outcome)
    beta = np.zeros(x.shape[1])
    ridge = penalty * np.eye(x.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (p - y) + ridge @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + ridge
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    return {
        "features": list(FEATURES),
        "bias": round(float(beta[0]), 6),
        "weights": [round(float(b), 6) for b in beta[1:]],
        "fitted_on": "ArgKP train topics, out-of-fold suggestions",
        "labels": len(y),
        "ece_train": round(expected_calibration_error(p, y), 4),
    }


def expected_calibration_error(
    probabilities: Sequence[float] | np.ndarray,
    outcomes: Sequence[float] | np.ndarray,
    bins: int = 10,
) -> float:
    """Mean |accuracy − confidence| over ten equal-width bins, weighted by their counts."""
    p, y = np.asarray(probabilities, dtype=float), np.asarray(outcomes, dtype=float)
    if not len(p):
        return 0.0
    which = np.minimum((p * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.sum() * abs(y[inside].mean() - p[inside].mean())
    return float(error / len(p))
