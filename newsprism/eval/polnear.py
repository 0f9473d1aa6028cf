"""PolNeAR scoring: how well predicted statements recover gold attribution Content and Source spans.

Three scores, one-to-one matching of gold attributions to predicted statements:

* content overlap: a gold Content is found when one predicted statement covers
  at least half of its characters;
* content exact: the same text once quote marks, surrounding punctuation and a
  leading "that" are stripped;
* content + source: found (overlap) and the predicted speaker mention overlaps
  the gold Source span; a gold attribution without a Source is right when the
  statement has no speaker mention.

A statement's content characters are its ``quoted`` spans for ``direct`` quotes
(so "…,” he said, “…" does not count the interrupting attribution) and
``start:end`` otherwise. ``term`` rows are not statements and are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.eval import f1_of
from newsprism.records import Statement

__all__ = [
    "PRF",
    "GoldArticle",
    "GoldAttribution",
    "PolnearFormatError",
    "Scores",
    "content_segments",
    "evaluate",
    "iter_split",
    "normalise_content",
    "read_ann",
    "score_article",
]

Span = tuple[int, int]


class PolnearFormatError(NewsprismError, ValueError):
    """A PolNeAR directory or ``.ann`` file is not in the expected shape."""

    code = "NP-E605"


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution relation: content, cue and (optional) source spans."""

    content: tuple[Span, ...]
    cue: tuple[Span, ...] = ()
    source: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass
