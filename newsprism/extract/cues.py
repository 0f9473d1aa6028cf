"""Attribution cues: which tokens introduce reported speech, writing or belief.

A linear model over lexicon and parse features (trained on PolNeAR train by
``training/train_attribution.py``) scores candidate tokens; its weights ship as a
small JSON file read by :mod:`newsprism.extract.linear`, where the model is registered as ``"cue"``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from newsprism.data import read_tsv
from newsprism.extract import linear

__all__ = [
    "MODEL_PATH",
    "TokenAttributes",
    "CueModel",
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


@functools.lru_cache(maxsize=1)
def load_cue_lexicon() -> dict[str, str]:
    """Lemma → category from ``data/cues.tsv`` (first category listed wins)."""
    lexicon: dict[str, str] = {}
    for row in read_tsv("cues.tsv"):
        lexicon.setdefault(row["lemma"], row["category"])
    return lexicon


def candidate_tokens(doc: Doc, vocabulary: frozenset[str] | None = None,
                     table: TokenAttributes | None = None) -> Iterator[Token]:
    """Tokens worth scoring: content words whose lemma can be a cue, colons, 'according' / 'per'.

    ``vocabulary`` (lemmas seen heading a cue in training, plus the lexicon) keeps the
    model off the many tokens that never head a cue, which is most of the cost.
    """
    t = table if table is not None else TokenAttributes.of(doc)
    for i, pos in enumerate(t.pos):
        if pos == "PUNCT" and t.text[i] != ":":
            continue
        if pos not in CANDIDATE_POS and t.lower[i] not in ("according", "per"):
            continue
        if vocabulary is not None and pos != "VERB" and t.lemma[i] not in vocabulary and t.lower[i] not in vocabulary:
            continue
        yield doc[i]


@dataclass(frozen=True, slots=True)
class TokenAttributes:
    """One doc's token attributes as plain string lists, read once: the features look at many
    neighbours of every candidate, and each ``doc[i]`` builds a new Token object. (Unlike
    ``entities_state.TokenTable``'s numpy id columns, these are the strings features are made of.)"""

    lemma: list[str]
    lower: list[str]
    text: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent: list[str]
    head: list[int]
    children: list[list[int]]
    is_quote: list[bool]
    newline: list[bool]
    sent_start: list[int]
    sent_end: list[int]
    quoted_sentences: frozenset[int]

    @classmethod
    def of(cls, doc: Doc) -> TokenAttributes:
        lemma, lower, text, pos, tag, dep, ent, head, is_quote, newline = ([] for _ in range(10))
        for t in doc:  # one pass: every ``Token`` is built once
            lemma.append((t.lemma_ or t.text).lower())
            lower.append(t.lower_)
            text.append(t.text)
            pos.append(t.pos_)
            tag.append(t.tag_)
            dep.append(t.dep_)
            ent.append(t.ent_type_)
            head.append(t.head.i)
            is_quote.append(t.is_quote)
            newline.append("\n" in t.whitespace_ or "\n" in t.text)
        children: list[list[int]] = [[] for _ in head]
        for i, h in enumerate(head):
            if h != i:
                children[h].append(i)
        sent_start = [0] * len(head)
        sent_end = [0] * len(head)
        quoted = set()
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sent_start[i], sent_end[i] = sent.start, sent.end
            if any(is_quote[sent.start:sent.end]):
                quoted.add(sent.start)
        return cls(lemma=lemma, lower=lower, text=text, pos=pos, tag=tag, dep=dep, ent=ent, head=head,
                   children=children, is_quote=is_quote, newline=newline, sent_start=sent_start,
                   sent_end=sent_end, quoted_sentences=frozenset(quoted))


def cue_features(token: Token, inside_quote: bool, lexicon: dict[str, str],
                 table: TokenAttributes | None = None) -> list[str]:
    """Sparse binary features of one candidate token (strings, 'name=value').

    ``table`` is :meth:`TokenAttributes.of` the token's doc; pass it when scoring many tokens of one doc.
    """
    t = table if table is not None else TokenAttributes.of(token.doc)
    i = token.i
    n = len(t.lemma)
    lemma = t.lemma[i]
    nxt = i + 1 if i + 1 < n else None
    prv = i - 1 if i > 0 else None
    head = t.head[i]
    kids = t.children[i]
    child_deps = {t.dep[c] for c in kids}
    category = lexicon.get(lemma, "")
    if nxt is not None and lexicon.get(f"{lemma}_{t.lemma[nxt]}"):
        category = lexicon[f"{lemma}_{t.lemma[nxt]}"]
    next_lemma = t.lemma[nxt] if nxt is not None else "<end>"
    feats = [
        "bias",
        f"lemma={lemma}",
        f"pos={t.pos[i]}",
        f"tag={t.tag[i]}",
        f"dep={t.dep[i]}",
        f"lex={category}",
        f"lex_pos={category}|{t.pos[i]}",
        f"lemma_dep={lemma}|{t.dep[i]}",
        f"head_dep={t.dep[head]}",
        f"head_lemma={t.lemma[head]}",
        f"next={next_lemma}",
        f"prev={t.lemma[prv] if prv is not None else '<start>'}",
        f"lemma_next={lemma}|{next_lemma}",
        f"inq={inside_quote}",
        f"inq_lex={inside_quote}|{category}",
    ]
    for dep in sorted(child_deps):
        feats.append(f"child={dep}")
        feats.append(f"lex_child={category}|{dep}")
    for c in kids:
        if t.dep[c] in ("ccomp", "xcomp"):
            marks = [t.lower[g] for g in t.children[c] if t.dep[g] == "mark"]
            feats.append(f"comp_mark={marks[0] if marks else ''}")
            feats.append(f"comp_before={c < i}")
        if t.dep[c] in ("nsubj", "nsubjpass"):
            feats.append(f"subj_ent={t.ent[c]}")
            feats.append(f"subj_pron={t.pos[c] == 'PRON'}")
            feats.append(f"lemma_subj={lemma}|{t.ent[c] or t.pos[c]}")
    if t.text[i] == ":":
        feats.append(f"colon_next_quote={any(t.is_quote[i + 1:i + 3])}")
        feats.append(f"colon_newline={any(t.newline[i:i + 2])}")
        feats.append(f"colon_prev_ent={t.ent[prv] if prv is not None else ''}")
    near_quote = any(t.is_quote[max(i - 3, 0):i + 4])
    feats.append(f"near_quote={near_quote}")
    feats.append(f"lemma_nearq={lemma}|{near_quote}")
    feats.append(f"lemma_tag={lemma}|{t.tag[i]}")
    feats.append(f"dep_headpos={t.dep[i]}|{t.pos[head]}")
    feats.append(f"lemma_comp={lemma}|{bool(child_deps & {'ccomp', 'xcomp'})}|{'dobj' in child_deps}")
    feats.append(f"lemma_subj={lemma}|{bool(child_deps & {'nsubj', 'nsubjpass'})}")
    feats.append(f"prev2={t.lemma[i - 2] if i > 1 else '<start>'}")
    feats.extend(_context_features(t, i, lemma, category, lexicon))
    return feats


def _context_features(t: TokenAttributes, i: int, lemma: str, category: str,
                      lexicon: dict[str, str]) -> list[str]:
    """Where the token sits: after a closing quote, at the sentence edges, under another cue."""
    head = t.head[i]
    sent_start, sent_end = t.sent_start[i], t.sent_end[i]
    head_lemma = t.lemma[head]
    after_quote = any(t.is_quote[max(sent_start, i - 4):i])
    feats = [
        f"lower={t.lower[i]}",
        f"after_close_quote={after_quote}",
        f"lex_after_quote={category}|{after_quote}",
        f"sent_start={i - sent_start < 3}",
        f"sent_end={sent_end - i <= 3}",
        f"head_lex={lexicon.get(head_lemma, '') if head != i else 'root'}",
        f"dep_head={t.dep[i]}|{head_lemma}",
        f"lemma_head={lemma}|{head_lemma}",
        f"sent_quote={sent_start in t.quoted_sentences}",
    ]
    for c in t.children[i]:
        if t.dep[c] in ("xcomp", "ccomp", "dobj", "pobj", "prep"):
            feats.append(f"child_lex={t.dep[c]}|{lexicon.get(t.lemma[c], '')}")
    return feats


class CueModel:
    """The ``"cue"`` linear model over :func:`cue_features`, its threshold and its candidate vocabulary."""

    def __init__(self, weights: Mapping[str, float], threshold: float = DEFAULT_THRESHOLD,
                 vocabulary: frozenset[str] | None = None) -> None:
        self.linear = linear.LinearModel(weights)
        self.threshold = threshold
        self.vocabulary = vocabulary

    @property
    def weights(self) -> Mapping[str, float]:
        return self.linear.weights

    @classmethod
    def from_parts(cls, tables: linear.Tables, settings: linear.Settings) -> CueModel:
        return cls(tables["weights"].weights, settings["threshold"], frozenset(settings["vocabulary"]) or None)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CueModel:
        """The model in ``path``; :class:`~newsprism.extract.linear.ModelFileError` when missing or malformed."""
        return linear.load("cue", path)

    def save(self, path: Path = MODEL_PATH) -> None:
        linear.save("cue", path, {"weights": self.linear},
                    {"threshold": self.threshold, "vocabulary": tuple(self.vocabulary or ())})

    def probability(self, features: list[str]) -> float:
        return self.linear.probability(features)


linear.register(linear.ModelSpec(
    name="cue", path=MODEL_PATH, tables={"weights": cue_features},
    settings={"threshold": DEFAULT_THRESHOLD, "vocabulary": ()}, build=CueModel.from_parts,
    trained_by="training/train_attribution.py"))


def load_cue_model() -> CueModel:
    """The configured (by default the shipped) model, loaded once per process."""
    return linear.shipped("cue")


def find_cues(doc: Doc, inside_quote: list[bool], model: CueModel | None = None) -> Iterator[tuple[Token, float]]:
    """Candidate cue tokens whose probability passes the model's threshold, in document order."""
    if not doc.has_annotation("DEP"):
        return
    model = model or load_cue_model()
    lexicon = load_cue_lexicon()
    table = TokenAttributes.of(doc)
    for token in candidate_tokens(doc, model.vocabulary, table):
        p = model.probability(cue_features(token, inside_quote[token.i], lexicon, table))
        if p >= model.threshold:
            yield token, p
