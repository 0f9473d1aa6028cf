"""Bounded work per new article: placing one more article costs the same whatever the size of its story.

Work is counted in SQLite virtual-machine steps (a progress handler), which does not depend on
the machine's speed or load.
"""

from __future__ import annotations

import pytest

from newsprism.link import update_corpus
from newsprism.link.stories import StoryOptions, assign_stories
from newsprism.records import Article, ArticleResult, Statement
from newsprism.store import corpus as db
from newsprism.store.db import Store

#: Small look-up bounds, so that stories larger than every bound are quick to build.
SMALL = StoryOptions(bucket_limit=10, member_limit=8, max_candidates=5)
QUOTE = "The harbour of Velsen will stay closed until the storm walls are repaired"


def near_copy(i: int) -> ArticleResult:
    """One of many near-identical fictional reports of one event (same headline, same quote)."""
    text = (f"Velsen harbour closed after storm damages walls\n\nThe harbour of Velsen was closed on Monday "
            f"after a storm damaged its walls, report {i} says. \"{QUOTE},\" harbour master Ilse Brask said.")
    start = text.index(QUOTE)
    statement = Statement(start=start, end=start + len(QUOTE), text=QUOTE, kind="direct",
                          speaker="Ilse Brask", quoted=((start, start + len(QUOTE)),))
    return ArticleResult(Article(f"copy-{i:05d}", text, published="2030-03-04"), statements=(statement,))


def steps(store: Store, action) -> int:
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    store.conn.set_progress_handler(tick, 100)
    try:
        action()
    finally:
        store.conn.set_progress_handler(None, 100)
    return counted[0]


def place(store: Store) -> None:
    with store.transaction():
        ids = store.pending_ids()
        assign_stories(store, ids, SMALL)
        store.clear_pending(ids)


def story_of_size(path, size: int) -> Store:
    store = Store(path)
    store.write_results([near_copy(i) for i in range(size)])
    place(store)
    assert store.count("stories") == 1
    return store


def cost_of_one_more(store: Store, i: int) -> int:
    store.write_results([near_copy(i)])
    return steps(store, lambda: place(store))


@pytest.mark.slow
def test_joining_a_story_costs_the_same_whatever_its_size(tmp_path):
    """Before: every member of each candidate story was fetched to keep the newest few, and the
    story's dates were re-read from all members: the cost grew with the story (about 4x here)."""
    small = story_of_size(tmp_path / "small.db", 40)
    large = story_of_size(tmp_path / "large.db", 400)
    try:
        cost_small = cost_of_one_more(small, 40)
        cost_large = cost_of_one_more(large, 400)
        assert large.count("stories") == 1
        assert cost_large < 1.2 * cost_small, (cost_small, cost_large)
    finally:
        small.close()
        large.close()


@pytest.mark.parametrize("size", [10, 45])
def test_newest_and_oldest_members_in_joining_order(db_path, size):
    with Store(db_path) as store:
        store.write_results([ArticleResult(Article(f"a{i:03d}", f"Fictional text {i}.")) for i in range(size)])
        store.write_results([ArticleResult(Article("other", "Another fictional text."))])
        with store.transaction():
            for i in range(size):
                db.place_in_story(store, f"a{i:03d}", "s1")
            db.place_in_story(store, "other", "s2")
        every = db.story_members(store, ["s1"])["s1"]
        assert every == [f"a{i:03d}" for i in range(size)]
        assert db.story_members(store, ["s1", "s3"], newest=40) == {"s1": every[-40:]}
        assert db.story_members(store, ["s1"], oldest=5) == {"s1": every[:5]}


def test_shingle_look_up_reads_only_the_newest_rows(db_path):
    """Before: a window function numbered every row of each shingle to keep the newest ``limit``."""
    with Store(db_path) as store:
        with store.transaction():
            for i in range(3000):
                db.add_quote_shingles(store, f"q{i:05d}", [1, 2, 3])
        costs = {}
        for shingles in ([1, 2, 3], [1]):
            costs[len(shingles)] = steps(store, lambda: db.quote_shingle_hits(store, shingles, limit=100))
        hits = db.quote_shingle_hits(store, [1, 2, 3, 4], limit=100)
    assert hits == {f"q{i:05d}": 3 for i in range(2900, 3000)}
    assert costs[3] < 100 and costs[1] < 40, costs  # ~300 rows read, not 9,000
