"""The adapter trained on ArgKP train (``adapter.py``, ``scripts/train_argkp_adapter.py``) and
the calibrated confidence of each suggestion (``confidence.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from commonground.textanalysis import adapter, confidence
from commonground.textanalysis.coding import (
    Method,
    Suggestion,
    evaluate,
    load_codebook,
    suggest_codes,
)

from .conftest import CODEBOOK

pytestmark = pytest.mark.engine

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "train_argkp_adapter.py"


def test_the_adapter_ships_in_the_package_small_and_square() -> None:
    path = adapter.adapter_path()
    assert path.is_relative_to(Path(adapter.__file__).parent)  # in the wheel, no download
    assert path.stat().st_size < 1_000_000
    with np.load(path) as data:
        assert data["matrix"].dtype == np.float16
        assert float(data["penalty"]) > 0 and int(data["seed"]) == 0
    matrix = adapter.load()
    assert matrix.shape == (384, 384) and matrix.dtype == np.float32
    # Held near the identity by its penalty: a re-weighting, not a new space.
    assert np.linalg.norm(matrix - np.eye(384)) < 0.5 * np.linalg.norm(np.eye(384))
    vectors = np.eye(3, 384, dtype=np.float32)
    assert np.allclose(adapter.apply(vectors, None), vectors)
    assert np.allclose(adapter.apply(vectors), matrix[:3])
    with pytest.raises(KeyError, match="no adapter named 'bert'"):
        adapter.adapter_path("bert")


def test_the_training_loss_gradient_is_the_analytic_one() -> None:
    """Finite differences on a toy topic agree with the gradient L-BFGS is given."""
    spec = importlib.util.spec_from_file_location("train_argkp_adapter", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    rng = np.random.default_rng(0)

    class Toy:
        x = rng.normal(size=(9, 6))
        k = rng.normal(size=(4, 6))
        gold = np.eye(4)[[0, 1, 2, 3, 0, 1, 2, 3, 0]]
        gold[4, 2] = 1.0  # an argument that makes two points
        same = (gold @ gold.T > 0).astype(float) - np.eye(9)

    w = np.eye(6).ravel() + rng.normal(scale=0.1, size=36)
    value, gradient = module.loss_and_gradient(w, [Toy], 0.05, 0.2, 1.0)
    direction = rng.normal(size=36)
    step = 1e-6
    numeric = (
        module.loss_and_gradient(w + step * direction, [Toy], 0.05, 0.2, 1.0)[0]
        - module.loss_and_gradient(w - step * direction, [Toy], 0.05, 0.2, 1.0)[0]
    ) / (2 * step)
    assert np.isfinite(value)
    assert numeric == pytest.approx(float(gradient @ direction), rel=1e-5)


def test_calibration_is_fitted_and_measured() -> None:
    rng = np.random.default_rng(1)
    pairs = []
    for _ in range(2000):
        score = rng.normal()
        right = rng.random() < 1 / (1 + np.exp(-2 * score))
        pairs.append(
            (Suggestion(["a"], features={"a": [score, 0.0, 0.0, 0.0]}), ["a"] if right else ["b"])
        )
    model = confidence.fit(pairs)
    assert model["weights"][0] == pytest.approx(2.0, abs=0.3)
    assert model["ece_train"] < 0.05
    low = confidence.probability([-2.0, 0, 0, 0], model)
    high = confidence.probability([2.0, 0, 0, 0], model)
    assert low is not None and high is not None and 0 < low < 0.2 < 0.8 < high < 1
    assert confidence.expected_calibration_error([0.9, 0.9, 0.1], [1, 1, 0]) == pytest.approx(0.1)


def test_each_suggestion_carries_a_calibrated_confidence(
    labelled, labelled_coding_embeddings
) -> None:
    """And the shipped figures the review screen shows are precisions that rise with the cut-off."""
    suggestions = suggest_codes(
        [row["response"] for row in labelled],
        load_codebook(CODEBOOK),
        embeddings=labelled_coding_embeddings,
    )
    for s in suggestions:
        assert set(s.confidence) <= set(s.labels)
        assert all(0.0 < p < 1.0 for p in s.confidence.values())
    assert sum(len(s.confidence) for s in suggestions) >= 200
    cut_offs = sorted(confidence.EXPECTED_PRECISION)
    precisions = [confidence.EXPECTED_PRECISION[c][0] for c in cut_offs]
    shares = [confidence.EXPECTED_PRECISION[c][1] for c in cut_offs]
    assert len(cut_offs) >= 4 and shares[0] == 1.0
    assert precisions == sorted(precisions) and shares == sorted(shares, reverse=True)


def test_the_adapter_keeps_our_labelled_set(labelled, labelled_coding_embeddings) -> None:
    """Our own 214 comments are a regression test: the adapter, learnt on ArgKP's arguments,
    must not cost them.  Measured (docs/text-analysis.md): the published MiniLM 0.79; MiniLM
    fine-tuned on ArgKP train 0.733 without the adapter, 0.745 with it — the fine-tuning that
    raised ArgKP dev + test from 0.594 to 0.64 costs this team-written set 0.045, accepted
    because the public set is the evidence; the floor catches anything worse."""
    texts = [row["response"] for row in labelled]
    truth = [row["labels"] for row in labelled]
    codebook = load_codebook(CODEBOOK)
    without = evaluate(
        suggest_codes(
            texts, codebook, embeddings=labelled_coding_embeddings, method=Method(adapter=None)
        ),
        truth,
    )
    with_adapter = evaluate(
        suggest_codes(texts, codebook, embeddings=labelled_coding_embeddings), truth
    )
    assert with_adapter["f1"] >= 0.72, with_adapter
    assert with_adapter["f1"] >= without["f1"] - 0.03, (without, with_adapter)
