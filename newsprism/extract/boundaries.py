"""Where reported content starts and ends: a learned correction of the parse's span.

The dependency rules in ``attribution`` find *which* clause a cue introduces;
PolNeAR's annotators end that clause differently from the subtree (a trailing
", which …", a time phrase, "in a statement on Monday", a leading "and"). Two
small linear models, one for the first and one for the last token, score every
token of the sentence around the rule's span, with the rule's own choice as a
feature, and the best-scoring pair wins. Weights ship as JSON
(``models/boundary_model.json``), trained by ``training/train_boundaries.py`` and read by
:mod:`newsprism.extract.linear` (registered as ``"boundary"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from newsprism.extract import linear

__all__ = [
    "BOUNDARY_MODEL_PATH",
    "BoundaryModel",
    "Candidates",
    "candidates",
    "cue_branches",
    "end_cue_features",
    "end_features",
    "end_token_features",
    "load_boundary_model",
    "refine_content",
    "start_cue_features",
    "start_features",
    "start_token_features",
]

BOUNDARY_MODEL_PATH = Path(__file__).parent / "models" / "boundary_model.json"
#: Farthest (in tokens) an edge may move outward, beyond the rule's span; inward it may move anywhere
#: (trailing clauses to cut can be long). On PolNeAR dev 95 % of gold ends and 96 % of gold starts
#: lie within these bounds.
MAX_OUTWARD_SHIFT = 3
#: Farthest the first word may move inward (starts rarely move far: 97 % within 8).
MAX_START_SHIFT = 8

CharSpan = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Token indices a content span may start or end at, with the rule's own choice."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    rule_start: int
    rule_end: int


def _word(token: Token) -> str:
    """The token as a feature value: function words by form, content words by part of speech."""
    if token.is_punct or token.is_stop or token.is_quote or token.like_num:
        return token.lower_
    return token.pos_


def _bucket(delta: int) -> str:
    if delta == 0:
        return "0"
    sign = "+" if delta > 0 else "-"
    size = abs(delta)
    return sign + ("1" if size == 1 else "2" if size == 2 else "3-5" if size <= 5 else "6-12" if size <= 12 else "far")


def cue_branches(cue: Token) -> dict[int, Token]:
    """Token index → the cue's child whose subtree holds it (tokens hanging elsewhere are absent)."""
    return {t.i: child for child in cue.children for t in child.subtree}


def _unit_starting_at(token: Token) -> Token:
    """The largest subtree whose leftmost token is ``token`` (what a boundary before it cuts off)."""
    node = token
    while node.head.i != node.i and node.head.left_edge.i == token.i:
        node = node.head
    return node


def _unit_ending_at(token: Token) -> Token:
    node = token
    while node.head.i != node.i and node.head.right_edge.i == token.i:
        node = node.head
    return node


def start_token_features(token: Token) -> list[str]:
    """Features of ``token`` as a first word that do not depend on the cue (cached per doc)."""
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    unit = _unit_starting_at(token)
    return [
        "bias",
        f"dep={token.dep_}",
        f"word={_word(token)}",
        f"prev={_word(prev) if prev is not None else '<s>'}",
        f"prevdep={prev.dep_ if prev is not None else '<s>'}",
        f"unit={unit.dep_}",
        f"sent_start={token.is_sent_start}",
    ]


def start_cue_features(token: Token, cue: Token, rule_start: int, branches: dict[int, Token]) -> list[str]:
    """Features of ``token`` as a first word relative to the cue (``branches``: :func:`cue_branches`)
    and the rule's first word."""
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    branch = branches.get(token.i)
    branch_dep = branch.dep_ if branch is not None else "-"
    unit = _unit_starting_at(token)
    delta = _bucket(token.i - rule_start)
    return [
        f"delta={delta}",
        f"side={'before' if token.i < cue.i else 'after'}",
        f"branch={branch_dep}",
        f"branch_edge={branch is not None and branch.left_edge.i == token.i}",
        f"unit_head_is_cue={unit.head.i == cue.i}",
        f"delta_dep={delta}|{token.dep_}",
        f"delta_word={delta}|{_word(token)}",
        f"delta_prev={delta}|{_word(prev) if prev is not None else '<s>'}",
        f"delta_unit={delta}|{unit.dep_}|{unit.head.i == cue.i}",
        f"branch_unit={branch_dep}|{unit.dep_}",
        f"cue_branch={(cue.lemma_ or cue.text).lower()}|{branch_dep}",
    ]


