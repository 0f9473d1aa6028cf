"""A fine-tuned MiniLM statement span tagger (int8 ONNX, onnxruntime + tokenizers; no torch) and the
ways of using its tags on the rule statements that were measured on PolNeAR dev.

Nothing here is part of the package: no way of using the tags helped on dev (docs/statements.md,
"Encoder"), so neither the model nor a pipeline hook ships. ``training/train_encoder_spans.py``
fine-tunes all-MiniLM-L6-v2 on PolNeAR train to tag every wordpiece twice, content ``O/B/I`` (the
outermost attributed content) and role ``O/cue/source``, and writes the model to
:data:`MODEL_DIR`; ``encoder_spans_dev.py`` scores each use of the tags.
:class:`SpanTagger` runs the model over character regions of an article (the sentences of the
rule statements, :func:`regions`) and gives per-character probabilities; :func:`apply_tags`
re-cuts indirect and mixed statements to the tagger's content and drops those it gives little
content probability (:class:`Settings`).

Were a better model to help, the hook would be one call at the end of
``newsprism.extract.statements.find_statements``: ``apply_tags(doc.text, statements,
tagger.tag(doc.text, regions(doc, statements)))``, behind a ``--fast`` switch.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from newsprism.records import Statement  # noqa: E402
from newsprism.encoder import load_onnx  # noqa: E402

__all__ = [
    "LABELS",
    "MAX_PIECES",
    "MODEL_DIR",
    "Settings",
    "SpanTagger",
    "SpanTaggerLoadError",
    "Tags",
    "apply_tags",
    "content_spans",
    "load_span_tagger",
    "piece_windows",
    "recut",
    "regions",
]

#: Where ``training/train_encoder_spans.py`` writes the model by default (outside the package).
MODEL_DIR = Path(tempfile.gettempdir()) / "minilm_spans"
#: Wordpieces per window, [CLS] and [SEP] included (what the tagger was trained on).
MAX_PIECES = 256
#: Output columns: content O/B/I, then role O/cue/source (two softmaxes).
LABELS = ("O", "B-CONTENT", "I-CONTENT", "O-ROLE", "CUE", "SOURCE")
BATCH = 16


class SpanTaggerLoadError(RuntimeError):
    """The span tagger cannot be loaded: a file missing or a runtime package not installed."""


@dataclass(frozen=True)
class Tags:
    """Per-character probabilities over ``[start, end)`` of the text (zeros where nothing was tagged).

    ``begin`` is non-zero only at the first character of a wordpiece.
    """

    content: np.ndarray
    begin: np.ndarray
    cue: np.ndarray
    source: np.ndarray
    tagged: np.ndarray  # bool: the character lies in a tagged wordpiece


def piece_windows(offsets: Sequence[tuple[int, int]], text: str, limit: int = MAX_PIECES - 2) -> list[tuple[int, int]]:
    """Cut wordpieces ``[0, n)`` into windows of at most ``limit``, at a sentence end where one is near.

    Returns ``(first, last + 1)`` piece indices. A window ends after the last piece that is a
    full stop, question or exclamation mark within its final quarter, else at the limit.
    """
    windows, first, n = [], 0, len(offsets)
    while first < n:
        last = min(n, first + limit)
        if last < n:
            for k in range(last - 1, first + (3 * limit) // 4, -1):
                if text[offsets[k][0]:offsets[k][1]] in (".", "?", "!"):
                    last = k + 1
                    break
        windows.append((first, last))
        first = last
    return windows


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class SpanTagger:
    """The fine-tuned tagger, loaded from ``model_dir`` (``model.onnx`` + ``tokenizer.json``)."""

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int = 1) -> None:
        self._session, self._tokenizer = load_onnx(
            model_dir, "span tagger", SpanTaggerLoadError,
            "python training/train_encoder_spans.py ../shared/data/polnear/train", threads=threads)
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.cls_id = self._tokenizer.token_to_id("[CLS]")
        self.sep_id = self._tokenizer.token_to_id("[SEP]")

    def pieces(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Wordpiece ids and character offsets of ``text`` (no special tokens)."""
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        return list(encoding.ids), list(encoding.offsets)

    def logits(self, windows: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Raw ``(len(window), 6)`` outputs per window of piece ids (specials added here, dropped again)."""
        out: list[np.ndarray | None] = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda k: len(windows[k]))
        for b in range(0, len(order), BATCH):
            batch = order[b:b + BATCH]
            width = max(len(windows[k]) for k in batch) + 2
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, k in enumerate(batch):
                n = len(windows[k])
                ids[row, :n + 2] = [self.cls_id, *windows[k], self.sep_id]
                mask[row, :n + 2] = 1
            (logits,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
            for row, k in enumerate(batch):
                out[k] = logits[row, 1:len(windows[k]) + 1]
        return out  # type: ignore[return-value]

    def tag(self, text: str, regions: Sequence[tuple[int, int]]) -> Tags:
        """Tag the character ``regions`` of ``text`` (each encoded on its own, cut into windows)."""
        size = len(text)
        tags = Tags(np.zeros(size, np.float32), np.zeros(size, np.float32), np.zeros(size, np.float32),
                    np.zeros(size, np.float32), np.zeros(size, bool))
        jobs: list[tuple[list[int], list[tuple[int, int]]]] = []
        for start, end in regions:
            ids, offsets = self.pieces(text[start:end])
            offsets = [(a + start, b + start) for a, b in offsets]
            for first, last in piece_windows(offsets, text):
                jobs.append((ids[first:last], offsets[first:last]))
        if not jobs:
            return tags
        for (ids, offsets), logits in zip(jobs, self.logits([ids for ids, _ in jobs])):
            content = _softmax(logits[:, :3])
            role = _softmax(logits[:, 3:])
            for k, (a, b) in enumerate(offsets):
                # a piece's tag covers the piece and the white space before the next piece
                stop = offsets[k + 1][0] if k + 1 < len(offsets) and offsets[k + 1][0] - b < 3 else b
                tags.content[a:stop] = content[k, 1] + content[k, 2]
                tags.cue[a:b] = role[k, 1]
                tags.source[a:b] = role[k, 2]
                tags.tagged[a:stop] = True
                tags.begin[a] = content[k, 1]
        return tags


@functools.lru_cache(maxsize=4)
def load_span_tagger(model_dir: Path = MODEL_DIR) -> SpanTagger:
    """The tagger in ``model_dir``, loaded once per process (raises :class:`SpanTaggerLoadError`)."""
    return SpanTagger(model_dir)


# -- using the tags on rule statements --------------------------------------------------------

#: Kinds whose content the tagger may re-cut (a direct quote's content is its quoted words; a
#: transcript turn, headline or scare-quoted term is left alone).
ADJUSTABLE = ("indirect", "mixed")


@dataclass(frozen=True)
class Settings:
    """How the tags change rule statements (each measured on PolNeAR dev, docs/statements.md#encoder)."""

    content: float = 0.5  # a character is content at this probability
    begin: float = 0.5  # a new content span starts at a wordpiece with this B probability
    agree: float = 0.5  # re-cut only when old and new content share this much (of the union)
    drop: float = 0.0  # drop a statement whose mean content probability is below this (0: never)
    edges: str = "both"  # which ends the tagger may move: both, start, end
    sure: float = 0.0  # move an edge only when the characters gained (cut) have a mean content probability ≥ this (≤ 1 - this)


DEFAULT_SETTINGS = Settings()


#: Characters of context the tagger sees on each side of a statement (within its sentences; None: whole sentences).
REGION_MARGIN: int | None = None


def regions(doc, statements: Sequence[Statement], margin: int | None = REGION_MARGIN) -> list[tuple[int, int]]:
    """Character spans to tag: each statement with its cue and speaker, widened by ``margin`` characters
    (to word boundaries) or to its whole sentences, never past them; overlapping spans merged."""
    spans = []
    for s in statements:
        points = [p for p in (s.start, s.end, s.cue_start, s.cue_end, s.speaker_start, s.speaker_end) if p is not None]
        lo, hi = min(points), max(points)
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        first, last = span[0].sent.start_char, span[-1].sent.end_char
        if margin is not None:
            wide = doc.char_span(max(first, lo - margin), min(last, hi + margin), alignment_mode="expand")
            if wide is not None and len(wide):
                first, last = max(first, wide.start_char), min(last, wide.end_char)
        spans.append((first, last))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def content_spans(tags: Tags, start: int, end: int, settings: Settings = DEFAULT_SETTINGS) -> list[tuple[int, int]]:
    """Maximal runs of content characters in ``[start, end)``, split where a wordpiece begins a new content."""
    inside = tags.content[start:end] >= settings.content
    spans: list[tuple[int, int]] = []
    run = None
    for k in range(end - start):
        pos = start + k
        if inside[k] and run is not None and tags.begin[pos] >= settings.begin and pos > run:
            spans.append((run, pos))
            run = pos
        elif inside[k] and run is None:
            run = pos
        elif not inside[k] and run is not None:
            spans.append((run, pos))
            run = None
    if run is not None:
        spans.append((run, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return start, end


def recut(text: str, statement: Statement, tags: Tags, settings: Settings = DEFAULT_SETTINGS) -> tuple[int, int] | None:
    """New ``(start, end)`` of an indirect or mixed statement's content from the tags, or None to keep it."""
    if statement.kind not in ADJUSTABLE or not tags.tagged[statement.start:statement.end].any():
        return None
    frame = [(a, b) for a, b in ((statement.cue_start, statement.cue_end),
                                 (statement.speaker_start, statement.speaker_end)) if a is not None and b is not None]
    lo = min([statement.start, *(a for a, _ in frame)])
    hi = max([statement.end, *(b for _, b in frame)])
    # the tagger's content spans in the statement's sentences, outside its own cue and speaker
    sentence = (max(0, lo - 400), min(len(text), hi + 400))
    found = [span for span in content_spans(tags, *sentence, settings)
             if not any(a <= span[0] and span[1] <= b for a, b in frame)]
    touching = [(a, b) for a, b in found if a < statement.end and b > statement.start]
    if not touching:
        return None
    start, end = _trimmed(text, min(a for a, _ in touching), max(b for _, b in touching))
    if settings.edges == "start" or not _sure(tags, statement.end, end, settings.sure, gained=end > statement.end):
        end = statement.end
    if settings.edges == "end" or not _sure(tags, statement.start, start, settings.sure,
                                            gained=start < statement.start):
        start = statement.start
    if end <= start:
        return None
    shared = min(end, statement.end) - max(start, statement.start)
    union = max(end, statement.end) - min(start, statement.start)
    if shared / union < settings.agree or (start, end) == (statement.start, statement.end):
        return None
    return start, end


def _sure(tags: Tags, old: int, new: int, sure: float, *, gained: bool) -> bool:
    """Whether the tagger is sure enough to move an edge from ``old`` to ``new`` (``gained``: outwards)."""
    if old == new or not sure:
        return True
    lo, hi = min(old, new), max(old, new)
    tagged = tags.tagged[lo:hi]
    if not tagged.any():
        return False
    p = float(tags.content[lo:hi][tagged].mean())
    return p >= sure if gained else p <= 1 - sure


def content_probability(statement: Statement, tags: Tags) -> float | None:
    """Mean content probability over a statement's characters (None where nothing was tagged)."""
    tagged = tags.tagged[statement.start:statement.end]
    if not tagged.any():
        return None
    return float(tags.content[statement.start:statement.end][tagged].mean())


def apply_tags(text: str, statements: Sequence[Statement], tags: Tags,
               settings: Settings = DEFAULT_SETTINGS) -> list[Statement]:
    """The statements re-cut and filtered by the tags (pure: tag first with :meth:`SpanTagger.tag`)."""
    out = []
    for statement in statements:
        if settings.drop and statement.kind in ADJUSTABLE:
            p = content_probability(statement, tags)
            if p is not None and p < settings.drop:
                continue
        cut = recut(text, statement, tags, settings)
        if cut is not None:
            statement = replace(statement, start=cut[0], end=cut[1], text=text[cut[0]:cut[1]])
        out.append(statement)
    return out
