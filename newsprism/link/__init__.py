"""Corpus phase: canonical entities, stories and statement links, updated incrementally.

Only the articles analysed since the last update (``store.pending_ids()``) are
read; everything they need from earlier articles comes from indexes kept in the
store (story LSH buckets, entity keys, statement shingles). Order: stories
first (they use only the text), then entities (a bare surname prefers the
person of the same story), then links (paraphrases need speakers and stories).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.store.db import Store

__all__ = ["CorpusUpdate", "update_corpus"]


@dataclass
class CorpusUpdate:
    """What one corpus update did."""

    articles: int = 0
    stories: int = 0
    entities: int = 0
    links: int = 0


def update_corpus(store: Store, *, timings: dict[str, float] | None = None) -> CorpusUpdate:
    """Place the articles analysed since the last update into stories, entities and links, then clear them."""
    import time

    from newsprism.link.entities import resolve_entities
    from newsprism.link.links import link_statements
    from newsprism.link.speakers import assign_speakers, local_refs
    from newsprism.link.stories import assign_stories

    ids = store.pending_ids()
    report = CorpusUpdate(articles=len(ids))
    if not ids:
        return report
    clock = time.perf_counter()
    stories = assign_stories(store, ids)
    report.stories = len(set(stories.values()))
    lap = time.perf_counter()
    if timings is not None:
        timings["stories"] = timings.get("stories", 0.0) + lap - clock
    with store.conn:
        refs = local_refs(store, ids)
        resolved = resolve_entities(store, refs, stories)
        assign_speakers(store, ids, refs, resolved)
    report.entities = len(set(resolved.values()))
    clock, lap = lap, time.perf_counter()
    if timings is not None:
        timings["entities"] = timings.get("entities", 0.0) + lap - clock
    with store.conn:
        report.links = len(link_statements(store, ids, dict(stories)))
    if timings is not None:
        timings["links"] = timings.get("links", 0.0) + time.perf_counter() - lap
    store.clear_pending(ids)
    return report
