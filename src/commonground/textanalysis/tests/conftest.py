"""Shared fixtures: the encoder (one per process), generated and hand-labelled comments.

Embedding is the slow part of these tests, so each set of comments is embedded once per test
session and shared.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from commonground.textanalysis.coding import Method
from commonground.textanalysis.embedding import SentenceEncoder, get_encoder
from commonground.textanalysis.synthetic import SyntheticComment, generate_comments

DATA = Path(__file__).resolve().parents[1] / "data"
LABELLED = DATA / "labelled_comments.jsonl"
CODEBOOK = DATA / "codebook.json"
GENERATED_N = 900  # enough comments for 12 themes to form clusters, few enough to be quick
GENERATED_SEED = 1  # not the seed the coding threshold was tuned on (5)


@pytest.fixture(scope="session")
def encoder() -> SentenceEncoder:
    return get_encoder()


@pytest.fixture(scope="session")
def generated() -> list[SyntheticComment]:
    return generate_comments(GENERATED_N, seed=GENERATED_SEED)


@pytest.fixture(scope="session")
def generated_embeddings(encoder: SentenceEncoder, generated) -> np.ndarray:
    return encoder.encode([c.text for c in generated])


@pytest.fixture(scope="session")
def labelled() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def labelled_embeddings(encoder: SentenceEncoder, labelled) -> np.ndarray:
    return encoder.encode([row["response"] for row in labelled])


@pytest.fixture(scope="session")
def coding_encoder() -> SentenceEncoder:
    """The encoder theme coding uses: MiniLM with the low-rank updates learnt on ArgKP train."""
    return get_encoder(Method().encoder)


@pytest.fixture(scope="session")
def labelled_coding_embeddings(coding_encoder: SentenceEncoder, labelled) -> np.ndarray:
    return coding_encoder.encode([row["response"] for row in labelled])