class PRF:
    """Counts of one score; precision, recall and F1 derived from them."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    def add(self, other: PRF) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold

    def line(self, label: str) -> str:
        return (f"{label:<18} P={self.precision:.3f}  R={self.recall:.3f}  F1={self.f1:.3f}"
                f"  (tp={self.true_positives} pred={self.predicted} gold={self.gold})")


@dataclass
class Scores:
    overlap: PRF = field(default_factory=PRF)
    exact: PRF = field(default_factory=PRF)
    source: PRF = field(default_factory=PRF)
    articles: int = 0

    def add(self, other: Scores) -> None:
        self.overlap.add(other.overlap)
        self.exact.add(other.exact)
        self.source.add(other.source)
        self.articles += other.articles

    def lines(self) -> list[str]:
        return [self.overlap.line("content overlap"), self.exact.line("content exact"),
                self.source.line("content+source")]


# -- reading ------------------------------------------------------------------


def _spans(field_text: str) -> tuple[Span, ...]:
    """Fragments of a (possibly discontinuous) brat span, in document order.

    Some PolNeAR files list a Content's fragments out of order ("1112 1168;880 942"); the text
    the exact score compares is the fragments as they stand in the article.
    """
    spans = []
    for part in field_text.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(sorted(spans))


_TEXT_BOUND = re.compile(r"^T\d+\t\S+ \d")
_EVENT = re.compile(r"^E\d+\t")


def read_ann(text: str) -> tuple[GoldAttribution, ...]:
    """Attribution relations with a Content span, from brat standoff text.

    A span text may contain line breaks, so lines that are not T/E records are skipped.
    """
    spans: dict[str, tuple[Span, ...]] = {}
    relations: list[dict[str, str]] = []
    for line in text.splitlines():
        if _TEXT_BOUND.match(line):
            parts = line.split("\t")
            _label, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = _spans(offsets)
            except ValueError as exc:
                raise PolnearFormatError(f"bad offsets in line: {line!r}") from exc
        elif _EVENT.match(line):
            parts = line.split("\t")
            roles = dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)
            relations.append(roles)
    golds = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""))
        if not content:
            continue
        golds.append(GoldAttribution(content=content, cue=spans.get(roles.get("Cue", ""), ()),
                                     source=spans.get(roles.get("Source", ""), ())))
    return tuple(golds)


def iter_split(directory: str | Path) -> Iterator[GoldArticle]:
    """Articles of a PolNeAR split (``text/`` + ``attributions/``); one annotator per article."""
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise PolnearFormatError(f"{root} has no text/ and attributions/ folders")
    for text_path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        yield GoldArticle(text_path.stem, text_path.read_text(encoding="utf-8"),
                          read_ann(anns[0].read_text(encoding="utf-8")))


# -- scoring ------------------------------------------------------------------

_QUOTE_MARKS = re.compile(r"[\"“”„«»‹›`]|(?<!\w)['‘’]|['‘’](?!\w)")
_EDGE_PUNCT = " \t\n,.;:!?—–-…()[]"
_WS = re.compile(r"\s+")


def normalise_content(text: str) -> str:
    """Text compared by the exact score: no quote marks, edge punctuation or leading "that"."""
    text = _WS.sub(" ", _QUOTE_MARKS.sub("", text)).strip(_EDGE_PUNCT)
    if text.lower().startswith("that "):
        text = text[5:].strip(_EDGE_PUNCT)
    return text.lower()


def content_segments(statement: Statement, text: str | None = None) -> tuple[Span, ...]:
    """Characters that are the statement's content (see module docstring).

    An attribution frame inside the span ("…, Jordan said, …") is cut out, as PolNeAR does
    with discontinuous Content spans.
    """
    if statement.kind == "direct" and statement.quoted:
        return tuple(statement.quoted)
    frame = [(a, b) for a, b in ((statement.cue_start, statement.cue_end),
                                 (statement.speaker_start, statement.speaker_end)) if a is not None and b is not None]
    if not frame:
        return ((statement.start, statement.end),)
    cut_start, cut_end = min(a for a, _ in frame), max(b for _, b in frame)
    if not (statement.start < cut_start and cut_end < statement.end):
        return ((statement.start, statement.end),)
    if text is not None:
        while cut_start > statement.start and text[cut_start - 1] in " ,—–-":
            cut_start -= 1
        while cut_end < statement.end and text[cut_end] in " ,—–-":
            cut_end += 1
    return ((statement.start, cut_start), (cut_end, statement.end))


def _chars(spans: Iterable[Span]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def _overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _matched(edges: list[list[bool]], weights: list[list[float]]) -> int:
    """Size of the best one-to-one matching over allowed edges."""
    if not edges or not edges[0]:
        return 0
    # deferred: heavy (scipy.optimize)
    from scipy.optimize import linear_sum_assignment

    cost = [[-(1.0 + w) if ok else 0.0 for ok, w in zip(row, wrow)] for row, wrow in zip(edges, weights)]
    rows, cols = linear_sum_assignment(cost)
    return sum(1 for r, c in zip(rows, cols) if edges[r][c])


def score_article(text: str, gold: Iterable[GoldAttribution], statements: Iterable[Statement]) -> Scores:
    """Overlap, exact and source counts for one article."""
    golds = list(gold)
    preds = [s for s in statements if s.kind != "term"]
    segments = [content_segments(s, text) for s in preds]
    pred_chars = [_chars(spans) for spans in segments]
    pred_text = [normalise_content(" ".join(text[a:b] for a, b in spans)) for spans in segments]
    cover, exact, source = [], [], []
    for g in golds:
        g_chars = _chars(g.content)
        g_text = normalise_content(" ".join(text[a:b] for a, b in g.content))
        cover.append([len(g_chars & pc) / len(g_chars) if g_chars else 0.0 for pc in pred_chars])
        exact.append([bool(g_text) and g_text == pt for pt in pred_text])
        source.append([_source_right(g, s) for s in preds])
    found = [[c >= 0.5 for c in row] for row in cover]
    both = [[f and s for f, s in zip(frow, srow)] for frow, srow in zip(found, source)]
    n_pred, n_gold = len(preds), len(golds)
    return Scores(
        overlap=PRF(_matched(found, cover), n_pred, n_gold),
        exact=PRF(_matched(exact, cover), n_pred, n_gold),
        source=PRF(_matched(both, cover), n_pred, n_gold),
        articles=1,
    )


def _source_right(gold: GoldAttribution, statement: Statement) -> bool:
    if statement.speaker_start is None or statement.speaker_end is None:
        return not gold.source
    return _overlaps(gold.source, [(statement.speaker_start, statement.speaker_end)])


def evaluate(articles: Iterable[GoldArticle], predict: Callable[[str], Iterable[Statement]]) -> Scores:
    """Sum of :func:`score_article` over ``articles`` with ``predict(text)`` statements."""
    total = Scores()
    for article in articles:
        total.add(score_article(article.text, article.attributions, predict(article.text)))
    return total