def _following_unit(token: Token) -> Token | None:
    """The subtree that starts right after ``token`` (after one punctuation mark)."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    after = doc[token.i + 2] if token.i + 2 < len(doc) else None
    if nxt is not None and not nxt.is_punct:
        return _unit_starting_at(nxt)
    return _unit_starting_at(after) if after is not None else None


def end_token_features(token: Token) -> list[str]:
    """Features of ``token`` as a last word that do not depend on the cue (cached per doc)."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    after = doc[token.i + 2] if token.i + 2 < len(doc) else None
    following = _following_unit(token)
    fol_dep = following.dep_ if following is not None else "<e>"
    next_word = _word(nxt) if nxt is not None else "<e>"
    feats = [
        "bias",
        f"dep={token.dep_}",
        f"word={_word(token)}",
        f"next={next_word}",
        f"next2={_word(after) if after is not None else '<e>'}",
        f"next_ent={nxt.ent_type_ if nxt is not None else '<e>'}",
        f"unit={_unit_ending_at(token).dep_}",
        f"following={fol_dep}",
        f"sent_end={nxt is None or nxt.is_sent_start or (after is not None and after.is_sent_start)}",
        f"next_following={next_word}|{fol_dep}",
    ]
    if following is not None:
        size = following.right_edge.i - following.left_edge.i + 1
        feats.append(f"following_lemma={following.dep_}|{_word(following)}")
        feats.append(f"following_ent={following.dep_}|{following.ent_type_}")
        feats.append(f"following_tag={following.dep_}|{following.tag_}")
        feats.append(f"following_size={following.dep_}|{_bucket(size)}")
        feats.append(f"following_head={following.dep_}|{_word(following.head)}|{following.head.dep_}")
    return feats


def end_cue_features(token: Token, cue: Token, rule_end: int, branches: dict[int, Token]) -> list[str]:
    """Features of ``token`` as a last word relative to the cue (``branches``: :func:`cue_branches`)
    and the rule's last word."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    branch = branches.get(token.i)
    branch_dep = branch.dep_ if branch is not None else "-"
    following = _following_unit(token)
    fol_dep = following.dep_ if following is not None else "<e>"
    fol_head_cue = following is not None and following.head.i == cue.i
    delta = _bucket(token.i - rule_end)
    return [
        f"delta={delta}",
        f"side={'before' if token.i < cue.i else 'after'}",
        f"branch={branch_dep}",
        f"branch_edge={branch is not None and branch.right_edge.i == token.i}",
        f"following_cue={fol_dep}|{fol_head_cue}",
        f"delta_dep={delta}|{token.dep_}",
        f"delta_next={delta}|{_word(nxt) if nxt is not None else '<e>'}",
        f"delta_following={delta}|{fol_dep}|{fol_head_cue}",
        f"cue_branch={(cue.lemma_ or cue.text).lower()}|{branch_dep}",
    ]


def start_features(token: Token, cue: Token, rule_start: int, branches: dict[int, Token]) -> list[str]:
    """All features of ``token`` as the first word of the content (what the model was trained on)."""
    return start_token_features(token) + start_cue_features(token, cue, rule_start, branches)


def end_features(token: Token, cue: Token, rule_end: int, branches: dict[int, Token]) -> list[str]:
    """All features of ``token`` as the last word of the content."""
    return end_token_features(token) + end_cue_features(token, cue, rule_end, branches)


def _can_end(doc: Doc, i: int) -> bool:
    """A content may end here: before punctuation or at the end of a phrase ("the" in "the ferry" cannot).

    Keeps 98 % of PolNeAR dev's gold ends and drops 60 % of the tokens to score.
    """
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or nxt.is_punct or nxt.is_space or _unit_ending_at(doc[i]).left_edge.i < i


def _token_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.start, span.end - 1


def candidates(doc: Doc, start: int, end: int, cue: Token, text: str | None = None) -> Candidates | None:
    """First and last tokens the content ``start:end`` (characters) may move to, on its own line.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    bounds = _token_range(doc, start, end)
    if bounds is None:
        return None
    first, last = bounds
    text = doc.text if text is None else text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo = max(doc[first].sent.start, first - MAX_OUTWARD_SHIFT)
    hi = min(doc[last].sent.end - 1, last + MAX_OUTWARD_SHIFT)

    def usable(token: Token) -> bool:
        return (line_start <= token.idx < line_end and not token.is_space and not token.is_punct
                and token.i != cue.i)

    starts = tuple(i for i in range(lo, min(last, first + MAX_START_SHIFT) + 1) if usable(doc[i]))
    ends = tuple(i for i in range(first, hi + 1) if usable(doc[i]) and (i == last or _can_end(doc, i)))
    if not starts or not ends:
        return None
    return Candidates(starts, ends, first, last)


