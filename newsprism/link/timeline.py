"""Reading the corpus phase back: a statement's versions, and a speaker's statements over time.

A *linked group* is every statement connected by links (any relation): one
statement as all outlets reported it. Its earliest report is the version with
the earliest publication date; its original venue is the addressee stated by
any version ("in an interview with Yahoo News"), the earliest one preferred.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsprism.errors import NewsprismError
from newsprism.link.components import linked_components
from newsprism.link.links import LINKED_KINDS
from newsprism.store import corpus as db
from newsprism.store.db import Store
from newsprism.store.queries import outlet_of

__all__ = ["SpeakerNotFound", "StatementGroup", "speaker_timeline", "statement_group", "story_view"]


class SpeakerNotFound(NewsprismError, LookupError):
    """No canonical entity (or speaker name) matches the name asked for."""

    code = "NP-E402"


@dataclass
class StatementGroup:
    """One statement and all its versions across articles."""

    quote_ids: list[str]
    text: str                       # the earliest version's words
    earliest_quote: str
    date: str | None                # earliest publication date among the versions (else the story's)
    venue: str | None               # original venue when stated
    outlets: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    story_titles: list[str] = field(default_factory=list)
    relations: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"date": self.date, "text": self.text, "venue": self.venue, "outlets": self.outlets,
                "stories": self.stories, "story_titles": self.story_titles, "earliest_quote": self.earliest_quote,
                "quote_ids": self.quote_ids, "relations": self.relations}


def _closure(store: Store, quote_ids: list[str], limit: int = 500) -> tuple[list[str], list[dict]]:
    """All statements reachable through links from these (breadth first, bounded)."""
    seen, frontier, links = set(quote_ids), list(quote_ids), {}
    while frontier and len(seen) < limit:
        found = db.links_touching(store, frontier)
        frontier = []
        for link in found:
            links[(link["quote_a"], link["quote_b"])] = link
            for q in (link["quote_a"], link["quote_b"]):
                if q not in seen:
                    seen.add(q)
                    frontier.append(q)
    return sorted(seen), list(links.values())


def _groups(store: Store, quote_ids: list[str], links: list[dict]) -> list[StatementGroup]:
    rows = db.statements_by_id(store, quote_ids)
    meta = db.article_meta(store, {r["article_id"] for r in rows.values()})
    story_of = db.stories_of(store, meta)
    story_rows = {sid: db.story_row(store, sid) or {} for sid in set(story_of.values())}
    titles = {sid: row.get("title") for sid, row in story_rows.items()}
    story_dates = {sid: row.get("first_date") for sid, row in story_rows.items()}
    relation_of = {}
    for link in links:
        relation_of.setdefault(link["quote_a"], Counter())[link["relation"]] += 1
        relation_of.setdefault(link["quote_b"], Counter())[link["relation"]] += 1
    groups = []
    for members in linked_components(quote_ids, links, add_unknown=True):
        members = [q for q in members if q in rows]
        if not members:
            continue

        def when(q: str) -> tuple:
            published = meta[rows[q]["article_id"]]["published"]
            return (published is None, published or "", q)

        members.sort(key=when)
        first = rows[members[0]]
        venues = [rows[q]["addressee"] for q in members if rows[q]["addressee"]]
        outlets = sorted({_outlet(meta[rows[q]["article_id"]]) for q in members})
        stories = sorted({story_of[rows[q]["article_id"]] for q in members if rows[q]["article_id"] in story_of})
        relations: Counter[str] = Counter()
        for link in links:
            if link["quote_a"] in members:
                relations[link["relation"]] += 1
        date = meta[first["article_id"]]["published"]
        if date is None and stories:
            # An undated article is dated by its story (the other outlets' reports of the same event).
            date = min((story_dates.get(s) for s in stories if story_dates.get(s)), default=None)
        groups.append(StatementGroup(
            quote_ids=members, text=first["text"], earliest_quote=members[0],
            date=date, venue=venues[0] if venues else None,
            outlets=outlets, stories=stories, story_titles=[titles.get(s) or s for s in stories],
            relations=dict(relations)))
    return groups


def _outlet(meta: dict) -> str:
    return outlet_of(meta)  # the one definition (store.queries)


def statement_group(store: Store, quote_id: str) -> StatementGroup | None:
    """Every version of the statement ``quote_id`` with its earliest report and original venue."""
    quote_ids, links = _closure(store, [quote_id])
    groups = _groups(store, quote_ids, links)
    return next((g for g in groups if quote_id in g.quote_ids), None)


def resolve_speaker(store: Store, name: str) -> dict:
    """The canonical entity best matching ``name`` (most statements first)."""
    matches = db.find_entities(store, name.strip())
    if not matches:
        raise SpeakerNotFound(f"no speaker matching {name!r}", value=name)
    exact = [m for m in matches if m["name"].lower() == name.strip().lower()
             or name.strip().lower() in (a.lower() for a in m["aliases"])]
    return (exact or matches)[0]


def speaker_timeline(store: Store, name: str) -> tuple[dict, list[StatementGroup]]:
    """The entity and its statements (each with all its versions) ordered by date, undated last."""
    entity = resolve_speaker(store, name)
    rows = db.speaker_statements(store, [entity["entity_id"]], LINKED_KINDS)
    quote_ids, links = _closure(store, [r["quote_id"] for r in rows], limit=max(500, 4 * len(rows)))
    groups = _groups(store, quote_ids, links)
    groups.sort(key=lambda g: (g.date is None, g.date or "", g.stories, g.earliest_quote))
    return entity, groups


def story_view(store: Store, story_id: str) -> dict | None:
    """A story with its articles (date order) and the linked groups of its statements."""
    row = db.story_row(store, story_id)
    if row is None:
        return None
    members = db.story_members(store, [story_id]).get(story_id, [])
    meta = db.article_meta(store, members)
    articles = sorted(meta.values(), key=lambda m: (m["published"] is None, m["published"] or "", m["article_id"]))
    statements = db.statements_of(store, members, LINKED_KINDS)
    quote_ids, links = _closure(store, [s["quote_id"] for s in statements], limit=max(500, 4 * len(statements)))
    groups = _groups(store, quote_ids, links)
    groups.sort(key=lambda g: (g.date is None, g.date or "", g.earliest_quote))
    return {**row, "articles": articles, "statements": [g.as_dict() for g in groups]}
