"""Themes proposed from the comments alone: cluster their embeddings, name each cluster.

How (and why this way):

1. **Embeddings** from :mod:`.embedding` (unit vectors, so Euclidean k-means is spherical
   k-means: it groups comments by cosine similarity).
2. **How many themes.**  Silhouette over k = 4…25, but measured on a 10-dimensional PCA
   projection of the embeddings.  In the full 384 dimensions near-identical phrasings form
   tight little groups and the silhouette keeps rising with k (it was still rising at k = 40 on
   generated comments with 12 themes); the leading principal directions carry the broad
   subjects, and there the silhouette rises to a plateau that starts near the true number.
   We take the fewest themes whose silhouette is within 3% of the best: beyond the true
   number the curve is flat within a few percent and its maximum lands anywhere on the
   plateau (always taking the maximum gave adjusted Rand 0.42–0.55 on generated comments,
   this rule 0.50–0.70), and fewer, broader themes are easier for officers to review.
3. **Clusters.**  k-means with that k in the full space (k-means++ and four restarts, seeded).
   We chose k-means over HDBSCAN, which left half the comments as noise in these dimensions,
   and over agglomerative (Ward) clustering, which recovered the known themes less well (adjusted
   Rand 0.47 against 0.65 at k = 12) and needs n² memory.
4. **Outliers** are put aside: a comment closer to another cluster than to its own (negative
   silhouette) and clusters too small to be a theme (under 1% of the comments, at least 3).
5. **Names.**  Class-based TF-IDF (as in BERTopic): the words of each cluster taken as one
   document, weighted by how specific they are to it, stop words of every language we serve
   left out (:mod:`.stopwords`; without them Urdu comments were named "میں / اور / لیے", "in /
   and / for"); the top three make the label
   ("english classes / esol / course"), the top eight and the most representative comment
   (its personal data masked) the description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import silhouette_samples, silhouette_score
from threadpoolctl import threadpool_limits

from .coding import representative_quotes
from .pii import mask_personal_data
from .quotes import distinct_quotes, normalise_quote
from .stopwords import STOP_WORDS as _ALL_STOP_WORDS

__all__ = ["ProposedTheme", "distinct_quotes", "normalise_quote", "propose_themes", "theme_words"]

K_RANGE = (4, 25)  # candidate numbers of themes when none is asked for
SELECTION_DIMENSIONS = 10  # PCA dimensions in which k is chosen (see the module docstring)
SILHOUETTE_SAMPLE = 2000  # comments the silhouette is computed on, for speed
SILHOUETTE_TOLERANCE = 0.97  # the fewest themes whose silhouette is within 3% of the best


# Function words and words every consultation uses, in English, Urdu and Polish
# (:mod:`.stopwords`): they name no theme.
STOP_WORDS = sorted(_ALL_STOP_WORDS)
Progress = Callable[[int, int], None]


@dataclass
class ProposedTheme:
    """A theme found in the comments, shaped like a codebook entry plus its evidence.

    ``members`` are indices into the texts given; ``representative`` the same indices ordered
    from the most typical comment (closest to the cluster's centre) outwards.
    """

    topic_id: str
    topic_label: str
    topic_description: str
    members: list[int] = field(default_factory=list)
    representative: list[int] = field(default_factory=list)

    def codebook_entry(self) -> dict[str, str]:
        """The theme as a codebook entry (what ``consult themes --json`` prints)."""
        return {
            "topic_id": self.topic_id,
            "topic_label": self.topic_label,
            "topic_description": self.topic_description,
        }


def _choose_k(vectors: np.ndarray, seed: int, progress: Callable[[], None]) -> int:
    """The number of clusters with the best silhouette in a low-dimensional projection."""
    n = len(vectors)
    low, high = K_RANGE[0], min(K_RANGE[1], max(2, n // 15))
    low = min(low, high)
    dims = min(SELECTION_DIMENSIONS, n - 1, vectors.shape[1])
    reduced = PCA(dims, random_state=seed).fit_transform(vectors)
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)
    scores: dict[int, float] = {}
    for k in range(low, high + 1):
        labels = KMeans(k, n_init=2, random_state=seed).fit_predict(reduced)
        if len(set(labels)) > 1:
            scores[k] = float(
                silhouette_score(
                    reduced, labels, sample_size=min(n, SILHOUETTE_SAMPLE), random_state=seed
                )
            )
        progress()
    if not scores:
        return low
    best = max(scores.values())
    return min(k for k, score in scores.items() if score >= SILHOUETTE_TOLERANCE * best)


def theme_words(
    texts: Sequence[str], clusters: Sequence[Sequence[int]], top: int = 8
) -> list[list[str]]:
    """The ``top`` most distinctive words (or two-word phrases) of each cluster, by c-TF-IDF.

    A phrase's weight in a cluster is its frequency there times log(1 + A / f), where A is the
    average number of words per cluster and f the phrase's frequency over all clusters: common
    everywhere scores low, frequent here and rare elsewhere scores high.  A word already
    covered by a chosen phrase ("english" after "english classes") is skipped, and so is a
    phrase that repeats a chosen word, so the label names different things.
    """
    vectorizer = CountVectorizer(
        stop_words=STOP_WORDS, ngram_range=(1, 2), min_df=2, token_pattern=r"(?u)\b[^\W\d_]{3,}\b"
    )
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # every word is a stop word or appears once
        return [[] for _ in clusters]
    vocabulary = vectorizer.get_feature_names_out()
    per_cluster = np.vstack(
        [np.asarray(counts[list(members)].sum(axis=0)).ravel() for members in clusters]
    ).astype(float)
    frequency = per_cluster.sum(axis=0)
    average = per_cluster.sum() / max(len(clusters), 1)
    tf = per_cluster / np.maximum(per_cluster.sum(axis=1, keepdims=True), 1)
    weights = tf * np.log1p(average / np.maximum(frequency, 1))
    result = []
    for row in weights:
        chosen: list[str] = []
        for index in np.argsort(-row):
            if row[index] <= 0 or len(chosen) == top:
                break
            term = str(vocabulary[index])
            covered = set(" ".join(chosen).split())
            if covered & set(term.split()):
                continue
            chosen.append(term)
        result.append(chosen)
    return result


def _slug(words: Sequence[str]) -> str:
    return re.sub(r"[^a-z0-9]+", "_", " ".join(words).lower()).strip("_")[:40] or "theme"


def propose_themes(
    texts: Sequence[str],
    *,
    embeddings: np.ndarray | None = None,
    n_themes: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> list[ProposedTheme]:
    """Themes proposed from ``texts`` alone, largest first, outliers left out of every theme.

    ``embeddings`` (from :func:`~.embedding.get_encoder`) are computed when not given;
    ``n_themes`` fixes the number of clusters (before small ones are dropped), otherwise it is
    chosen by silhouette.  ``progress(done, total)`` follows embedding, then each clustering
    step.  The same texts and seed give the same themes.
    """
    n = len(texts)
    if n == 0:
        return []
    candidates = 1 if n_themes else min(K_RANGE[1], max(2, n // 15)) - min(K_RANGE[0], 2) + 1
    total = (n if embeddings is None else 0) + candidates + 2
    done = 0

    def step(amount: int = 1) -> None:
        nonlocal done
        done = min(done + amount, total)
        if progress is not None:
            progress(done, total)

    if embeddings is None:
        from .embedding import get_encoder

        embeddings = get_encoder().encode(texts, progress=lambda d, _t: step(d - done))
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if len(embeddings) != n:
        raise ValueError(f"{len(embeddings)} embeddings for {n} texts")

    # One thread: scikit-learn's OpenMP threads spin-wait, and for a few thousand comments on a
    # shared machine (a web worker, a CI runner) that made k-means ten to a hundred times slower.
    with threadpool_limits(limits=1):
        if n < 2 * K_RANGE[0] and not n_themes:
            labels = np.zeros(n, dtype=int)
        else:
            k = min(n_themes, n) if n_themes else _choose_k(embeddings, seed, step)
            labels = KMeans(k, n_init=4, random_state=seed).fit_predict(embeddings)
        step()
        keep = np.ones(n, dtype=bool)
        if len(set(labels)) > 1:
            keep &= silhouette_samples(embeddings, labels, metric="cosine") >= 0
    minimum = max(3, n // 100)
    clusters = []
    for label in np.unique(labels):
        members = np.flatnonzero((labels == label) & keep)
        if len(members) >= minimum or len(set(labels)) == 1:
            clusters.append([int(i) for i in members])
    clusters.sort(key=len, reverse=True)
    clusters = [c for c in clusters if c]

    words = theme_words(texts, clusters)
    themes = []
    for number, (members, top) in enumerate(zip(clusters, words, strict=True), start=1):
        ordered = representative_quotes(embeddings, members, k=len(members))
        label = " / ".join(top[:3]) or f"theme {number}"
        quote = mask_personal_data(texts[ordered[0]]) if ordered else ""
        description = (
            f"{len(members)} comments about {', '.join(top) or 'this theme'}. "
            f"Most typical: “{quote}”"
        )
        themes.append(
            ProposedTheme(
                topic_id=f"t{number:02d}_{_slug(top[:2])}",
                topic_label=label,
                topic_description=description,
                members=members,
                representative=ordered,
            )
        )
    step(total)
    return themes