class BoundaryModel:
    """The ``"boundary"`` model: two linear scorers, ``start`` over :func:`start_features` and ``end``
    over :func:`end_features`, and the margin a new edge must win by."""

    def __init__(self, start_weights: Mapping[str, float], end_weights: Mapping[str, float],
                 margin: float = 0.0) -> None:
        self.start = linear.LinearModel(start_weights)
        self.end = linear.LinearModel(end_weights)
        #: How much better than the rule's own edge a new edge must score to replace it.
        self.margin = margin

    @property
    def start_weights(self) -> Mapping[str, float]:
        return self.start.weights

    @property
    def end_weights(self) -> Mapping[str, float]:
        return self.end.weights

    @classmethod
    def from_parts(cls, tables: linear.Tables, settings: linear.Settings) -> BoundaryModel:
        return cls(tables["start"].weights, tables["end"].weights, settings["margin"])

    @classmethod
    def load(cls, path: Path = BOUNDARY_MODEL_PATH) -> BoundaryModel:
        """The model in ``path``; :class:`~newsprism.extract.linear.ModelFileError` when missing or malformed."""
        return linear.load("boundary", path)

    def save(self, path: Path = BOUNDARY_MODEL_PATH) -> None:
        linear.save("boundary", path, {"start": self.start, "end": self.end}, {"margin": self.margin})

    def best(self, doc: Doc, found: Candidates, cue: Token, cache: dict | None = None) -> tuple[int, int]:
        """The highest-scoring (first, last) token pair with first ≤ last.

        ``cache`` keeps the cue-independent part of each token's score across the drafts of one doc.
        """
        cache = {} if cache is None else cache
        branches = cue_branches(cue)
        start_scores = {}
        for i in found.starts:
            if ("s", i) not in cache:
                cache[("s", i)] = self.start.score(start_token_features(doc[i]))
            start_scores[i] = cache[("s", i)] + self.start.score(
                start_cue_features(doc[i], cue, found.rule_start, branches))
        end_scores = {}
        for i in found.ends:
            if ("e", i) not in cache:
                cache[("e", i)] = self.end.score(end_token_features(doc[i]))
            end_scores[i] = cache[("e", i)] + self.end.score(
                end_cue_features(doc[i], cue, found.rule_end, branches))
        first, last = _best_pair(start_scores, end_scores, None if found.rule_start < cue.i < found.rule_end else cue.i)
        if first is None or last is None:
            return found.rule_start, found.rule_end
        rule_first = found.rule_start if found.rule_start in start_scores else first
        rule_last = found.rule_end if found.rule_end in end_scores else last
        if start_scores[first] < start_scores[rule_first] + self.margin:
            first = rule_first
        if end_scores[last] < end_scores[rule_last] + self.margin:
            last = rule_last
        return (first, last) if first <= last else (found.rule_start, found.rule_end)


def _best_pair(start_scores: dict[int, float], end_scores: dict[int, float],
               wall: int | None) -> tuple[int | None, int | None]:
    """The best first ≤ last pair; a span may not run across ``wall`` (the cue) unless it is None."""
    best: tuple[float, int, int] | None = None
    ends = sorted(end_scores)
    for first, start_score in start_scores.items():
        allowed = [e for e in ends if e >= first and (wall is None or not first < wall < e)]
        if not allowed:
            continue
        last = max(allowed, key=end_scores.__getitem__)
        score = start_score + end_scores[last]
        if best is None or score > best[0]:
            best = (score, first, last)
    return (best[1], best[2]) if best is not None else (None, None)


linear.register(linear.ModelSpec(
    name="boundary", path=BOUNDARY_MODEL_PATH, tables={"start": start_features, "end": end_features},
    settings={"margin": 0.0}, build=BoundaryModel.from_parts, trained_by="training/train_boundaries.py"))


def load_boundary_model() -> BoundaryModel:
    """The configured (by default the shipped) model, loaded once per process."""
    return linear.shipped("boundary")


def refine_content(doc: Doc, span: CharSpan, cue: Token, keep: list[CharSpan],
                   model: BoundaryModel | None = None, cache: dict | None = None,
                   text: str | None = None) -> CharSpan:
    """The content span moved to where the model puts its edges; quoted parts in ``keep`` stay whole."""
    model = model or load_boundary_model()
    found = candidates(doc, span[0], span[1], cue, text)
    if found is None:
        return span
    first, last = model.best(doc, found, cue, cache)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    for q_start, q_end in keep:
        if q_start < start < q_end:
            start = q_start
        if q_start < end < q_end:
            end = q_end
    if end <= start:
        return span
    return start, end
