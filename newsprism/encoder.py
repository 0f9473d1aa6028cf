"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX, run with onnxruntime and tokenizers.

The model ships inside the package (``newsprism/models/minilm/``, written by
``training/export_minilm.py``); nothing is downloaded at run time. Vectors are
384-dimensional, the mean of the token vectors under the attention mask,
L2-normalised, so a dot product is a cosine similarity.

>>> encoder = load_encoder()                                   # doctest: +SKIP
>>> a, b = encoder.encode(["they are welcome", "they would be welcome"])   # doctest: +SKIP
>>> float(a @ b)                                               # doctest: +SKIP
0.93
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsprism.errors import NewsprismError

__all__ = ["EncoderLoadError", "Encoder", "MODEL_DIR", "load_encoder", "load_onnx", "cosine"]

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm"
#: Longest input in word pieces (the model was trained on 256; quotes are shorter).
MAX_TOKENS = 256


class EncoderLoadError(NewsprismError, RuntimeError):
    """The sentence encoder cannot be loaded: files missing or a runtime package not installed."""

    code = "NP-E213"


def load_onnx(model_dir: Path, what: str, error: type[Exception], remedy: str, *, threads: int = 1):
    """An onnxruntime session over ``model_dir/model.onnx`` and the tokenizer of ``model_dir/tokenizer.json``,
    or ``error`` saying which file is missing (and ``remedy``: the command that writes it), which
    package is not installed, or which file cannot be read. Shared by every ONNX model we ship."""
    model, tokenizer_file = model_dir / "model.onnx", model_dir / "tokenizer.json"
    missing = [p.name for p in (model, tokenizer_file) if not p.exists()]
    if missing:
        raise error(f"{what} files missing in {model_dir}: {', '.join(missing)} (run {remedy})")
    try:
        # deferred: heavy (onnxruntime loads only when the encoder is used)
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise error(f"the {what} needs onnxruntime and tokenizers: {exc}") from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
    except Exception as exc:  # a corrupt or truncated file: say which
        raise error(f"cannot load the {what} from {model_dir}: {exc}") from exc
    return session, tokenizer


class Encoder:
    """Encode texts to unit vectors (rows of a float32 array)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        self._session, self._tokenizer = load_onnx(model_dir, "sentence encoder", EncoderLoadError,
                                                   "python training/export_minilm.py", threads=threads)
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    @property
    def tokenizer(self):
        """The model's ``tokenizers.Tokenizer`` (truncation at :data:`MAX_TOKENS`, padding on)."""
        return self._tokenizer

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states ``(batch, tokens, 384)`` of padded piece ids under ``mask``."""
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})
        return hidden

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """One L2-normalised 384-d row per text (an empty array with 384 columns for no texts)."""
        rows = []
        for i in range(0, len(texts), batch_size):
            batch = self._tokenizer.encode_batch([t or "" for t in texts[i:i + batch_size]])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            hidden = self.hidden_states(ids, mask)
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append(pooled / np.clip(norms, 1e-12, None))
        return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 384), dtype=np.float32)


@functools.lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The packaged encoder, loaded once per process (raises :class:`EncoderLoadError`)."""
    return Encoder()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two unit vectors."""
    return float(np.dot(a, b))
