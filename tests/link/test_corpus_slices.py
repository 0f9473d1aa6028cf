"""The corpus phase in bounded memory: slices, spools and caches never change a table.

The local phase reads a batch ``link.CHUNK`` articles at a time, spools story signatures in a
temporary table, keeps at most ``stories.CACHE_ARTICLES`` signatures at hand and holds found links
in a temporary table (``store.corpus.FoundLinks``). Each must give exactly the tables of one pass
over the whole batch in memory.
"""

from __future__ import annotations

import pytest

import newsprism.link as link
import newsprism.link.stories as stories
from newsprism.engine.synthetic import analysed_corpus
from newsprism.link.stories import StoryFeatures, _BatchCache, placement_key
from newsprism.records import Link
from newsprism.store import corpus as db
from newsprism.store.db import Store


def _tables(path, results) -> dict:
    with Store(path) as store:
        store.write_results(results)
        link.update_corpus(store)
        return store.dump()


@pytest.fixture(scope="module")
def corpus():
    return analysed_corpus(120, seed=21)


@pytest.fixture(scope="module")
def whole(tmp_path_factory, corpus):
    """The tables with every slice and cache larger than the batch (one pass, all in memory)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(link, "CHUNK", 10_000)
    patch.setattr(stories, "CACHE_ARTICLES", 10_000)
    try:
        return _tables(tmp_path_factory.mktemp("whole") / "whole.db", corpus)
    finally:
        patch.undo()


@pytest.mark.slow
@pytest.mark.parametrize("chunk, cache", [(1, 2), (7, 5), (50, 40), (1000, 4000)])
def test_slices_and_cache_sizes_give_the_same_tables(tmp_path, monkeypatch, corpus, whole, chunk, cache):
    monkeypatch.setattr(link, "CHUNK", chunk)
    monkeypatch.setattr(stories, "CACHE_ARTICLES", cache)
    assert _tables(tmp_path / "sliced.db", corpus) == whole
    # the phase did place, merge and link: the comparison is not between empty tables
    assert len(whole["stories"]) > 20 and len(whole["links"]) > 50 and len(whole["entities"]) > 20


def _features(published: str | None, title: str = "t") -> StoryFeatures:
    return StoryFeatures({title: 1, "shared": 2}, frozenset({1, 2}), published, title)


SPOOLED = [  # (article id, date): placement order is by date, undated last, ties in the order added
    ("a", "2030-01-03"), ("b", None), ("c", "2030-01-01"), ("d", "2030-01-03"), ("e", None), ("f", "2029-12-31"),
]


@pytest.mark.parametrize("in_store", [True, False])
def test_feature_spool_gives_signatures_back_in_placement_order(db_path, in_store):
    with Store(db_path) as store:
        ix = db.as_index(store) if in_store else db.MemoryIndex()
        spool = db.FeatureSpool(ix)
        for position, (article_id, published) in enumerate(SPOOLED):
            spool.add(placement_key(_features(published)), position, article_id, _features(published, article_id))
        out = list(spool.ordered(StoryFeatures.from_bytes))
        spool.close()
        assert [a for a, _f in out] == ["f", "c", "a", "d", "b", "e"]
        assert [f.title for _a, f in out] == ["f", "c", "a", "d", "b", "e"]
        assert out[0][1].terms == {"f": 1, "shared": 2} and out[0][1].quoted == frozenset({1, 2})
        assert list(db.FeatureSpool(ix).ordered(StoryFeatures.from_bytes)) == []  # emptied by close


@pytest.mark.parametrize("size, added, kept", [
    (4, 4, ["a0", "a1", "a2", "a3"]),      # at the bound: nothing dropped
    (4, 5, ["a3", "a4"]),                  # past it: the oldest dropped down to half the bound
    (10, 14, [f"a{i}" for i in range(9, 14)]),
    (1, 3, ["a2"]),
])
def test_placement_cache_trims_oldest_down_to_half(size, added, kept):
    cache = _BatchCache(db.MemoryIndex(), {}, 1, size)
    for i in range(added):
        cache.add(f"a{i}", _features("2030-01-01"))
        cache.vector(f"a{i}")
    cache.trim()
    assert list(cache.features) == kept
    assert set(cache.vectors) == set(kept)


FOUND = [  # (link, step, replace)
    (Link("a:1-2", "b:1-2", "identical", ()), 0, True),
    (Link("a:1-2", "b:1-2", "excerpt", ()), 0, True),       # a text link found again: the later one wins
    (Link("b:3-4", "c:1-2", "paraphrase", ()), 1, False),
    (Link("b:3-4", "c:1-2", "identical", ()), 3, False),    # a later step never replaces a link
    (Link("c:5-6", "d:1-2", "paraphrase", ()), 2, False),
]


def test_found_links_in_a_table_and_in_memory_agree(db_path):
    store = Store(db_path)
    try:
        store.conn.execute("BEGIN IMMEDIATE")  # as inside update_corpus: one transaction
        kinds = [db.FoundLinks(store), db.MemoryFoundLinks(db.MemoryIndex())]
        for found in kinds:
            for item, step, replace in FOUND:
                found.put([item], step, replace=replace)
        answers = []
        for found in kinds:
            answers.append((
                found.pairs_touching(["b:1-2", "x:1-2"]),
                found.linked(["a:1-2", "c:1-2", "d:1-2", "x:1-2"], before_step=2),
                found.verbatim_ends(["a:1-2", "b:1-2", "b:3-4", "c:1-2"]),
                found.verbatim_articles(),
                sorted(found.pairs()),
            ))
        assert answers[0] == answers[1]
        touching, linked, ends, articles, pairs = answers[0]
        assert touching == {frozenset({"a:1-2", "b:1-2"})}
        assert linked == {"a:1-2", "c:1-2"}  # d:1-2 was linked by step 2 only
        assert ends == {"a:1-2", "b:1-2"} and articles == ["a", "b"]
        assert pairs == [("a:1-2", "b:1-2"), ("b:3-4", "c:1-2"), ("c:5-6", "d:1-2")]
        assert kinds[0].write() == 3
        store.conn.execute("COMMIT")
        assert [r[:3] for r in store.dump()["links"]] == [
            ("a:1-2", "b:1-2", "excerpt"), ("b:3-4", "c:1-2", "paraphrase"), ("c:5-6", "d:1-2", "paraphrase")]
    finally:
        store.close()
