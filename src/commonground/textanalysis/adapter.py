"""A linear adapter on the frozen MiniLM, trained on ArgKP's train topics (issue 12, part 3).

MiniLM was trained to find paraphrases; coding asks which *argument* a response makes, and
two answers that both mention school uniform read as alike to it whatever they argue.  A
384 × 384 matrix ``W``, applied to response and theme vectors alike before the centred cosine
(``coding.ranking_scores``), re-weights the directions of the embedding space so that an
argument lands nearer the key point it makes than the other key points of its question.

It was learnt by ``scripts/train_argkp_adapter.py`` on ArgKP's 24 **train** topics only:
each argument against its topic's key points (the in-batch negatives of a contrastive,
InfoNCE loss), vectors centred as the coder centres them, ``W`` started at the identity and
held near it by a penalty, optimised with SciPy's L-BFGS on cached vectors (no PyTorch).
The penalty, temperature and number of steps were chosen by leave-topics-out
cross-validation on train; dev and test were measured once, after.  The weights ship in the
repository (``data/argkp_adapter.npz``, float16, ~290 kB): nothing is downloaded at run time.

Because ``W`` is linear, centring before or after it is the same: the adapter is simply the
first step of the ranking.  The encoder itself, and so the stored comment vectors, are
unchanged.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

__all__ = ["ADAPTERS", "adapter_path", "apply", "load", "register"]

DATA = Path(__file__).resolve().parent / "data"
ADAPTERS = {"argkp": "argkp_adapter.npz"}  # shipped adapters: name → file in data/

_lock = threading.Lock()
_loaded: dict[str, np.ndarray] = {}


def adapter_path(name: str = "argkp") -> Path:
    """Where the shipped adapter ``name`` lives."""
    if name not in ADAPTERS:
        raise KeyError(f"no adapter named {name!r} (shipped: {', '.join(ADAPTERS)})")
    return DATA / ADAPTERS[name]


def register(name: str, matrix: np.ndarray) -> None:
    """Use ``matrix`` as the adapter ``name`` in this process (the training script's
    cross-validation scores candidate matrices through the coder this way)."""
    with _lock:
        _loaded[name] = np.asarray(matrix, dtype=np.float32)


def load(name: str = "argkp") -> np.ndarray:
    """The adapter's matrix (float32, 384 × 384), read once per process."""
    with _lock:
        if name not in _loaded:
            with np.load(adapter_path(name)) as data:
                _loaded[name] = data["matrix"].astype(np.float32)
        return _loaded[name]


def apply(vectors: np.ndarray, name: str | None = "argkp") -> np.ndarray:
    """``vectors @ W`` (no normalisation: the ranking centres and normalises after)."""
    if name is None:
        return np.asarray(vectors, dtype=np.float32)
    return np.asarray(vectors, dtype=np.float32) @ load(name)
