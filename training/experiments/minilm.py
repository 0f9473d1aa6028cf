"""Frozen all-MiniLM-L6-v2 for the statement experiments: token vectors and the cue head.

Nothing here is part of the package (see docs/statements.md, "Encoder": the measured gain did
not justify shipping it). The encoder is the shipped one (``newsprism/encoder.py``, exported by
``training/export_minilm.py``); inference uses onnxruntime and tokenizers only.

:func:`token_vectors` gives one 384-dimensional vector per word (spaCy token) of each sentence:
the mean of its wordpieces' last hidden states (a word without wordpiece, such as a newline,
gets zeros; pieces past ``MAX_TOKENS`` are cut).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from newsprism.encoder import MODEL_DIR, Encoder, EncoderLoadError  # noqa: E402

DEFAULT_DIR = MODEL_DIR
BATCH = 32
DIM = 384
EncoderMissing = EncoderLoadError


def token_vectors(sentences: Sequence[Sequence[str]], model_dir: Path = DEFAULT_DIR) -> list[np.ndarray]:
    """One ``(len(words), 384)`` float32 array per sentence: each word's mean wordpiece vector."""
    if not sentences:
        return []
    encoder = _encoder(model_dir)
    out: list[np.ndarray | None] = [None] * len(sentences)
    order = sorted(range(len(sentences)), key=lambda k: len(sentences[k]))
    for b in range(0, len(order), BATCH):
        batch = order[b:b + BATCH]
        encodings = encoder.tokenizer.encode_batch([list(sentences[k]) for k in batch], is_pretokenized=True)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = encoder.hidden_states(ids, mask)
        for row, k in enumerate(batch):
            vectors = np.zeros((len(sentences[k]), DIM), dtype=np.float32)
            counts = np.zeros(len(sentences[k]), dtype=np.float32)
            for piece, word in enumerate(encodings[row].word_ids):
                if word is not None:
                    vectors[word] += hidden[row, piece]
                    counts[word] += 1
            out[k] = vectors / np.maximum(counts, 1.0)[:, None]
    return out  # type: ignore[return-value]


_ENCODERS: dict[Path, Encoder] = {}


def _encoder(model_dir: Path) -> Encoder:
    if model_dir not in _ENCODERS:
        _ENCODERS[model_dir] = Encoder(model_dir)
    return _ENCODERS[model_dir]


@dataclass(frozen=True)
class CueHead:
    """Logistic head over a candidate's vector, stacked with the linear model's logit.

    ``p = σ(s0·l + s1·h + s2·l·h + b)`` with ``l`` the linear cue model's logit and ``h`` the
    head's score ``w·v + c``. Only candidates the linear model is unsure of (``low ≤ l < high``
    in probability) are rescored, and only their sentences encoded; ``threshold`` replaces the
    linear model's threshold when the encoder ran.
    """

    weights: tuple[float, ...]
    bias: float
    stack: tuple[float, float, float]
    stack_bias: float
    low: float
    high: float
    threshold: float

    @classmethod
    def load(cls, path: Path) -> CueHead:
        if not path.exists():
            raise EncoderMissing(f"cue head not found at {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["weights"]), data["bias"], tuple(data["stack"]), data["stack_bias"],
                   data["low"], data["high"], data["threshold"])

    def save(self, path: Path) -> None:
        data = {"low": self.low, "high": self.high, "threshold": self.threshold, "stack": [round(s, 6) for s in self.stack],
                "stack_bias": round(self.stack_bias, 6), "bias": round(self.bias, 6),
                "weights": [round(w, 6) for w in self.weights]}
        path.write_text(json.dumps(data, indent=0), encoding="utf-8")

    def probabilities(self, base: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """Stacked probabilities of candidates with linear probabilities ``base`` and ``vectors``."""
        p = np.clip(base, 1e-6, 1 - 1e-6)
        lin = np.log(p / (1 - p))
        head = vectors @ np.asarray(self.weights, dtype=np.float32) + self.bias
        z = self.stack[0] * lin + self.stack[1] * head + self.stack[2] * lin * head + self.stack_bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def unsure(base: dict[int, float], low: float, high: float) -> list[int]:
    """Candidates (token indices, in order) whose linear probability lies in ``[low, high)``."""
    return [i for i in sorted(base) if low <= base[i] < high]


def sentences_of(tokens: Sequence[int], sent_start: Sequence[int], sent_end: Sequence[int]) -> list[tuple[int, int]]:
    """The distinct ``(start, end)`` sentences holding ``tokens``, in order."""
    return sorted({(sent_start[i], sent_end[i]) for i in tokens})
