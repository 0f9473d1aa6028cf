"""Corpus phase: canonical entities, stories and statement links, updated incrementally.

Only the articles analysed since the last update (``store.pending_ids()``) are
read; everything they need from earlier articles comes from indexes kept in the
store (story LSH buckets, entity keys, statement shingles). Order: stories
first (they use only the text), then entities (a bare surname prefers the
person of the same story), then links (paraphrases need speakers and stories).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
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
    ids = store.pending_ids()
    report = CorpusUpdate(articles=len(ids))
    if not ids:
        return report
    with _no_cyclic_gc():
        _update(store, ids, report, timings)
    store.clear_pending(ids)
    return report


@contextmanager
def _no_cyclic_gc():
    """The steps build many small acyclic objects; the cycle collector would rescan all of them
    again and again (cost growing with corpus size) while freeing nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _update(store: Store, ids: list[str], report: CorpusUpdate, timings: dict[str, float] | None) -> None:
    from newsprism.link.entities import resolve_entities
    from newsprism.link.links import link_statements
    from newsprism.link.speakers import assign_speakers, local_refs
    from newsprism.link.stories import assign_stories
    from newsprism.store.corpus import use_large_cache

    use_large_cache(store)
    with _timed("stories", timings):
        stories = assign_stories(store, ids)
    report.stories = len(set(stories.values()))
    with _timed("entities", timings), store.conn:
        refs = local_refs(store, ids)
        resolved = resolve_entities(store, refs, stories)
        assign_speakers(store, ids, refs, resolved)
    report.entities = len(set(resolved.values()))
    with _timed("links", timings), store.conn:
        report.links = len(link_statements(store, ids, dict(stories)))


@contextmanager
def _timed(step: str, timings: dict[str, float] | None):
    """Add the step's wall-clock and CPU seconds to ``timings`` (keys ``step`` and ``step_cpu``)."""
    import time

    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        if timings is not None:
            timings[step] = timings.get(step, 0.0) + time.perf_counter() - wall
            timings[step + "_cpu"] = timings.get(step + "_cpu", 0.0) + time.process_time() - cpu
