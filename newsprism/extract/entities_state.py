"""Working state of in-article coreference: clusters of mentions being built for one article.

The rule passes (names, nominals, pronouns) each read and extend one ``ArticleState``; only
``entities.find_entities`` turns it into the frozen ``LocalEntity`` / ``Mention`` records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import ENT_TYPE, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from newsprism.extract.entities_lexicon import EntityLexicon

__all__ = ["Cluster", "Draft", "ArticleState", "TokenTable", "string_ids", "MAX_MENTION_CHARS", "SUBJECT_DEPS"]

#: Mentions longer than this are not made (keeps offset look-ups in resolve_speaker bounded).
MAX_MENTION_CHARS = 200
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: A name attached to a subject noun ("Kremlin spokesman Dmitry Peskov said") is a subject too.
NAME_LINK_DEPS = frozenset({"compound", "appos", "flat"})


def string_ids(words: Iterable[str]) -> np.ndarray:
    """spaCy string ids of words (what ``Doc.to_array(LOWER)`` holds), for vectorised look-ups."""
    return np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)


class TokenTable:
    """Per-token attributes as numpy columns: the passes pick their few candidate tokens without
    creating a spaCy ``Token`` object for every token (that creation dominates the cost otherwise)."""

    __slots__ = ("lower", "lemma", "pos", "ent_type", "punct", "starts", "ends")

    def __init__(self, doc: Doc) -> None:
        columns = [LOWER, LEMMA, POS, ENT_TYPE, IS_PUNCT, IS_SPACE, IDX, LENGTH]
        table = doc.to_array(columns) if len(doc) else np.zeros((0, len(columns)), np.uint64)
        self.lower, self.lemma, self.pos, self.ent_type = table[:, 0], table[:, 1], table[:, 2], table[:, 3]
        self.punct = (table[:, 4] + table[:, 5]) > 0
        starts = table[:, 6].astype(np.int64)
        self.starts: list[int] = starts.tolist()  # character offsets, as lists for fast scalar access
        self.ends: list[int] = (starts + table[:, 7].astype(np.int64)).tolist()

    def lower_in(self, ids: np.ndarray) -> np.ndarray:
        return np.isin(self.lower, ids)

    def pos_in(self, *tags: str) -> np.ndarray:
        return np.isin(self.pos, np.array([get_string_id(t) for t in tags], dtype=np.uint64))


@dataclass(eq=False)
class Cluster:
    """One entity of the article while it is being built."""

    type: str  # person, organisation, place, anonymous, other
    names: list[str] = field(default_factory=list)  # surface names in order of appearance
    roles: list[str] = field(default_factory=list)
    first: str | None = None  # normalised first name (people)
    last: str | None = None  # normalised surname or the single name's key
    key_text: str | None = None  # normalised key for organisations, places, anonymous and groups
    gender: str | None = None
    gender_from_role: bool = False
    countries: set[str] = field(default_factory=set)
    role_heads: set[str] = field(default_factory=set)
    role_words: set[str] = field(default_factory=set)
    head_of_state: bool = False
    salience: int = 0  # number of name mentions
    first_char: int = 10**9
    starts: list[int] = field(default_factory=list)  # character offsets of its mentions so far
    label: str | None = None  # name for unnamed entities ("a source", "Syrian government")
    merged_into: Cluster | None = None  # "the government" → the article's one "Syrian government"

    def final(self) -> Cluster:
        cluster = self
        while cluster.merged_into is not None:
            cluster = cluster.merged_into
        return cluster

    def add_role(self, text: str, head: str, words: list[str], countries: set[str], head_of_state: bool,
                 gender: str | None) -> None:
        """Remember one role ("Kremlin spokesman") and what it says about the person."""
        if text and text not in self.roles:
            self.roles.append(text)
        self.role_heads.add(head)
        self.role_words.update(words)
        self.countries |= countries
        self.head_of_state = self.head_of_state or head_of_state
        if gender and not self.gender_from_role:
            self.gender, self.gender_from_role = gender, True  # "widow", "Mrs." beat a first-name guess


@dataclass(eq=False)
class Draft:
    """A mention before keys are assigned: character span, kind, cluster, and where it sits in the parse."""

    start: int
    end: int
    kind: str
    cluster: Cluster | None
    head_i: int  # token index of the mention's head
    subject: bool = False
    quoted: bool = False
    main_subject: bool = False  # subject of the sentence's main verb ("McLenney said Clinton …": McLenney)


@dataclass(eq=False)
class ArticleState:
    """Everything the passes share for one article."""

    doc: Doc
    text: str
    lexicon: EntityLexicon
    quoted: np.ndarray  # per token (bool): inside quotation marks
    table: TokenTable
    clusters: list[Cluster] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # token indices already inside a name or title mention
    person_tokens: dict[int, Cluster] = field(default_factory=dict)  # token index -> cluster of its name
    org_tokens: dict[int, Cluster] = field(default_factory=dict)
    pending_possessive: dict[int, Draft] = field(default_factory=dict)  # "his" token -> "his regime" mention

    def new_cluster(self, type_: str, **fields) -> Cluster:
        cluster = Cluster(type=type_, **fields)
        self.clusters.append(cluster)
        return cluster

    def span_text(self, start_i: int, end_i: int) -> str:
        """Text of tokens [start_i, end_i) without building a spaCy Span."""
        return self.text[self.table.starts[start_i]:self.table.ends[end_i - 1]]

    def add(self, start_i: int, end_i: int, kind: str, cluster: Cluster | None,
            head_i: int | None = None) -> Draft | None:
        """Add a mention over tokens [start_i, end_i) (None when it would be too long)."""
        start, end = self.table.starts[start_i], self.table.ends[end_i - 1]
        if end - start > MAX_MENTION_CHARS or end <= start:
            return None
        head_i = end_i - 1 if head_i is None else head_i
        head = self.doc[head_i]
        subject_token = head.head if head.dep_ in NAME_LINK_DEPS else head
        subject = subject_token.dep_ in SUBJECT_DEPS
        main = subject and subject_token.head.dep_ == "ROOT"
        draft = Draft(start, end, kind, cluster, head_i, subject, bool(self.quoted[head_i]), main)
        self.drafts.append(draft)
        if cluster is not None:
            cluster.starts.append(start)
            cluster.first_char = min(cluster.first_char, start)
        return draft
