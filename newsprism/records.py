"""Typed records passed between pipeline stages.

Every stage reads and returns these small frozen dataclasses; none of them
knows about SQL, spaCy objects or where the work runs. Offsets are always
character offsets into ``Article.text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Skipped",
    "MetaConflict",
    "OutletMeta",
    "Statement",
    "LocalEntity",
    "Mention",
    "Claim",
    "LoadedSpan",
    "ArticleResult",
    "Entity",
    "Story",
    "Link",
    "Correction",
    "CORRECTION_ACTIONS",
    "STATEMENT_KINDS",
    "SPEECH_KINDS",
    "VERBATIM_KINDS",
    "LINKED_KINDS",
    "QUOTING_KINDS",
    "JUDGED_KINDS",
    "COLON_CUE",
    "DASH_CUE",
    "PRESS_CUE",
    "QA_CUE",
    "PATTERN_CUE_LEMMAS",
    "MENTION_KINDS",
    "text_hash",
]

#: Kinds of rows in ``quotes``; ``term`` rows are scare quotes, not statements.
STATEMENT_KINDS = ("direct", "mixed", "indirect", "block", "qa", "headline", "term")
#: The statement kinds that are speech (every kind but scare-quoted ``term``s).
SPEECH_KINDS = tuple(kind for kind in STATEMENT_KINDS if kind != "term")
#: Kinds whose text is wholly the speaker's own words, quotation marks or not.
VERBATIM_KINDS = ("direct", "block", "qa")
#: Kinds linked across articles (speech in the body: headlines are copies of it).
LINKED_KINDS = tuple(kind for kind in SPEECH_KINDS if kind != "headline")
#: Linked kinds that can hold quoted words (all but ``indirect``).
QUOTING_KINDS = tuple(kind for kind in LINKED_KINDS if kind != "indirect")
#: Kinds the statement model judges; transcript turns, block quotes, headlines and terms are kept as they are.
JUDGED_KINDS = ("direct", "mixed", "indirect")
#: Cue "lemmas" of statements a pattern finds rather than a verb: a speaker label's colon ("SMITH: …"),
#: a dash line after a quote ("— Ann Lee"), "Pressed by X, “…”", and a transcript turn (Q:/A:).
COLON_CUE, DASH_CUE, PRESS_CUE, QA_CUE = ":", "—", "press", "qa"
PATTERN_CUE_LEMMAS = frozenset({COLON_CUE, DASH_CUE, PRESS_CUE, QA_CUE})
#: Kinds of rows in ``mentions``.
MENTION_KINDS = ("name", "title", "descriptor", "pronoun", "group")

_WS = re.compile(r"\s+")


def text_hash(text: str) -> str:
    """Hash of an article's text with white space folded: equal texts, one article."""
    return hashlib.sha1(_WS.sub(" ", text).strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: clean text plus what we know about it."""

    article_id: str
    text: str
    source_path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    date_source: str | None = None  # "meta", "warc" or "text"
    authors: tuple[str, ...] = ()
    language: str | None = "en"

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def text_hash(self) -> str:
        return text_hash(self.text)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be ingested, and why."""

    source_path: str
    reason: str
    record: str | None = None  # line number, WARC record id, … when relevant


@dataclass(frozen=True, slots=True)
class MetaConflict:
    """Two metadata files give different values for one field of one article; ``kept`` is used."""

    article: str  # the sidecar row's key: an article id or a file name
    field: str
    kept: str
    kept_from: str
    dropped: str
    dropped_from: str

    def message(self) -> str:
        return (f"{self.article} {self.field}: {self.kept_from} says {self.kept!r}, {self.dropped_from} said "
                f"{self.dropped!r}; {self.kept_from}'s value is used (the later file wins)")


@dataclass(frozen=True, slots=True)
class OutletMeta:
    """What a user's outlet metadata file says about one outlet (never inferred): ``extra`` keeps other columns."""

    outlet: str
    country: str | None = None
    owner: str | None = None
    lean: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    source: str | None = None  # the name of the file it came from


@dataclass(frozen=True, slots=True)
class Statement:
    """Something a source said, as one article reports it (a row of ``quotes``)."""

    start: int
    end: int
    text: str
    kind: str  # one of STATEMENT_KINDS
    speaker: str | None = None  # canonical name within the article
    speaker_key: int | None = None  # LocalEntity.key within the article
    speaker_type: str | None = None  # person, organisation, anonymous
    speaker_start: int | None = None  # nearest explicit mention of the speaker
    speaker_end: int | None = None
    cue: str | None = None
    cue_lemma: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    addressee: str | None = None  # "Yahoo News", "the BBC" when stated
    quoted: tuple[tuple[int, int], ...] = ()  # spans inside quote marks

    def quote_id(self, article_id: str) -> str:
        return f"{article_id}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """A person or organisation as one article knows it (in-article coreference)."""

    key: int
    name: str  # fullest name in the article
    type: str  # person, organisation, place, anonymous, other
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # "President", "Kremlin spokesman", …


@dataclass(frozen=True, slots=True)
class Mention:
    """One way an article refers to an entity: a name, title, descriptor, pronoun or group label."""

    start: int
    end: int
    text: str
    kind: str  # one of MENTION_KINDS
    entity_key: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A number with what it counts, normalised."""

    start: int
    end: int
    text: str
    value: float | None
    value_low: float | None = None
    value_high: float | None = None
    unit: str | None = None  # people, usd, percent, …
    about: str | None = None  # killed, displaced, refugees, troops, population, …

    def claim_id(self, article_id: str) -> str:
        return f"{article_id}:c{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class LoadedSpan:
    """Evaluative, emotive or distancing wording."""

    start: int
    end: int
    text: str
    category: str


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the per-article phase learns from one article."""

    article: Article
    statements: tuple[Statement, ...] = ()
    entities: tuple[LocalEntity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    loaded: tuple[LoadedSpan, ...] = ()


# -- corpus level -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person or organisation across the corpus."""

    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one event."""

    story_id: str
    title: str
    article_ids: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """Two versions of one statement in different articles."""

    quote_a: str
    quote_b: str
    relation: str  # identical, excerpt, altered, paraphrase
    diff: tuple[tuple[str, str], ...] = field(default=())  # (op, words): op in "=", "-", "+"


# -- corrections by hand ------------------------------------------------------

#: What a correction does: ``merge`` speaker ``target`` into speaker ``value``; ``split`` and
#: ``reassign`` give statement ``target`` the speaker ``value``; ``reject`` marks statement
#: ``target`` wrong; ``undo`` withdraws correction number ``target``.
CORRECTION_ACTIONS = ("merge", "split", "reassign", "reject", "undo")


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction made by hand (a row of ``corrections``), never deleted: an undo is a correction too.

    ``target`` is a speaker ref (entity id, or the name of a speaker no entity holds) for ``merge``,
    a statement id (``ARTICLE_ID:START-END``) for ``split``, ``reassign`` and ``reject``, and a
    correction number for ``undo``. ``target_name``/``target_type`` record what the target was when
    the correction was made (the speaker's name and type, or the statement's text): a statement
    correction applies only while the statement still has that text.
    """

    id: int
    action: str  # one of CORRECTION_ACTIONS
    target: str
    value: str | None
    who: str
    at: str  # ISO time, UTC
    why: str
    target_name: str | None = None
    target_type: str | None = None
    value_name: str | None = None  # the name of speaker ``value`` when the correction was made
    undone_by: int | None = None  # the undo that withdrew it (read from the table, never stored here)
    applied: int = 0  # statements it changes now

    @property
    def status(self) -> str:
        """``undone``, ``applied`` or ``not applied`` (its statement or speaker is not in the store now)."""
        if self.action == "undo":
            return "applied"
        if self.undone_by is not None:
            return "undone"
        return "applied" if self.applied else "not applied"
