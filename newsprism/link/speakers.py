"""Who each statement's speaker is across the corpus: local entities (or speaker names) → ``quotes.speaker_id``."""

from __future__ import annotations

from newsprism.link.entities import LocalRef
from newsprism.link.names import looks_like_name
from newsprism.records import SPEECH_KINDS, STATEMENT_KINDS
from newsprism.store import corpus as db

__all__ = ["assign_speakers", "local_refs"]

def local_refs(store, article_ids: list[str]) -> list[LocalRef]:
    """The local entities of these articles; for an article without any, its quoted speakers' names.

    The fallback keeps speakers linkable while no entity extractor has run on an article. ``store`` is a
    Store or an index (``store.corpus.MemoryIndex``).
    """
    ix = db.as_index(store)
    refs = [LocalRef(r["article_id"], r["key"], r["name"], r["type"] or "other", r["aliases"], r["roles"])
            for r in ix.local_entities(article_ids)]
    with_entities = {r.article_id for r in refs}
    seen: set[tuple[str, str]] = set()
    for statement in ix.statements_of([a for a in article_ids if a not in with_entities],
                                      SPEECH_KINDS):
        name = statement["speaker"]
        if not name or not looks_like_name(name) or (statement["article_id"], name) in seen:
            continue
        seen.add((statement["article_id"], name))
        refs.append(LocalRef(statement["article_id"], None, name, "person"))
    return refs


def assign_speakers(store, article_ids: list[str], refs: list[LocalRef],
                    resolved: dict[tuple[str, int | None, str], str]) -> None:
    """Set ``local_entities.entity_id`` and every statement's ``speaker_id``."""
    ix = db.as_index(store)
    by_key = {(r.article_id, r.key): resolved.get((r.article_id, r.key, r.name)) for r in refs if r.key is not None}
    by_name: dict[tuple[str, str], str] = {}
    for ref in refs:
        entity_id = resolved.get((ref.article_id, ref.key, ref.name))
        if entity_id:
            for name in (ref.name, *ref.aliases):
                by_name.setdefault((ref.article_id, name.lower()), entity_id)
    ix.set_local_entity_ids([(a, k, e) for (a, k), e in by_key.items() if e])
    assignments = []
    for statement in ix.statements_of(article_ids, STATEMENT_KINDS):
        entity_id = None
        if statement["speaker_key"] is not None:
            entity_id = by_key.get((statement["article_id"], statement["speaker_key"]))
        if entity_id is None and statement["speaker"]:
            entity_id = by_name.get((statement["article_id"], statement["speaker"].lower()))
        assignments.append((statement["quote_id"], entity_id))
    ix.set_speaker_ids(assignments)
