"""store/corpus.py: the SQL index and the in-memory index answer every corpus-phase question alike."""

from __future__ import annotations

import pytest

from newsprism.engine.corpus import _components, _pack, _renumber, group_edges
from newsprism.engine.synthetic import analysed_corpus
from newsprism.records import Link
from newsprism.store import corpus as db
from newsprism.store.db import Store


@pytest.fixture
def both(tmp_path):
    results = analysed_corpus(12, seed=5)
    store = Store(tmp_path / "x.db")
    store.write_results(results)
    memory = db.MemoryIndex(results)
    with store.transaction():
        yield db.StoreIndex(store), memory, results
    store.close()


def _script(ix, ids):
    """A sequence of corpus-phase writes and reads; returns every read."""
    out = []
    out.append(ix.statements_of(ids, ("direct", "indirect", "mixed")))
    out.append(ix.local_entities(ids))
    out.append(ix.article_dates(ids[:3]))
    for i, article_id in enumerate(ids):
        story = ix.new_story_id() if i % 3 == 0 else "s000001"
        ix.place_in_story(article_id, story)
        ix.save_story_signature(article_id, "k", b"sig", [i % 2, 7, i])
    out.append(ix.story_band_hits([0, 7, 3], limit=2))
    out.append(ix.story_members(["s000001", "s000002"], newest=2))
    ix.merge_story("s000002", into="s000001")
    out.append(ix.story_members(["s000001", "s000002"]))
    out.append(ix.story_members(["s000001"], oldest=3))
    out.append(ix.stories_of(ids))
    for i, quote in enumerate(r["quote_id"] for r in out[0][:6]):
        ix.add_quote_shingles(quote, [1, 2, i])
    out.append(ix.quote_shingle_hits([1, 2, 3], limit=3))
    e1, e2 = ix.new_entity_id(), ix.new_entity_id()
    ix.add_entity_keys(e1, ["person:velsen", "person:velsen:mara"])
    ix.add_entity_keys(e2, ["person:velsen:oren", "person:velsen"])
    out.append(ix.entity_key_hits(["person:velsen", "person:nobody"]))
    out.append(ix.entity_keys_with_prefix("person:velsen:"))
    ix.write_entity(e1, "Mara Velsen", "person", ["Velsen", "Mara Velsen"], ["Minister"])
    out.append(ix.entity_rows([e1, e2]))
    ix.set_speaker_ids([(r["quote_id"], e1) for r in out[0][:4]])
    ix.set_local_entity_ids([(ids[0], 0, e2)])
    out.append(ix.entity_ids_in_articles(ids))
    out.append(ix.statements_in_stories_by_speaker(["s000001"], ("direct", "indirect", "mixed")))
    out.append(ix.statements_by_id([r["quote_id"] for r in out[0][:3]]))
    return out


def test_memory_index_answers_like_the_store(both):
    sql, memory, results = both
    ids = [r.article.article_id for r in results]
    assert _script(memory, ids) == _script(sql, ids)


def test_statements_come_in_one_order_whatever_the_chunking(both):
    sql, _memory, results = both
    ids = [r.article.article_id for r in results]
    rows = sql.statements_of(ids[::-1], ("direct",))
    assert rows == sorted(rows, key=db.statement_order) and rows


def test_a_store_is_fresh_until_the_corpus_phase_writes(tmp_path):
    with Store(tmp_path / "y.db") as store:
        store.write_results(analysed_corpus(3, seed=1))
        assert db.is_fresh(store)
        assert [a for a, _h in db.pending_with_hashes(store)] == store.pending_ids()
        with store.transaction():
            db.write_links(store, [Link("a:1-2", "b:1-2", "identical", ())])
        assert not db.is_fresh(store)


# -- the Dask corpus phase's client-side helpers ------------------------------------------------------------


@pytest.mark.parametrize("parts, edges", [
    ([[("k", 1), ("k", 2)], [("k", 3), ("j", 4)]], ([1, 1], [2, 3])),  # a group spread over two partitions
    ([[("k", 1), ("k", 1)]], ([], [])),                                 # a node twice is no edge
    ([[("a", 1)], [("b", 2)]], ([], [])),                               # no shared key, no edge
])
def test_group_edges(parts, edges):
    assert group_edges(*parts) == edges


def test_components_and_packing():
    labels = _components(6, [([0, 1], [1, 2]), ([4], [5])])
    assert labels[0] == labels[1] == labels[2] != labels[3] and labels[4] == labels[5] != labels[3]
    tasks = _pack(labels, 2)
    assert len({tasks[0], tasks[1], tasks[2]}) == 1 and tasks[4] == tasks[5]
    assert tasks[0] != tasks[4] or tasks[3] != tasks[0]  # the largest component has a task of its own


def test_renumber_follows_global_creation_order():
    ids = _renumber([{"s000001": (0, 5), "s000002": (0, 9)}, {"s000001": (0, 7)}], "s")
    assert ids == {0: {"s000001": "s000001", "s000002": "s000003"}, 1: {"s000001": "s000002"}}
