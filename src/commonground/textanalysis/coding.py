"""Codes suggested for uncoded comments against an officer's codebook.

Each topic is represented by the mean embedding of its label and of each phrase of its
description ("Buses and trains: routes, times, fares" → "Public transport", "Buses and trains",
"routes", "times", "fares"): a comment usually touches one aspect of a topic, and one sentence
of many aspects embeds as none of them (F1 0.79 against 0.74 for the whole text embedded at
once, on data/labelled_comments.jsonl).  When officers have already coded some comments, the
topic's vector is blended with the centroid of their examples (an officer's accepted codings
say more about how residents phrase a topic than its description does).

The ranking (``ranking.py``, measured step by step on IBM's ArgKP with
``benchmarks/argkp_coding.py``, tuned on its train topics only): cosine after taking away the
responses' and the topics' means, plus a character n-gram TF-IDF similarity on the same scale,
blended with the scores of each response's five nearest responses.  A comment gets its top
topic, and the second only when the gap to it is smaller than the gap below it; a code also
needs a cosine of at least ``threshold``, so a comment about nothing in the codebook gets none
(or the codebook's catch-all topic, "None of the above", "Other"…, which is never ranked by
its wording).  First of all, response and topic vectors go through a linear adapter learnt on
ArgKP's train topics (``adapter.py``), and each suggested code gets a calibrated confidence
(``confidence.py``).  ArgKP dev + test micro-F1: 0.473 before, 0.575 with the ranking, 0.594
with the adapter; our 214 labelled comments: 0.79 throughout.  ``PREVIOUS_METHOD`` keeps the
old rule reachable for the benchmark.
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

from . import adapter as adapters
from . import confidence as calibration
from . import ranking

if TYPE_CHECKING:
    from .embedding import SentenceEncoder

__all__ = [
    "DEFAULT_THRESHOLD",
    "PREVIOUS_METHOD",
    "CodebookEntry",
    "CodebookError",
    "Method",
    "Suggestion",
    "is_catch_all",
    "load_codebook",
    "load_examples",
    "parse_codebook",
    "ranking_scores",
    "representative_quotes",
    "suggest_codes",
]

# The previous method's settings, chosen for the best F1 on 600 generated comments
# (synthetic.py, seed 5), then measured on the hand-written data/labelled_comments.jsonl.
PREVIOUS_THRESHOLD = 0.25  # least cosine similarity for a code
MARGIN = 0.04  # a second or third code must score within this of the best one
MAX_LABELS = 3
# The ranking's settings, chosen on ArgKP's train topics (benchmarks/argkp_coding.py).
DEFAULT_THRESHOLD = 0.25  # least cosine similarity for a code
PRIOR_RESPONSES = 20  # how many responses' weight the centre and spread estimates start from
LEXICAL_WEIGHT = 1.0  # character n-gram similarity beside the embedding's, both z-scored
# share of the five nearest responses' scores in a response's.  With the adapter, 0.6 won
# train's cross-validation by a hair (F1 0.574 → 0.577) but cost our labelled comments with
# officers' examples (0.756 → 0.731), so it stays 0.4.
NEIGHBOUR_WEIGHT = 0.4
ADAPTER = "argkp"  # the shipped adapter the ranking starts with (adapter.py)
TUNED_ENCODER = "argkp"  # MiniLM with low-rank updates learnt on ArgKP train (embedding.TUNED)
EXAMPLE_WEIGHT = (
    0.3  # share of the officers' examples in a topic's vector (best on held-out halves)
)
_CATCH_ALL = re.compile(
    r"(none( of (the|these|those) (above|options))?|other|others|other reasons?|other issues"
    r"|other comments?|something else|no reason( given)?|no (answer|comment|opinion)"
    r"|not (applicable|answered|specified|stated|sure)|n/?a|don'?t know|unsure|unclear"
    r"|off[- ]topic|not relevant|irrelevant)\W*"
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


@dataclass(frozen=True)
class Method:
    """How topics are ranked and chosen; each step can be switched off for the benchmark
    (``benchmarks/argkp_coding.py``), which measures what each one adds."""

    centre: bool = True  # take the responses' and the topics' means away before the cosine
    standardise: bool = False  # each topic's scores as z-scores (lowered F1 on ArgKP train)
    lexical: float = LEXICAL_WEIGHT  # weight of the character n-gram similarity
    neighbours: float = NEIGHBOUR_WEIGHT  # weight of the nearest responses' scores
    rule: str = "gap"  # "gap": top one, second if nearer; "threshold": the previous rule
    catch_all: bool = True  # "none of the above" themes only for what fits nothing else
    threshold: float = DEFAULT_THRESHOLD  # least cosine similarity for a code
    adapter: str | None = ADAPTER  # linear map learnt on ArgKP train (adapter.py); None: off
    # the sentence encoder: MiniLM fine-tuned on ArgKP train (embedding.TUNED); None: as published
    encoder: str | None = TUNED_ENCODER


PREVIOUS_METHOD = Method(
    adapter=None,
    encoder=None,
    centre=False,
    lexical=0.0,
    neighbours=0.0,
    rule="threshold",
    catch_all=False,
    threshold=PREVIOUS_THRESHOLD,
)


@dataclass
class Suggestion:
    """The codes suggested for one comment, every topic's score (cosine similarity) and, per
    suggested code, a calibrated confidence (``confidence.py``; absent for a catch-all code,
    which is given because nothing else fits, and when no calibration ships)."""

    labels: list[str]
    scores: dict[str, float] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    features: dict[str, list[float]] = field(default_factory=dict, repr=False)


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


def load_examples(path: str | Path, codebook: Sequence[CodebookEntry]) -> dict[str, list[str]]:
    """Comments officers have coded, per topic id, from JSON Lines: one
    ``{"response_id": …, "response": "…", "labels": ["topic_id", …]}`` a line (what
    ``consult code --json`` prints, with the texts, once an officer has corrected it).

    Errors name file, line and field; a label that is not in the codebook is an error (a
    typing slip would otherwise teach nothing, silently).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(f"{path}: cannot read ({error})") from None
    known = {entry.topic_id for entry in codebook}
    examples: dict[str, list[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise CodebookError(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(item, dict):
            raise CodebookError(f"{where}: expected a JSON object")
        text, labels = item.get("response"), item.get("labels")
        if not isinstance(text, str):
            raise CodebookError(f'{where}: "response" must be a string')
        if not isinstance(labels, list) or not all(isinstance(x, str | int) for x in labels):
            raise CodebookError(f'{where}: "labels" must be a list of topic ids')
        for label in map(str, labels):
            if label not in known:
                raise CodebookError(f'{where}: label "{label}" is not a topic_id of the codebook')
            examples.setdefault(label, []).append(text)
    if not examples:
        raise CodebookError(f"{path}: no coded responses")
    return examples


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

        encoder = get_encoder(TUNED_ENCODER)
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


def is_catch_all(entry: CodebookEntry) -> bool:
    """A "none of the above" / "no reason given" / "other" theme: a place for what fits no
    other theme, not a subject, so it is never ranked by its wording."""
    return bool(_CATCH_ALL.fullmatch(entry.topic_label.strip().lower()))


def similarities(embeddings: np.ndarray, topics: np.ndarray) -> np.ndarray:
    """Cosine similarity of each response (row) to each topic (column)."""
    return np.asarray(embeddings, dtype=np.float32) @ np.asarray(topics, dtype=np.float32).T


def ranking_scores(
    embeddings: np.ndarray,
    topics: np.ndarray,
    method: Method | None = None,
    texts: Sequence[str] | None = None,
    topic_texts: Sequence[str] | None = None,
) -> np.ndarray:
    """What ranks the topics of each response (row), higher first (see ``ranking.py``).

    Cosine (centred with ``method.centre``, standardised per topic with
    ``method.standardise``); with ``method.lexical`` and the texts given, plus that weight of
    the character n-gram similarity, both on one scale; then, with ``method.neighbours``,
    blended with the scores of each response's nearest neighbours.  The neighbours' weight
    grows with the number of responses (a few have no neighbours worth the name).
    """
    method = method or Method()
    embeddings = np.asarray(embeddings, dtype=np.float32)
    topics = np.asarray(topics, dtype=np.float32)
    if method.adapter:
        embeddings = adapters.apply(embeddings, method.adapter)
        topics = adapters.apply(topics, method.adapter)
    if method.centre:
        scores, vectors = ranking.centred_cosine(embeddings, topics, PRIOR_RESPONSES)
    else:
        scores, vectors = similarities(embeddings, topics), embeddings
    if method.standardise:
        scores = ranking.standardised(scores, PRIOR_RESPONSES)
    if method.lexical and texts is not None and topic_texts is not None and len(scores):
        lexical = ranking.char_ngram_similarity(texts, topic_texts)
        scores = ranking.zscore(scores) + method.lexical * ranking.zscore(lexical)
    if method.neighbours:
        weight = method.neighbours * len(scores) / (len(scores) + PRIOR_RESPONSES)
        scores = ranking.smooth_over_neighbours(scores, vectors, weight)
    return scores


def _lexical_text(entry: CodebookEntry, examples: Mapping[str, Sequence[str]] | None) -> str:
    """A topic's words for the character n-gram match: label, description and the comments
    officers coded with it (on a bare-label codebook the label's words alone are too few:
    F1 with examples 0.74 on the labelled set's even half, 0.76 with their words too)."""
    coded = (examples or {}).get(entry.topic_id, ())
    return " ".join([entry.topic_label, entry.topic_description, *coded])


def _choose(
    rank: np.ndarray, cosine: np.ndarray, candidates: np.ndarray, method: Method, threshold: float
) -> list[int]:
    """Column indices of the labels of one response, best first."""
    if not len(candidates):
        return []
    order = candidates[np.argsort(-rank[candidates], kind="stable")]
    if method.rule == "threshold":  # the previous rule: within MARGIN of the best, ≥ threshold
        best = rank[order[0]]
        chosen = [int(i) for i in order[:MAX_LABELS] if rank[i] >= best - MARGIN]
    else:
        chosen = ranking.gap_rule(order, rank)
    return [i for i in chosen if cosine[i] >= threshold]


def suggest_codes(
    texts: Sequence[str],
    codebook: Sequence[CodebookEntry],
    *,
    embeddings: np.ndarray | None = None,
    examples: Mapping[str, Sequence[str]] | None = None,
    threshold: float | None = None,
    progress: Progress | None = None,
    method: Method | None = None,
    encoder: SentenceEncoder | None = None,
) -> list[Suggestion]:
    """A suggestion per text: its topic ids, best first, and every topic's cosine similarity.

    ``examples`` maps topic ids to comments officers have coded with them;
    ``threshold`` (default: the method's) is the least cosine similarity for a code, so a
    comment that fits no topic gets none, or the codebook's catch-all topic if it has one.
    ``progress(done, total)`` follows the embedding of the texts.  ``method`` is for the
    benchmark (``PREVIOUS_METHOD`` is what this did before ArgKP); leave it out, and
    ``encoder`` (default: the process's MiniLM) too.
    """
    if not codebook:
        raise CodebookError("the codebook is empty")
    method = method or Method()
    threshold = method.threshold if threshold is None else threshold
    if encoder is None:
        from .embedding import get_encoder

        encoder = get_encoder(method.encoder)
    if embeddings is None:
        embeddings = encoder.encode(texts, progress=progress)
    elif progress is not None:
        progress(len(texts), len(texts))
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if len(embeddings) != len(texts):
        raise ValueError(f"{len(embeddings)} embeddings for {len(texts)} texts")
    ids = [entry.topic_id for entry in codebook]
    topics = topic_vectors(codebook, examples, encoder)
    cosine = similarities(embeddings, topics)
    catch_all = [i for i, entry in enumerate(codebook) if method.catch_all and is_catch_all(entry)]
    ordinary = np.array([i for i in range(len(ids)) if i not in catch_all], dtype=int)
    rank = np.full_like(cosine, -np.inf)
    if len(ordinary):
        rank[:, ordinary] = ranking_scores(
            embeddings,
            topics[ordinary],
            method,
            texts,
            [_lexical_text(codebook[i], examples) for i in ordinary],
        )
    suggestions = []
    for row_rank, row_cosine in zip(rank, cosine, strict=True):
        chosen = _choose(row_rank, row_cosine, ordinary, method, threshold)
        features = {
            ids[i]: calibration.features(row_rank, ordinary, i, position > 0, row_cosine[i])
            for position, i in enumerate(chosen)
        }
        if not chosen and catch_all:
            chosen = catch_all[:1]
        sure = {label: calibration.probability(values) for label, values in features.items()}
        suggestions.append(
            Suggestion(
                [ids[i] for i in chosen],
                {ids[i]: round(float(row_cosine[i]), 4) for i in range(len(ids))},
                {label: round(p, 4) for label, p in sure.items() if p is not None},
                features,
            )
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
