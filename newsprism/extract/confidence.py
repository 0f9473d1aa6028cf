"""How likely a found statement is a real attribution: the last, statement-level filter.

The cue model judges one token; here the whole statement is in view — its
kind, how sure the cue model was, whether a speaker and a content were found,
whether it sits inside another statement's content (a nested "believes" inside
a quote). A linear model trained on PolNeAR train by
``training/train_statements.py`` scores it; statements under the threshold
(chosen on PolNeAR dev) are dropped. The model is trained to keep statements a reader
can cite: content found *and* the speaker mention right (see the training script).
After it, :func:`is_non_comment` drops "X would not comment" / "X declined to respond"
(they report that nothing was said) and :func:`drop_echoed_quotes` drops a quotation that only repeats words already
quoted inside a kept statement (a second, cue-less copy of the same words). Weights ship as JSON
(``models/statement_model.json``), read by :mod:`newsprism.extract.linear` (registered as ``"statement"``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from spacy.tokens import Doc

from newsprism.data import word_list
from newsprism.extract import linear
from newsprism.records import JUDGED_KINDS, Statement

__all__ = ["STATEMENT_MODEL_PATH", "StatementModel", "drop_echoed_quotes", "is_non_comment",
           "load_statement_model", "statement_features"]

STATEMENT_MODEL_PATH = Path(__file__).parent / "models" / "statement_model.json"
#: Dependents of the cue whose presence says what shape of attribution it heads.
CUE_CHILD_DEPS = {"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep", "dative", "agent"}
#: Direct quotes of two or more sentences and at least this many quoted words are always kept.
LONG_QUOTE_WORDS = 12
_SENTENCE_END = re.compile(r"\w[.!?]\s+[\"“‘']?[A-Z]")
_NON_COMMENT = word_list("non_comment_verbs")
_REFUSAL = word_list("refusal_verbs")


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if value < edge:
            return f"<{edge:g}"
    return f">={edges[-1]:g}"


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return other[0] <= span[0] and span[1] <= other[1] and span != other


def statement_features(doc: Doc, statement: Statement, cue_score: float, others: list[Statement]) -> list[str]:
    """Sparse features of one statement among the article's ``others``."""
    kind = statement.kind
    lemma = statement.cue_lemma or ("<none>" if statement.cue is None else statement.cue.lower())
    words = len(statement.text.split())
    has_speaker = statement.speaker_start is not None
    cue_span = (statement.cue_start, statement.cue_end) if statement.cue_start is not None else None
    nested = cue_span is not None and any(
        o is not statement and o.kind != "term" and _inside(cue_span, (o.start, o.end)) for o in others)
    holds = sum(1 for o in others if o is not statement and o.cue_start is not None
                and statement.start <= o.cue_start < statement.end)
    cue_token = None
    if cue_span is not None:
        span = doc.char_span(*cue_span, alignment_mode="expand")
        cue_token = span[0] if span is not None and len(span) else None
    speaker_kind = "none"
    if has_speaker:
        span = doc.char_span(statement.speaker_start, statement.speaker_end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            speaker_kind = root.ent_type_ or root.pos_
    position = "none"
    if cue_span is not None:
        position = "before" if cue_span[1] <= statement.start else "after" if cue_span[0] >= statement.end else "inside"
    score = _bucket(cue_score, (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))
    size = _bucket(words, (2, 4, 7, 12, 20, 40))
    feats = [
        "bias",
        f"kind={kind}",
        f"lemma={lemma}",
        f"kind_lemma={kind}|{lemma}",
        f"score={score}",
        f"kind_score={kind}|{score}",
        f"speaker={speaker_kind}",
        f"kind_speaker={kind}|{speaker_kind}",
        f"speaker_type={statement.speaker_type}",
        f"size={size}",
        f"kind_size={kind}|{size}",
        f"nested={nested}",
        f"kind_nested={kind}|{nested}",
        f"holds={min(holds, 2)}",
        f"position={position}",
        f"kind_position={kind}|{position}",
        f"addressee={statement.addressee is not None}",
        f"quoted={min(len(statement.quoted), 3)}",
    ]
    if cue_token is not None:
        child_deps = sorted({c.dep_ for c in cue_token.children if c.dep_ in CUE_CHILD_DEPS})
        feats += [f"cue_child={dep}" for dep in child_deps]
        feats += [f"lemma_child={lemma}|{dep}" for dep in child_deps]
        feats += [f"score_child={score}|{dep}" for dep in child_deps]
        feats += [
            f"score_speaker={score}|{speaker_kind}",
            f"score_nested={score}|{nested}",
            f"sent_quote={any(t.is_quote for t in cue_token.sent)}",
        ]
        feats += [
            f"cue_pos={cue_token.pos_}",
            f"cue_dep={cue_token.dep_}",
            f"cue_tag={cue_token.tag_}",
            f"lemma_dep={lemma}|{cue_token.dep_}",
            f"lemma_speaker={lemma}|{speaker_kind}",
            f"lemma_size={lemma}|{size}",
        ]
    first = doc.char_span(statement.start, statement.end, alignment_mode="expand")
    if first is not None and len(first):
        head = first[0]
        feats.append(f"first={head.lower_ if head.is_stop or head.is_punct else head.pos_}")
        feats.append(f"root_pos={first.root.pos_}")
        feats.append(f"has_verb={any(t.pos_ in ('VERB', 'AUX') for t in first)}")
    return feats


class StatementModel:
    """The ``"statement"`` linear model over :func:`statement_features` with its decision threshold."""

    def __init__(self, weights: Mapping[str, float], threshold: float, direct_threshold: float | None = None) -> None:
        self.linear = linear.LinearModel(weights)
        self.threshold = threshold
        #: Direct quotes (words in quote marks) are kept from this lower probability on.
        self.direct_threshold = threshold if direct_threshold is None else direct_threshold

    @property
    def weights(self) -> Mapping[str, float]:
        return self.linear.weights

    @classmethod
    def from_parts(cls, tables: linear.Tables, settings: linear.Settings) -> StatementModel:
        return cls(tables["weights"].weights, settings["threshold"], settings["direct_threshold"])

    @classmethod
    def load(cls, path: Path = STATEMENT_MODEL_PATH) -> StatementModel:
        """The model in ``path``; :class:`~newsprism.extract.linear.ModelFileError` when missing or malformed."""
        return linear.load("statement", path)

    def save(self, path: Path = STATEMENT_MODEL_PATH) -> None:
        linear.save("statement", path, {"weights": self.linear},
                    {"threshold": self.threshold, "direct_threshold": self.direct_threshold})

    def probability(self, features: list[str]) -> float:
        return self.linear.probability(features)

    def keep(self, doc: Doc, scored: list[tuple[Statement, float]]) -> list[Statement]:
        """The statements worth keeping (kinds the model does not judge always stay)."""
        statements = [s for s, _ in scored]
        return drop_echoed_quotes([
            s for s, cue_score in scored
            if s.kind not in JUDGED_KINDS
            or (self.probability(statement_features(doc, s, cue_score, statements)) >= self._threshold(s)
                and not is_non_comment(doc, s))])

    def _threshold(self, statement: Statement) -> float:
        if statement.kind != "direct":
            return self.threshold
        quoted = " ".join(statement.text[a - statement.start:b - statement.start] for a, b in statement.quoted)
        # Several quoted sentences are words someone said, whatever their frame.
        return 0.0 if len(_SENTENCE_END.findall(quoted)) >= 1 and len(quoted.split()) >= LONG_QUOTE_WORDS \
            else self.direct_threshold


def is_non_comment(doc: Doc, statement: Statement) -> bool:
    """A cue that reports silence: "would not comment", "did not respond", "declined to comment"."""
    if statement.cue_start is None or statement.cue_end is None:
        return False
    span = doc.char_span(statement.cue_start, statement.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    cue = span.root
    if cue.lemma_.lower() in _REFUSAL:  # the cue is the refusal: "declined to comment"
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in _NON_COMMENT for c in cue.children)
    if cue.lemma_.lower() not in _NON_COMMENT:
        return False
    negated = any(child.dep_ == "neg" for child in cue.children)
    refused = cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _REFUSAL
    return negated or refused


def _echoes(inner: Statement, outer: Statement) -> bool:
    """``inner`` is a direct quote lying inside ``outer``'s quoted or reported words whose own cue
    (if any) is not inside ``outer`` either: the same words reported twice, not speech nested in speech."""
    if inner is outer or inner.kind != "direct" or outer.kind not in ("direct", "mixed"):
        return False
    inside = outer.start <= inner.start and inner.end <= outer.end
    if not inside or (inner.start, inner.end) == (outer.start, outer.end):
        return False
    return inner.cue_start is None or not outer.start <= inner.cue_start < outer.end


def drop_echoed_quotes(statements: list[Statement]) -> list[Statement]:
    """``statements`` without direct quotes that only echo words of a kept direct or mixed statement."""
    return [s for s in statements if not any(_echoes(s, o) for o in statements)]


linear.register(linear.ModelSpec(
    name="statement", path=STATEMENT_MODEL_PATH, tables={"weights": statement_features},
    settings={"threshold": linear.REQUIRED, "direct_threshold": linear.REQUIRED}, build=StatementModel.from_parts,
    trained_by="training/train_statements.py"))


def load_statement_model() -> StatementModel:
    """The configured (by default the shipped) model, loaded once per process."""
    return linear.shipped("statement")
