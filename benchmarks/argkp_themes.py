"""“Propose themes” measured on IBM's ArgKP, beside our generated comments.

    .venv/bin/python benchmarks/argkp_themes.py [--splits dev,test] [--generated 900]

Per ArgKP topic (``commonground.textanalysis.argkp``: the arguments that match at least one
key point), ``propose_themes`` (what ``commonground consult themes`` and the consult app's
"Propose themes" run) clusters the arguments with no codebook at all; the key points are the
truth it should find.  Reported per split, pooled over topics:

* **recovered key points**: the share of key points that some proposed theme is made mostly
  of (over half its members have it; the same rule as ``tests/test_themes.py``);
* **adjusted Rand index** of the proposed partition against the key points, on the arguments
  placed in a theme (an argument with two key points counts under its first), and, stricter,
  with the arguments set aside as one more group;
* the share set aside, themes proposed per topic (key points per topic beside it);
* **stop-word labels**: labels with a word from the stop-word lists of any language we serve
  (English, Urdu, Polish; ``textanalysis/stopwords.py``) and labels made only of them: both
  must be 0.

Then the same on ``--generated N`` comments from ``synthetic.py`` (seed 1, the test's set),
whose 12 generating themes are the truth.  Vectors come from the on-disk cache (``var/cache/``);
nothing here is tuned: ``themes.py``'s settings were chosen on generated comments.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commonground.textanalysis.argkp import EmbeddingCache, load_topics  # noqa: E402
from commonground.textanalysis.stopwords import LANGUAGES  # noqa: E402
from commonground.textanalysis.synthetic import generate_comments  # noqa: E402
from commonground.textanalysis.themes import ProposedTheme, propose_themes  # noqa: E402

STOP = frozenset().union(*LANGUAGES.values())


class Tally:
    """Pooled figures over the topics of one split."""

    def __init__(self) -> None:
        self.truths = self.recovered = self.themes = self.topics = 0
        self.placed_ari: list[tuple[float, int]] = []
        self.all_ari: list[tuple[float, int]] = []
        self.aside = self.responses = 0
        self.labels: list[str] = []

    def add(self, themes: Sequence[ProposedTheme], truth: Sequence[str]) -> None:
        n = len(truth)
        assigned = np.full(n, -1)
        for number, theme in enumerate(themes):
            assigned[theme.members] = number
        gold = np.array(truth)
        placed = assigned >= 0
        if placed.sum() > 1:
            self.placed_ari.append((adjusted_rand_score(gold[placed], assigned[placed]), n))
        self.all_ari.append((adjusted_rand_score(gold, assigned), n))
        matched = set()
        for theme in themes:
            top, count = Counter(gold[theme.members]).most_common(1)[0]
            if count / len(theme.members) > 0.5:
                matched.add(top)
        self.truths += len(set(truth))
        self.recovered += len(matched)
        self.themes += len(themes)
        self.topics += 1
        self.aside += int((~placed).sum())
        self.responses += n
        self.labels += [t.topic_label for t in themes]

    @staticmethod
    def _mean(pairs: list[tuple[float, int]]) -> float:
        weight = sum(n for _, n in pairs)
        return sum(a * n for a, n in pairs) / weight if weight else float("nan")

    def row(self, truth_name: str) -> str:
        words = [set(label.replace("/", " ").lower().split()) for label in self.labels]
        with_stop = sum(1 for w in words if w & STOP)
        only_stop = sum(1 for w in words if w and w <= STOP)
        return (
            f"{truth_name} recovered {self.recovered}/{self.truths} "
            f"({self.recovered / max(self.truths, 1):.0%}); ARI placed "
            f"{self._mean(self.placed_ari):.3f}, with set-aside {self._mean(self.all_ari):.3f};"
            f" set aside {self.aside / max(self.responses, 1):.0%}; themes per topic "
            f"{self.themes / max(self.topics, 1):.1f}"
            f" (truth {self.truths / max(self.topics, 1):.1f});"
            f" labels with a stop word {with_stop}/{len(words)}, only stop words {only_stop}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", default="train,dev,test", help="ArgKP splits, comma-separated")
    parser.add_argument("--generated", type=int, default=900, help="generated comments (0: none)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cache = EmbeddingCache()
    splits = args.splits.split(",")
    tallies = {split: Tally() for split in splits}
    held_out = Tally()
    for topic in load_topics(splits):
        themes = propose_themes(topic.texts, embeddings=cache.encode(topic.texts), seed=0)
        truth = [labels[0] for labels in topic.truth]
        tallies[topic.split].add(themes, truth)
        if topic.split in ("dev", "test"):
            held_out.add(themes, truth)
        print(
            f"  {topic.split} “{topic.topic}”: {len(topic.texts)} arguments, "
            f"{len(topic.codebook)} key points → {len(themes)} themes: "
            + "; ".join(t.topic_label for t in themes[:4])
            + ("…" if len(themes) > 4 else ""),
            flush=True,
        )
    print()
    for split, tally in tallies.items():
        print(f"ArgKP {split:<5} ({tally.topics} topics): " + tally.row("key points"))
    if held_out.topics and len(splits) > 1:
        print(f"ArgKP dev + test ({held_out.topics} topics): " + held_out.row("key points"))
    if args.generated:
        comments = generate_comments(args.generated, seed=1)
        texts = [c.text for c in comments]
        keep = [i for i, c in enumerate(comments) if c.themes]
        vectors = cache.encode(texts)
        themes = propose_themes([texts[i] for i in keep], embeddings=vectors[keep], seed=0)
        tally = Tally()
        tally.add(themes, [comments[i].themes[0] for i in keep])
        print(f"generated ({args.generated}, seed 1, on-topic {len(keep)}): " + tally.row("themes"))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
