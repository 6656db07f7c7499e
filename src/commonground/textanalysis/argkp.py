"""IBM's ArgKP (KPA 2021 shared task) as a consultation-coding set: the development set of theme
coding, because nobody on the team wrote or labelled it.

``shared/data/argkp/`` holds the shared task's ``kpm_data`` (train: 24 topics, dev: 4) and
``test_data`` (3 topics) unchanged; its ``SOURCES.md`` says how to use it, and this module does
exactly that: per topic, the key points of both stances merged into one codebook (7–14 themes,
pro and con mixed, as a real consultation question gets), the arguments that match at least
one key point as the responses, and their matches as the gold labels (an argument may match
more than one).  Pairs absent from ``labels_*.csv`` (the annotators disagreed) count as
non-matches, as any coding a suggestion is scored against would.

Tune on ``train``; quote ``dev`` and ``test`` together, which were not tuned on.

:class:`EmbeddingCache` keeps sentence vectors on disk (``var/cache/``, not committed) so that
tuning runs re-embed nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from commonground.paths import project_dir, shared_dir

if TYPE_CHECKING:
    from .embedding import SentenceEncoder

__all__ = [
    "SPLITS",
    "ArgKPTopic",
    "EmbeddingCache",
    "argkp_dir",
    "load_split",
    "load_topics",
]

# split name → (folder, file suffix) in the shared task's layout
SPLITS: dict[str, tuple[str, str]] = {
    "train": ("kpm_data", "train"),
    "dev": ("kpm_data", "dev"),
    "test": ("test_data", "test"),
}


def argkp_dir() -> Path:
    """``shared/data/argkp`` (see :func:`commonground.paths.shared_dir`)."""
    return shared_dir() / "data" / "argkp"


@dataclass(frozen=True)
class ArgKPTopic:
    """One topic as a coding task: a codebook, responses and each response's gold labels."""

    split: str
    topic: str
    codebook: list[dict[str, str]]  # ThemeFinder's shape: topic_id, topic_label, …
    responses: list[dict[str, str]]  # the CLI's input: response_id, response
    gold: dict[str, list[str]]  # response_id → matching key point ids

    @property
    def texts(self) -> list[str]:
        return [r["response"] for r in self.responses]

    @property
    def truth(self) -> list[list[str]]:
        return [self.gold[r["response_id"]] for r in self.responses]

    def write(self, folder: Path) -> tuple[Path, Path]:
        """The CLI's two input files in ``folder``: ``responses.jsonl`` and ``codebook.json``."""
        folder.mkdir(parents=True, exist_ok=True)
        responses, codebook = folder / "responses.jsonl", folder / "codebook.json"
        responses.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.responses),
            encoding="utf-8",
        )
        codebook.write_text(json.dumps(self.codebook, ensure_ascii=False, indent=1), "utf-8")
        return responses, codebook


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def codebook_entry(key_point_id: str, key_point: str) -> dict[str, str]:
    """A key point as i.AI ThemeFinder writes a theme.

    The key point is a short statement, so it is the label; the description is left empty
    rather than invented (``topic`` is then the label alone, as ThemeFinder's ``"label:
    description"`` would be with nothing to add).
    """
    return {
        "topic_id": key_point_id,
        "topic_label": key_point.strip(),
        "topic_description": "",
        "topic": key_point.strip(),
    }


def load_split(split: str, root: Path | None = None) -> list[ArgKPTopic]:
    """Every topic of ``split`` ("train", "dev" or "test"), in the files' order."""
    if split not in SPLITS:
        raise ValueError(f"unknown ArgKP split {split!r} (expected one of {', '.join(SPLITS)})")
    folder, suffix = SPLITS[split]
    base = (argkp_dir() if root is None else Path(root)) / folder
    arguments = _rows(base / f"arguments_{suffix}.csv")
    key_points = _rows(base / f"key_points_{suffix}.csv")
    matches: dict[str, list[str]] = defaultdict(list)
    for row in _rows(base / f"labels_{suffix}.csv"):
        if row["label"].strip() == "1":
            matches[row["arg_id"]].append(row["key_point_id"])
    topics: dict[str, ArgKPTopic] = {}
    for row in key_points:
        topic = topics.setdefault(row["topic"], ArgKPTopic(split, row["topic"], [], [], {}))
        topic.codebook.append(codebook_entry(row["key_point_id"], row["key_point"]))
    for row in arguments:
        labels = matches.get(row["arg_id"])
        if not labels or row["topic"] not in topics:
            continue
        topic = topics[row["topic"]]
        topic.responses.append({"response_id": row["arg_id"], "response": row["argument"]})
        topic.gold[row["arg_id"]] = sorted(set(labels))
    return list(topics.values())


def load_topics(splits: Sequence[str], root: Path | None = None) -> list[ArgKPTopic]:
    """The topics of several splits, in order."""
    return [topic for split in splits for topic in load_split(split, root)]


class EmbeddingCache:
    """Sentence vectors kept on disk by text, so a tuning run re-embeds nothing.

    One ``.npz`` per encoder under ``var/cache/`` (git-ignored): the SHA-1 of each text and its
    vector.  Vectors of the same text are the same whatever batch it came in (the encoder
    masks padding), so caching by text is exact.
    """

    def __init__(
        self, name: str = "minilm", folder: Path | None = None, tuned: str | None = None
    ) -> None:
        """``tuned``: the fine-tuned encoder variant (``embedding.TUNED``) the vectors come from."""
        folder = project_dir() / "var" / "cache" if folder is None else Path(folder)
        self.tuned = tuned
        self.path = folder / f"embeddings-{name}{'-' + tuned if tuned else ''}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str], encoder: SentenceEncoder | None = None) -> np.ndarray:
        """Vectors of ``texts`` in order: cached ones read, the rest embedded and saved."""
        keys = [self._key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items()
        )
        if missing:
            if encoder is None:
                from .embedding import get_encoder

                encoder = get_encoder(self.tuned)
            vectors = encoder.encode([t for _, t in missing])
            self._vectors.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
            self.save()
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U40")
        vectors = np.stack(list(self._vectors.values())).astype(np.float32)
        temporary = self.path.with_suffix(".tmp.npz")
        np.savez(temporary, keys=keys, vectors=vectors)
        temporary.replace(self.path)
