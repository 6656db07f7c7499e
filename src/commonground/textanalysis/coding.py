"""Codes suggested for uncoded comments against an officer's codebook.

Each topic is represented by the mean embedding of its label and of each phrase of its
description ("Buses and trains: routes, times, fares" → "Public transport", "Buses and trains",
"routes", "times", "fares"): a comment usually touches one aspect of a topic, and one sentence
of many aspects embeds as none of them (F1 0.79 against 0.74 for the whole text embedded at
once, on data/labelled_comments.jsonl).  When officers have already coded some comments, the
topic's vector is blended with the centroid of their examples (an officer's accepted codings
say more about how residents phrase a topic than its description does).

A comment gets every topic whose cosine similarity reaches an absolute ``threshold`` and is
within ``MARGIN`` of its best topic, at most ``MAX_LABELS`` of them: so a comment about two
things gets two codes, and a comment about nothing in the codebook gets none.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .embedding import SentenceEncoder

__all__ = [
    "DEFAULT_THRESHOLD",
    "CodebookEntry",
    "CodebookError",
    "Suggestion",
    "load_codebook",
    "parse_codebook",
    "representative_quotes",
    "suggest_codes",
]

# Chosen for the best F1 on 600 generated comments (synthetic.py, seed 5), then measured on
# the hand-written data/labelled_comments.jsonl (see docs/text-analysis.md).
DEFAULT_THRESHOLD = 0.25  # least cosine similarity for a code
MARGIN = 0.04  # a second or third code must score within this of the best one
MAX_LABELS = 3
EXAMPLE_WEIGHT = (
    0.3  # share of the officers' examples in a topic's vector (best on held-out halves)
)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CodebookEntry:
    """One topic of a codebook, as officers write it."""

    topic_id: str
    topic_label: str
    topic_description: str

    def phrases(self) -> list[str]:
        """What is embedded for the topic: its label and each phrase of its description."""
        parts = re.split(r"[,.;:()]|\band\b|\bor\b", self.topic_description)
        phrases = [self.topic_label] + [p.strip() for p in parts if len(p.strip()) > 2]
        return [p for p in phrases if p] or [self.topic_id]


@dataclass
class Suggestion:
    """The codes suggested for one comment, and every topic's score (cosine similarity)."""

    labels: list[str]
    scores: dict[str, float] = field(default_factory=dict)


class CodebookError(ValueError):
    """A codebook that cannot be used; the message names the file, the entry and the field."""


def parse_codebook(data: object, source: str = "codebook") -> list[CodebookEntry]:
    """Entries from decoded JSON (a list of objects), with errors naming entry and field."""
    if not isinstance(data, list) or not data:
        raise CodebookError(f"{source}: expected a non-empty JSON list of topics")
    entries, seen = [], set()
    for index, item in enumerate(data):
        where = f"{source}: entry {index}"
        if not isinstance(item, dict):
            raise CodebookError(f"{where}: expected an object, got {type(item).__name__}")
        values = {}
        for name in ("topic_id", "topic_label", "topic_description"):
            value = item.get(name, "" if name == "topic_description" else None)
            if value is None:
                raise CodebookError(f'{where}: missing "{name}"')
            if not isinstance(value, str | int) or isinstance(value, bool):
                raise CodebookError(f'{where}: "{name}" must be a string')
            values[name] = str(value).strip()
        if not values["topic_id"]:
            raise CodebookError(f'{where}: "topic_id" is empty')
        if values["topic_id"] in seen:
            raise CodebookError(f'{where}: duplicate topic_id "{values["topic_id"]}"')
        seen.add(values["topic_id"])
        entries.append(CodebookEntry(**values))
    return entries


def load_codebook(path: str | Path) -> list[CodebookEntry]:
    """Read a codebook file: a JSON list of ``{"topic_id", "topic_label", "topic_description"}``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(f"{path}: cannot read ({error})") from None
    except json.JSONDecodeError as error:
        raise CodebookError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    return parse_codebook(data, str(path))


def representative_quotes(embeddings: np.ndarray, members: Sequence[int], k: int = 3) -> list[int]:
    """The ``k`` members closest to their centroid (most typical first): quotes for a theme."""
    members = list(members)
    if not members:
        return []
    vectors = np.asarray(embeddings)[members]
    centroid = vectors.mean(axis=0)
    closeness = vectors @ (centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    order = np.argsort(-closeness, kind="stable")[:k]
    return [members[i] for i in order]


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


def topic_vectors(
    codebook: Sequence[CodebookEntry],
    examples: Mapping[str, Sequence[str]] | None = None,
    encoder: SentenceEncoder | None = None,
) -> np.ndarray:
    """One unit vector per topic: its phrases' mean embedding, blended with its examples'."""
    if encoder is None:
        from .embedding import get_encoder

        encoder = get_encoder()
    phrases = [entry.phrases() for entry in codebook]
    flat = encoder.encode([p for group in phrases for p in group])
    bounds = np.cumsum([0] + [len(group) for group in phrases])
    vectors = np.stack([_unit(flat[a:b].mean(axis=0)) for a, b in itertools.pairwise(bounds)])
    for row, entry in enumerate(codebook):
        coded = [t for t in (examples or {}).get(entry.topic_id, ()) if t and t.strip()]
        if coded:
            centroid = _unit(encoder.encode(coded).mean(axis=0))
            vectors[row] = (1 - EXAMPLE_WEIGHT) * vectors[row] + EXAMPLE_WEIGHT * centroid
    return _unit(vectors).astype(np.float32)


def suggest_codes(
    texts: Sequence[str],
    codebook: Sequence[CodebookEntry],
    *,
    embeddings: np.ndarray | None = None,
    examples: Mapping[str, Sequence[str]] | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
) -> list[Suggestion]:
    """A suggestion per text: up to three topic ids, best first, and every topic's score.

    ``examples`` maps topic ids to comments officers have coded with them;
    ``threshold`` (default :data:`DEFAULT_THRESHOLD`) is the least cosine similarity for a code.
    ``progress(done, total)`` follows the embedding of the texts.
    """
    if not codebook:
        raise CodebookError("the codebook is empty")
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if embeddings is None:
        from .embedding import get_encoder

        embeddings = get_encoder().encode(texts, progress=progress)
    elif progress is not None:
        progress(len(texts), len(texts))
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if len(embeddings) != len(texts):
        raise ValueError(f"{len(embeddings)} embeddings for {len(texts)} texts")
    topics = topic_vectors(codebook, examples)
    scores = embeddings @ topics.T
    ids = [entry.topic_id for entry in codebook]
    suggestions = []
    for row in scores:
        order = np.argsort(-row, kind="stable")
        best = row[order[0]]
        labels = [
            ids[i] for i in order[:MAX_LABELS] if row[i] >= threshold and row[i] >= best - MARGIN
        ]
        suggestions.append(
            Suggestion(labels, {ids[i]: round(float(row[i]), 4) for i in range(len(ids))})
        )
    return suggestions


# ----------------------------------------------------------------------------- evaluation


def evaluate(suggestions: Sequence[Suggestion], truth: Sequence[Sequence[str]]) -> dict[str, float]:
    """Micro-averaged precision, recall and F1 of suggested labels against true ones.

    Every (comment, label) pair counts once; a comment with no true label and no suggestion
    adds nothing, one with suggestions but no true label adds false positives.
    """
    tp = fp = fn = 0
    for suggestion, labels in zip(suggestions, truth, strict=True):
        predicted, actual = set(suggestion.labels), set(labels)
        tp += len(predicted & actual)
        fp += len(predicted - actual)
        fn += len(actual - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
