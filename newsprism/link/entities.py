"""Canonical entities across articles: each article's local entities mapped to one corpus-wide id.

Incremental and never all pairs: a new local entity looks up only the keys its
own name yields ("person:assad", "person:assad:bashar", "org:united nations") in
the ``entity_keys`` index. People who share a surname stay apart when their
first names conflict; a bare surname joins the entity with that surname seen
most in the same story, else the most frequent one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.link.names import (
    display_name,
    first_names_compatible,
    is_acronym,
    looks_like_name,
    org_key,
    person_name,
)
from newsprism.store import corpus as db

__all__ = ["LocalRef", "entity_keys", "ref_order", "resolve_entities"]

#: Types resolved across articles; anonymous sources ("a senior official") never are.
RESOLVED_TYPES = ("person", "organisation", "place", "other")


@dataclass
class LocalRef:
    """A local entity (or, before the entities extractor lands, a quoted speaker's name) to resolve."""

    article_id: str
    key: int | None
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def entity_keys(ref: LocalRef) -> tuple[list[str], str | None, str]:
    """Index keys of a local entity, its first name ('' when unknown) and its kind of matching."""
    if ref.type == "person":
        # an acronym alias ("U.N." beside "Kim Jong Un") would merge people across articles on initials
        names = [person_name(n) for n in [ref.name, *ref.aliases] if looks_like_name(n) and not is_acronym(n)]
        names = [n for n in names if n is not None]
        if not names:
            return [], None, "none"
        full = max(names, key=lambda n: (bool(n.first), len(n.full)))
        keys = [f"person:{full.last}"] + [f"person:{n.last}:{n.first}" for n in names if n.first]
        return sorted(set(keys)), full.first, "person"
    key = org_key(ref.name)
    if not key or ref.type not in RESOLVED_TYPES or not looks_like_name(ref.name):
        # "the government", "militants": a common noun names a different group in every article
        return [], None, "none"
    names = {ref.name, *(a for a in ref.aliases if looks_like_name(a))}
    return sorted({f"{ref.type}:{org_key(n)}" for n in names if org_key(n)}), None, "exact"


class _KeyIndex:
    """The ``entity_keys`` table with a write-back cache for one batch."""

    def __init__(self, ix) -> None:
        self.ix = ix
        self.hits: dict[str, dict[str, int]] = {}
        self.first_names: dict[str, dict[str, set[str]]] = {}  # surname key -> entity -> first names

    def preload(self, keys: Iterable[str]) -> None:
        missing = [k for k in set(keys) if k not in self.hits]
        found = self.ix.entity_key_hits(missing)
        for key in missing:
            self.hits[key] = found.get(key, {})

    def lookup(self, key: str) -> dict[str, int]:
        if key not in self.hits:
            self.preload([key])
        return self.hits[key]

    def first_names_of(self, surname_key: str) -> dict[str, set[str]]:
        """First names known for each entity with this surname ("person:assad" → {e1: {"bashar"}})."""
        known = self.first_names.get(surname_key)
        if known is None:
            known = {}
            for key, entity_id in self.ix.entity_keys_with_prefix(surname_key + ":"):
                known.setdefault(entity_id, set()).add(key.rsplit(":", 1)[1])
            self.first_names[surname_key] = known
        return known

    def add(self, entity_id: str, keys: list[str]) -> None:
        for key in keys:
            bucket = self.lookup(key)
            bucket[entity_id] = bucket.get(entity_id, 0) + 1
            if key.count(":") == 2 and key.startswith("person:"):
                surname_key, first = key.rsplit(":", 1)
                if surname_key in self.first_names:
                    self.first_names[surname_key].setdefault(entity_id, set()).add(first)
        self.ix.add_entity_keys(entity_id, keys)


def _choose_person(index: _KeyIndex, keys: list[str], first: str, story_counts: dict[str, int]) -> str | None:
    """The existing entity this person is, or None: exact full name first, then a compatible surname."""
    full_hits: dict[str, int] = {}
    for key in keys:
        if key.count(":") == 2:
            for entity_id, weight in index.lookup(key).items():
                full_hits[entity_id] = full_hits.get(entity_id, 0) + weight
    if full_hits:
        return max(full_hits, key=lambda e: (story_counts.get(e, 0), full_hits[e], e))
    surname_key = next(k for k in keys if k.count(":") == 1)
    candidates = index.lookup(surname_key)
    if not candidates:
        return None
    known = index.first_names_of(surname_key)
    # A name joins a surname-only entity, or one whose first names agree.
    compatible = [e for e in candidates
                  if not known.get(e) or any(first_names_compatible(first, f) for f in known[e])]
    if not compatible:
        return None
    return max(compatible, key=lambda e: (story_counts.get(e, 0), candidates[e], e))


def ref_order(ref: LocalRef, first: str | None) -> tuple:
    """The order refs are resolved in: full names first (so bare surnames in the same batch find them), then by
    article and key; refs that tie (one article's speaker names) keep their order in the batch."""
    return (first == "", ref.article_id, ref.key or 0)


def resolve_entities(store, refs: list[LocalRef], stories: dict[str, str]) -> dict[tuple[str, int | None, str], str]:
    """Canonical entity id of each local ref, keyed by (article_id, key, name); writes entities and keys.

    ``store`` is a Store or an index (``store.corpus.MemoryIndex``)."""
    ix = db.as_index(store)
    index = _KeyIndex(ix)
    keyed = {id(ref): entity_keys(ref) for ref in refs}
    index.preload(k for keys, _first, _kind in keyed.values() for k in keys)
    story_members = ix.story_members(set(stories.values()))
    story_counts_cache: dict[str, dict[str, int]] = {}
    resolved: dict[tuple[str, int | None, str], str] = {}
    changed: dict[str, list[LocalRef]] = {}
    ordered = sorted(refs, key=lambda r: ref_order(r, keyed[id(r)][1]))
    for ref in ordered:
        keys, first, kind = keyed[id(ref)]
        if not keys:
            continue
        story_id = stories.get(ref.article_id)
        if story_id not in story_counts_cache:
            members = story_members.get(story_id, []) if story_id else []
            story_counts_cache[story_id] = ix.entity_ids_in_articles(members) if members else {}
        story_counts = story_counts_cache[story_id]
        if kind == "person":
            entity_id = _choose_person(index, keys, first or "", story_counts)
        else:
            hits: dict[str, int] = {}
            for key in keys:
                for e, w in index.lookup(key).items():
                    hits[e] = hits.get(e, 0) + w
            entity_id = max(hits, key=lambda e: (hits[e], e)) if hits else None
        if entity_id is None:
            entity_id = ix.new_entity_id()
        index.add(entity_id, keys)
        story_counts[entity_id] = story_counts.get(entity_id, 0) + 1
        resolved[(ref.article_id, ref.key, ref.name)] = entity_id
        changed.setdefault(entity_id, []).append(ref)
    _write_entities(ix, changed)
    return resolved


def _write_entities(ix, changed: dict[str, list[LocalRef]]) -> None:
    """Merge the new names and roles into each touched entity; its name is the fullest name seen."""
    existing = ix.entity_rows(changed)
    for entity_id, refs in changed.items():
        row = existing.get(entity_id, {"name": "", "type": refs[0].type, "aliases": [], "roles": []})
        aliases = set(row["aliases"])
        roles = set(row["roles"])
        for ref in refs:
            aliases.update(display_name(n) for n in [ref.name, *ref.aliases] if looks_like_name(n))
            roles.update(ref.roles)
        candidates = [n for n in aliases | ({row["name"]} if row["name"] else set())]
        name = max(candidates, key=lambda n: (len(n.split()), len(n), n)) if candidates else refs[0].name
        ix.write_entity(entity_id, name, row["type"] or refs[0].type, aliases, roles)
