"""Corpus phase: canonical entities, stories and statement links, updated incrementally.

Only the articles analysed since the last update (``store.pending_ids()``) are
read; everything they need from earlier articles comes from indexes kept in the
store (story LSH buckets, entity keys, statement shingles). Order: stories
first (they use only the text), then entities (a bare surname prefers the
person of the same story), then links (paraphrases need speakers and stories).
The steps of one batch and the removal of its articles from the queue commit
together (one transaction), so an interrupted update leaves nothing half done.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass

from newsprism.store.corrections import apply_corrections
from newsprism.store.db import Store, chunks

__all__ = ["CHUNK", "CorpusUpdate", "update_corpus"]

#: Articles whose signatures, references or statements one step holds in memory at once (the steps read a
#: batch this many articles at a time, in the batch's order, so the tables do not depend on it).
CHUNK = 1000


@dataclass
class CorpusUpdate:
    """What one corpus update did."""

    articles: int = 0
    stories: int = 0
    entities: int = 0
    links: int = 0


def update_corpus(store: Store, *, timings: dict[str, float] | None = None, batch: int | None = None,
                  full_batches_only: bool = False) -> CorpusUpdate:
    """Place the articles analysed since the last update into stories, entities and links.

    The queue (``pending``, oldest first) is taken ``batch`` articles at a time (all of it when
    ``None``); each batch is one transaction holding every step and the removal of its articles
    from the queue, so a run killed at any moment leaves either the whole batch placed or
    nothing of it, and the same command then gives the tables of an uninterrupted run.
    Batches are cut from the queue alone (never from how a run went), so an interrupted and
    resumed run cuts them where a clean run does. With ``full_batches_only`` a last,
    incomplete batch is left queued (``load --corpus-every``). Running it again with an empty
    queue changes nothing.
    """
    report = CorpusUpdate()
    while True:
        with store.transaction():
            ids = store.pending_ids(batch)
            if not ids or (full_batches_only and batch is not None and len(ids) < batch):
                break
            with _no_cyclic_gc():
                _update(store, ids, report, timings)
            apply_corrections(store)  # corrections by hand, applied again in the same transaction
            store.clear_pending(ids)
        report.articles += len(ids)
        if batch is None:
            break
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
    """The steps over one batch, inside the caller's transaction (none of them commits)."""
    from newsprism.link.entities import resolve_entities
    from newsprism.link.links import link_statements
    from newsprism.link.speakers import assign_speakers, local_refs
    from newsprism.link.stories import assign_stories
    from newsprism.store.corpus import use_large_cache

    use_large_cache(store)
    with _timed("stories", timings):
        stories = assign_stories(store, ids, chunk=CHUNK)
    report.stories += len(set(stories.values()))
    with _timed("entities", timings):
        refs = [ref for part in chunks(ids, CHUNK) for ref in local_refs(store, part)]
        resolved = resolve_entities(store, refs, stories)
        refs_of: dict[str, list] = {}
        for ref in refs:
            refs_of.setdefault(ref.article_id, []).append(ref)
        del refs
        for part in chunks(ids, CHUNK):
            assign_speakers(store, part, [r for a in dict.fromkeys(part) for r in refs_of.get(a, ())], resolved)
        del refs_of
    report.entities += len(set(resolved.values()))
    with _timed("links", timings):
        report.links += link_statements(store, ids, dict(stories), chunk=CHUNK)


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
