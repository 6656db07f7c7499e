"""The steps that rank a codebook's themes for each response (``coding.suggest_codes``).

Each was measured on ArgKP's 24 train topics (``benchmarks/argkp_coding.py``) and kept because
it raised micro-F1 there; docs/text-analysis.md has the figures, dev + test beside them.

* :func:`centred_cosine`: the responses' mean taken from each response and the themes' mean
  from each theme before the cosine.  Every answer to one question shares its subject and
  wording; centred, what tells the answers apart decides (train F1 0.441 → 0.483).
* :func:`standardised`: each theme's scores as z-scores over the responses.  It lowered F1 on
  train (0.483 → 0.458), so the coder does not use it; it stays for the benchmark.
* :func:`char_ngram_similarity`: TF-IDF cosine over the character 3–5-grams of words, mixed
  with the embedding score.  A key point and the answers that make it share words ("bullying",
  "dignity") that a sentence vector blurs; character n-grams also match "bully"/"bullied" and
  need no word list in any language (train F1 0.483 → 0.528).
* :func:`smooth_over_neighbours`: each response's scores blended with the mean scores of its
  five nearest responses: answers that say the same thing usually make the same point, and a
  short one borrows the evidence of its longer neighbours (train F1 0.528 → 0.547).
* :func:`gap_rule`: the top theme, and the second only when it is nearer the first than the
  third is to it.

Pure NumPy: no scikit-learn (seconds to import) on the command's path.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = [
    "NEIGHBOURS",
    "centred_cosine",
    "char_ngram_similarity",
    "gap_rule",
    "smooth_over_neighbours",
    "standardised",
    "zscore",
]

NGRAMS = (3, 5)  # within words; train F1 before neighbours: 2–4 0.516, 3–5 0.520, 4–6 0.518
NEIGHBOURS = 5  # nearest responses a response's scores are blended with (5: 0.542, 10: 0.537)
_BLOCK = 1024  # responses per block of the neighbour search: memory stays O(block × n)
_WORDS = re.compile(r"\w+", re.UNICODE)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


def zscore(scores: np.ndarray) -> np.ndarray:
    """The whole table on one scale (mean 0, spread 1), so two kinds of score can be mixed."""
    spread = float(scores.std())
    return (scores - scores.mean()) / spread if spread > 1e-12 else scores - scores.mean()


def centred_cosine(
    embeddings: np.ndarray, topics: np.ndarray, prior: float = 20.0
) -> tuple[np.ndarray, np.ndarray]:
    """Cosines after centring, and the centred unit response vectors (for neighbours).

    Few responses estimate their mean badly (one response minus itself is nothing), so the
    responses' centre is drawn towards the themes' mean with the weight of ``prior`` responses.
    Fewer than three themes are not centred (two centred themes point in opposite directions).
    """
    n = len(embeddings)
    if len(topics) < 3 or n == 0:
        return embeddings @ topics.T, embeddings
    topic_mean = topics.mean(axis=0)
    weight = n / (n + prior)
    centre = weight * embeddings.mean(axis=0) + (1 - weight) * topic_mean
    responses = _unit(embeddings - centre)
    return responses @ _unit(topics - topic_mean).T, responses


def standardised(scores: np.ndarray, prior: float = 20.0) -> np.ndarray:
    """Each theme's scores as z-scores over the responses, shrunk towards the whole table's
    mean and spread with the weight of ``prior`` responses (two responses rank as before)."""
    n = len(scores)
    if n == 0:
        return scores
    weight = n / (n + prior)
    mean = weight * scores.mean(axis=0) + (1 - weight) * scores.mean()
    variance = weight * scores.var(axis=0) + (1 - weight) * scores.var()
    return (scores - mean) / np.sqrt(np.maximum(variance, 1e-12))


def _ngrams(text: str) -> Counter[str]:
    """Character n-grams of each word padded with spaces (scikit-learn's ``char_wb``)."""
    low, high = NGRAMS
    grams: Counter[str] = Counter()
    for word in _WORDS.findall(text.lower()):
        padded = f" {word} "
        for size in range(low, high + 1):
            if size > len(padded):
                break
            grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def char_ngram_similarity(texts: Sequence[str], topics: Sequence[str]) -> np.ndarray:
    """TF-IDF cosine of each text (row) with each topic text (column) over character n-grams.

    Term frequency is sublinear (1 + log tf); IDF is smoothed, ``log((1 + N) / (1 + df)) + 1``,
    over the texts and the topics together, so n-grams every answer uses weigh little.
    """
    counted = [_ngrams(t) for t in texts]
    topic_counted = [_ngrams(t) for t in topics]
    df: Counter[str] = Counter()
    for grams in (*counted, *topic_counted):
        df.update(grams.keys())
    total = len(counted) + len(topic_counted)
    idf = {gram: math.log((1 + total) / (1 + d)) + 1 for gram, d in df.items()}
    vocabulary = {gram: i for i, gram in enumerate({g for t in topic_counted for g in t})}
    topic_matrix = np.zeros((len(topics), len(vocabulary)), dtype=np.float32)
    for row, grams in enumerate(topic_counted):
        for gram, tf in grams.items():
            topic_matrix[row, vocabulary[gram]] = (1 + math.log(tf)) * idf[gram]
    topic_matrix = _unit(topic_matrix)
    text_matrix = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    norms = np.zeros(len(texts), dtype=np.float32)
    for row, grams in enumerate(counted):
        squared = 0.0
        for gram, tf in grams.items():
            weight = (1 + math.log(tf)) * idf[gram]
            squared += weight * weight
            column = vocabulary.get(gram)
            if column is not None:
                text_matrix[row, column] = weight
        norms[row] = math.sqrt(squared)
    return (text_matrix @ topic_matrix.T) / np.maximum(norms, 1e-12)[:, None]


def smooth_over_neighbours(
    scores: np.ndarray, vectors: np.ndarray, weight: float, k: int = NEIGHBOURS
) -> np.ndarray:
    """``(1 - weight) ×`` each row's scores ``+ weight ×`` the mean of its ``k`` nearest rows'
    (by cosine of ``vectors``, itself excluded).  Fewer than ``2k`` rows are left alone: a
    handful of responses have no neighbours that say the same thing."""
    n = len(scores)
    if weight <= 0 or n < 2 * k:
        return scores
    smoothed = np.empty_like(scores)
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        similarity = vectors[start:stop] @ vectors.T
        similarity[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        nearest = np.argpartition(-similarity, k, axis=1)[:, :k]
        smoothed[start:stop] = scores[nearest].mean(axis=1)
    return (1 - weight) * scores + weight * smoothed


def gap_rule(order: Sequence[int], rank: np.ndarray) -> list[int]:
    """The top topic, and the second only when it is nearer the first than the third is to it
    (with two topics, the second never: there is no gap below it to compare)."""
    chosen = [int(order[0])]
    if len(order) >= 3:
        first, second, third = rank[order[0]], rank[order[1]], rank[order[2]]
        if first - second < second - third:
            chosen.append(int(order[1]))
    return chosen
