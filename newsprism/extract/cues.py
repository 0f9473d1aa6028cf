"""Attribution cues: which tokens introduce reported speech, writing or belief.

A linear model over lexicon and parse features (trained on PolNeAR train by
``training/train_attribution.py``) scores candidate tokens; weights ship as a
small JSON file, so loading needs neither pickle nor scikit-learn.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, Token

from newsprism.data import data_path

__all__ = [
    "MODEL_PATH",
    "CueModel",
    "CueModelMissing",
    "candidate_tokens",
    "cue_features",
    "find_cues",
    "load_cue_lexicon",
    "load_cue_model",
]

MODEL_PATH = Path(__file__).parent / "models" / "cue_model.json"
#: Tokens scored by the model must be one of these parts of speech (or a lexicon marker).
CANDIDATE_POS = {"VERB", "AUX", "NOUN", "ADJ", "ADP", "PUNCT"}
DEFAULT_THRESHOLD = 0.5


class CueModelMissing(FileNotFoundError):
    """The shipped cue model file is missing (run training/train_attribution.py)."""


@functools.lru_cache(maxsize=1)
def load_cue_lexicon() -> dict[str, str]:
    """Lemma → category from ``data/cues.tsv`` (first category listed wins)."""
    lexicon: dict[str, str] = {}
    for line in data_path("cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "lemma\t")):
            continue
        lemma, category = line.split("\t")[:2]
        lexicon.setdefault(lemma, category)
    return lexicon


def _lower_lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def candidate_tokens(doc: Doc, vocabulary: frozenset[str] | None = None) -> Iterator[Token]:
    """Tokens worth scoring: content words whose lemma can be a cue, colons, 'according' / 'per'.

    ``vocabulary`` (lemmas seen heading a cue in training, plus the lexicon) keeps the
    model off the many tokens that never head a cue, which is most of the cost.
    """
    for token in doc:
        if token.pos_ == "PUNCT" and token.text != ":":
            continue
        if token.pos_ not in CANDIDATE_POS and token.lower_ not in ("according", "per"):
            continue
        if (vocabulary is not None and token.pos_ != "VERB" and _lower_lemma(token) not in vocabulary
                and token.lower_ not in vocabulary):
            continue
        yield token


def cue_features(token: Token, inside_quote: bool, lexicon: dict[str, str]) -> list[str]:
    """Sparse binary features of one candidate token (strings, 'name=value')."""
    lemma = _lower_lemma(token)
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prv = doc[token.i - 1] if token.i > 0 else None
    head = token.head
    child_deps = {c.dep_ for c in token.children}
    category = lexicon.get(lemma, "")
    if nxt is not None and lexicon.get(f"{lemma}_{_lower_lemma(nxt)}"):
        category = lexicon[f"{lemma}_{_lower_lemma(nxt)}"]
    feats = [
        "bias",
        f"lemma={lemma}",
        f"pos={token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"lex={category}",
        f"lex_pos={category}|{token.pos_}",
        f"lemma_dep={lemma}|{token.dep_}",
        f"head_dep={head.dep_}",
        f"head_lemma={_lower_lemma(head)}",
        f"next={_lower_lemma(nxt) if nxt is not None else '<end>'}",
        f"prev={_lower_lemma(prv) if prv is not None else '<start>'}",
        f"lemma_next={lemma}|{_lower_lemma(nxt) if nxt is not None else '<end>'}",
        f"inq={inside_quote}",
        f"inq_lex={inside_quote}|{category}",
    ]
    for dep in sorted(child_deps):
        feats.append(f"child={dep}")
        feats.append(f"lex_child={category}|{dep}")
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp"):
            marks = [g.lower_ for g in child.children if g.dep_ == "mark"]
            feats.append(f"comp_mark={marks[0] if marks else ''}")
            feats.append(f"comp_before={child.i < token.i}")
        if child.dep_ in ("nsubj", "nsubjpass"):
            feats.append(f"subj_ent={child.ent_type_}")
            feats.append(f"subj_pron={child.pos_ == 'PRON'}")
            feats.append(f"lemma_subj={lemma}|{child.ent_type_ or child.pos_}")
    if token.text == ":":
        after = doc[token.i + 1:token.i + 3]
        feats.append(f"colon_next_quote={any(t.is_quote for t in after)}")
        newline = any("\n" in t.text_with_ws for t in doc[token.i:token.i + 2])
        feats.append(f"colon_newline={newline}")
        feats.append(f"colon_prev_ent={prv.ent_type_ if prv is not None else ''}")
    window = doc[max(token.i - 3, 0):token.i + 4]
    near_quote = any(t.is_quote for t in window)
    feats.append(f"near_quote={near_quote}")
    feats.append(f"lemma_nearq={lemma}|{near_quote}")
    feats.append(f"lemma_tag={lemma}|{token.tag_}")
    feats.append(f"dep_headpos={token.dep_}|{head.pos_}")
    feats.append(f"lemma_comp={lemma}|{bool(child_deps & {'ccomp', 'xcomp'})}|{'dobj' in child_deps}")
    feats.append(f"lemma_subj={lemma}|{bool(child_deps & {'nsubj', 'nsubjpass'})}")
    feats.append(f"prev2={_lower_lemma(doc[token.i - 2]) if token.i > 1 else '<start>'}")
    feats.extend(_context_features(token, lemma, category, lexicon))
    feats.extend(_neighbour_features(token, lemma, category, lexicon))
    return feats


def _neighbour_features(token: Token, lemma: str, category: str, lexicon: dict[str, str]) -> list[str]:
    """The tokens around the candidate and its subject / clause: the cue-vs-not cues a lemma alone misses."""
    doc = token.doc
    head = token.head
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    prv = doc[token.i - 1] if token.i > 0 else None
    next_pos = nxt.pos_ if nxt is not None else "<end>"
    prev_pos = prv.pos_ if prv is not None else "<start>"
    feats = [
        f"next_pos={next_pos}",
        f"prev_pos={prev_pos}",
        f"lemma_nextpos={lemma}|{next_pos}",
        f"lemma_prevpos={lemma}|{prev_pos}",
        f"lex_prevnext={category}|{prev_pos}|{next_pos}",
        f"head_pos_lemma={head.pos_}|{_lower_lemma(head)}",
        f"lemma_dep_headpos={lemma}|{token.dep_}|{head.pos_}",
        f"lemma_inq={lemma}|{bool(token.doc[token.i].sent.start == token.i)}",
    ]
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            feats.append(f"subj_lemma={_lower_lemma(child)}")
            feats.append(f"lemma_subjdep={lemma}|{child.dep_}")
        elif child.dep_ in ("ccomp", "xcomp"):
            feats.append(f"lemma_comptag={lemma}|{child.dep_}|{child.tag_}")
        elif child.dep_ in ("aux", "auxpass", "neg"):
            feats.append(f"lemma_aux={lemma}|{_lower_lemma(child)}")
        elif child.dep_ == "prep":
            feats.append(f"lemma_prep={lemma}|{child.lower_}")
    ancestor_cue = next((a for a in token.ancestors if lexicon.get(_lower_lemma(a))), None)
    feats.append(f"under_cue={ancestor_cue.dep_ if ancestor_cue is not None else ''}|{category}")
    return feats


def _context_features(token: Token, lemma: str, category: str, lexicon: dict[str, str]) -> list[str]:
    """Where the token sits: after a closing quote, at the sentence edges, under another cue."""
    doc = token.doc
    head = token.head
    sent = token.sent
    head_lemma = _lower_lemma(head)
    after_quote = any(doc[k].is_quote for k in range(max(sent.start, token.i - 4), token.i))
    feats = [
        f"lower={token.lower_}",
        f"after_close_quote={after_quote}",
        f"lex_after_quote={category}|{after_quote}",
        f"sent_start={token.i - sent.start < 3}",
        f"sent_end={sent.end - token.i <= 3}",
        f"head_lex={lexicon.get(head_lemma, '') if head.i != token.i else 'root'}",
        f"dep_head={token.dep_}|{head_lemma}",
        f"lemma_head={lemma}|{head_lemma}",
        f"sent_quote={any(t.is_quote for t in sent)}",
    ]
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep"):
            feats.append(f"child_lex={child.dep_}|{lexicon.get(_lower_lemma(child), '')}")
    return feats


class CueModel:
    """A logistic-regression scorer over :func:`cue_features`."""

    def __init__(self, weights: dict[str, float], threshold: float = DEFAULT_THRESHOLD,
                 vocabulary: frozenset[str] | None = None) -> None:
        self.weights = weights
        self.threshold = threshold
        self.vocabulary = vocabulary

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CueModel:
        if not path.exists():
            raise CueModelMissing(f"cue model not found at {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        vocabulary = frozenset(data["vocabulary"]) if data.get("vocabulary") else None
        return cls(data["weights"], data.get("threshold", DEFAULT_THRESHOLD), vocabulary)

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        rounded = {k: round(v, 3) for k, v in sorted(self.weights.items()) if abs(v) >= 0.005}
        data = {"threshold": self.threshold, "vocabulary": sorted(self.vocabulary or ()), "weights": rounded}
        path.write_text(json.dumps(data, indent=0, ensure_ascii=False), encoding="utf-8")

    def probability(self, features: list[str]) -> float:
        score = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


@functools.lru_cache(maxsize=1)
def load_cue_model() -> CueModel:
    """The shipped model (loaded once per process)."""
    return CueModel.load()


def find_cues(doc: Doc, inside_quote: list[bool], model: CueModel | None = None) -> Iterator[tuple[Token, float]]:
    """Candidate cue tokens whose probability passes the model's threshold, in document order."""
    if not doc.has_annotation("DEP"):
        return
    model = model or load_cue_model()
    lexicon = load_cue_lexicon()
    for token in candidate_tokens(doc, model.vocabulary):
        p = model.probability(cue_features(token, inside_quote[token.i], lexicon))
        if p >= model.threshold:
            yield token, p
