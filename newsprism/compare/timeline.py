"""The speaker view: one record of what one speaker said across stories, rendered by every screen.

:func:`speaker_view` reads a speaker's statements through the store's read API
(``newsprism.store.queries``, ``newsprism.store.framing``) once and groups them, with the pure
:func:`statement_groups`, into the speaker's timeline. The explorer's speaker page,
``newsprism speaker --json`` and ``Corpus.speaker_timeline()`` all lay out
:meth:`SpeakerView.as_dict` (tests/compare/test_speaker_identity.py).

A *linked group* is every statement connected by links (any relation): one statement as all
outlets reported it. Its earliest report is the version with the earliest publication date
(undated: its story's first date); its original venue is the addressee stated by any version
("in an interview with Yahoo News"), the earliest one preferred.

>>> from newsprism.store.db import Store
>>> with Store("news.db", readonly=True) as store:      # doctest: +SKIP
...     view = speaker_view(store, "Assad")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

from newsprism.errors import NewsprismError
from newsprism.link.components import linked_components
from newsprism.link.links import LINKED_KINDS
from newsprism.store import corpus as corpus_reads
from newsprism.store import framing, queries
from newsprism.store.db import Store

__all__ = [
    "AmbiguousSpeaker",
    "SpeakerNotFound",
    "SpeakerView",
    "StatementGroup",
    "resolve_speaker",
    "speaker_view",
    "statement_group",
    "statement_groups",
    "story_timeline",
    "timeline_key",
]


class SpeakerNotFound(NewsprismError, LookupError):
    """No speaker (entity id, name, alias or part of one) matches what was typed."""

    code = "NP-E402"


class AmbiguousSpeaker(NewsprismError, LookupError):
    """A typed name fits several speakers; ``matches`` lists them (most quoted first) to choose from."""

    code = "NP-E404"

    def __init__(self, typed: str, matches: list[dict]) -> None:
        super().__init__(f"{len(matches)} speakers match {typed!r}", value=typed)
        self.typed = typed
        self.matches = matches


@dataclass(frozen=True)
class StatementGroup:
    """One statement and all its versions across articles (``quote_ids``, earliest report first)."""

    quote_ids: tuple[str, ...]
    earliest_quote: str
    text: str                       # the earliest version's words
    kind: str | None                # the earliest version's kind and attribution verb
    cue: str | None
    date: str | None                # earliest publication date among the versions (else the story's)
    venue: str | None               # original venue when stated
    outlets: tuple[str, ...]
    stories: tuple[str, ...]
    story_titles: tuple[str, ...]
    relations: Mapping[str, int]

    def as_dict(self) -> dict:
        return _plain(asdict(self))


@dataclass(frozen=True)
class SpeakerView:
    """One speaker: ``speaker`` (ref, name, type, aliases, roles); ``statements``: every statement
    of theirs (terms excluded) with its article, outlet (``source``) and story, oldest first;
    ``groups``: the timeline, each linked group of their statements once (:func:`statement_groups`)."""

    speaker: Mapping
    statements: tuple[Mapping, ...]
    groups: tuple[StatementGroup, ...]

    def as_dict(self) -> dict:
        """The JSON-ready form every screen renders (lists, not tuples)."""
        return _plain({"speaker": self.speaker, "statements": self.statements,
                       "groups": [g.as_dict() for g in self.groups]})


def _plain(value):
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# -- pure steps ------------------------------------------------------------------------


def _published_order(row: Mapping) -> tuple:
    return (row.get("published") is None, row.get("published") or "", row["quote_id"])


def timeline_key(group: StatementGroup, rows: Mapping[str, Mapping]) -> tuple:
    """Timeline order: by date (undated last), then as written (article, place in it)."""
    first = rows.get(group.earliest_quote, {})
    return (group.date is None, group.date or "", first.get("article_id") or "", first.get("start") or 0,
            group.earliest_quote)


def statement_groups(rows: Mapping[str, Mapping], links: Iterable[Mapping]) -> list[StatementGroup]:
    """The linked groups of the statements ``rows`` (quote_id → row of
    :func:`newsprism.store.framing.statements_by_id`) joined by ``links``, in timeline order.

    Links naming a statement outside ``rows`` are ignored. Outlets come from
    :func:`newsprism.store.queries.outlet_of`, the one definition.
    """
    links = [link for link in links if link["quote_a"] in rows and link["quote_b"] in rows]
    groups = []
    for members in linked_components(sorted(rows), links):
        members = sorted(members, key=lambda q: _published_order(rows[q]))
        member_set = set(members)
        first = rows[members[0]]
        venues = [rows[q]["addressee"] for q in members if rows[q].get("addressee")]
        titles = {rows[q]["story_id"]: rows[q].get("story_title") for q in members if rows[q].get("story_id")}
        story_dates = [rows[q]["story_first_date"] for q in members if rows[q].get("story_first_date")]
        stories = sorted(titles)
        relations = Counter(link["relation"] for link in links if link["quote_a"] in member_set)
        date = first.get("published")
        if date is None:
            # An undated article is dated by its story (the other outlets' reports of the same event).
            date = min(story_dates, default=None)
        groups.append(StatementGroup(
            quote_ids=tuple(members), earliest_quote=members[0], text=first["text"], kind=first.get("kind"),
            cue=first.get("cue"), date=date, venue=venues[0] if venues else None,
            outlets=tuple(sorted({queries.outlet_of(rows[q]) for q in members})), stories=tuple(stories),
            story_titles=tuple(titles[s] or s for s in stories), relations=dict(sorted(relations.items()))))
    groups.sort(key=lambda g: timeline_key(g, rows))
    return groups


# -- reads -----------------------------------------------------------------------------


def _closure(store: Store, quote_ids: Sequence[str], limit: int = 500) -> tuple[dict[str, dict], list[dict]]:
    """The statements reachable through links from ``quote_ids`` (breadth first, bounded) and their links."""
    seen, frontier, links = set(quote_ids), list(quote_ids), {}
    while frontier and len(seen) < limit:
        frontier, found = [], framing.links_touching(store, frontier)
        for link in found:
            links[(link["quote_a"], link["quote_b"])] = link
            for q in (link["quote_a"], link["quote_b"]):
                if q not in seen:
                    seen.add(q)
                    frontier.append(q)
    return framing.statements_by_id(store, seen), list(links.values())


def _groups_of(store: Store, quote_ids: Sequence[str]) -> list[StatementGroup]:
    rows, links = _closure(store, quote_ids, limit=max(500, 4 * len(quote_ids)))
    return statement_groups(rows, links)


def resolve_speaker(store: Store, typed: str) -> dict:
    """The one speaker ``typed`` means: an entity id, exact name or alias (or, before linking, a
    speaker's name), else the only speaker whose name or alias contains it. SpeakerNotFound when
    none does; AmbiguousSpeaker (with the candidates) when several do."""
    speaker = queries.speaker(store, typed)
    if speaker is not None:
        return speaker
    matches = queries.resolve_speakers(store, typed)
    if not matches:
        raise SpeakerNotFound(f"no speaker matching {typed!r}", value=typed)
    if len(matches) > 1:
        raise AmbiguousSpeaker(typed, matches)
    return queries.speaker(store, matches[0]["ref"])


def speaker_view(store: Store, typed: str) -> SpeakerView:
    """The speaker ``typed`` means (:func:`resolve_speaker`) with their statements and timeline."""
    speaker = resolve_speaker(store, typed)
    statements = queries.speaker_statements(store, speaker["ref"])
    linked = [s["quote_id"] for s in statements if s["kind"] in LINKED_KINDS]
    return SpeakerView(speaker=speaker, statements=tuple(statements), groups=tuple(_groups_of(store, linked)))


def statement_group(store: Store, quote_id: str) -> StatementGroup | None:
    """Every version of the statement ``quote_id`` with its earliest report and original venue."""
    return next((g for g in _groups_of(store, [quote_id]) if quote_id in g.quote_ids), None)


def story_timeline(store: Store, story_id: str) -> dict | None:
    """A story with its articles (date order) and the linked groups of its statements (timeline order)."""
    row = corpus_reads.story_row(store, story_id)
    if row is None:
        return None
    members = corpus_reads.story_members(store, [story_id]).get(story_id, [])
    meta = corpus_reads.article_meta(store, members)
    articles = sorted(meta.values(), key=lambda m: (m["published"] is None, m["published"] or "", m["article_id"]))
    statements = corpus_reads.statements_of(store, members, LINKED_KINDS)
    groups = _groups_of(store, [s["quote_id"] for s in statements])
    return {**row, "articles": articles, "statements": [g.as_dict() for g in groups]}
