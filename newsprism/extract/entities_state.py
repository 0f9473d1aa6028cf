"""Working state of in-article coreference: clusters of mentions being built for one article.

The rule passes (names, nominals, pronouns) each read and extend one ``ArticleState``; only
``entities.find_entities`` turns it into the frozen ``LocalEntity`` / ``Mention`` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsprism.extract.entities_lexicon import EntityLexicon

__all__ = ["Cluster", "Draft", "ArticleState", "MAX_MENTION_CHARS", "SUBJECT_DEPS"]

#: Mentions longer than this are not made (keeps offset look-ups in resolve_speaker bounded).
MAX_MENTION_CHARS = 200
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: A name attached to a subject noun ("Kremlin spokesman Dmitry Peskov said") is a subject too.
NAME_LINK_DEPS = frozenset({"compound", "appos", "flat"})


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
    countries: set[str] = field(default_factory=set)
    role_heads: set[str] = field(default_factory=set)
    role_words: set[str] = field(default_factory=set)
    head_of_state: bool = False
    salience: int = 0  # number of name mentions
    first_char: int = 10**9
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
        if gender and self.gender is None:
            self.gender = gender


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


@dataclass(eq=False)
class ArticleState:
    """Everything the passes share for one article."""

    doc: Doc
    lexicon: EntityLexicon
    quoted: list[bool]  # per token: inside quotation marks
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

    def add(self, start_i: int, end_i: int, kind: str, cluster: Cluster | None, head_i: int | None = None) -> Draft | None:
        """Add a mention over tokens [start_i, end_i) (None when it would be too long)."""
        doc = self.doc
        start = doc[start_i].idx
        last = doc[end_i - 1]
        end = last.idx + len(last.text)
        if end - start > MAX_MENTION_CHARS or end <= start:
            return None
        head_i = end_i - 1 if head_i is None else head_i
        head = doc[head_i]
        subject = head.dep_ in SUBJECT_DEPS or (head.dep_ in NAME_LINK_DEPS and head.head.dep_ in SUBJECT_DEPS)
        draft = Draft(start, end, kind, cluster, head_i, subject, self.quoted[head_i])
        self.drafts.append(draft)
        if cluster is not None and start < cluster.first_char:
            cluster.first_char = start
        return draft
