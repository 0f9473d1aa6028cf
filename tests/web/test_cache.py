"""The explorer's page cache: one build per key and database version, shared by worker processes."""

from __future__ import annotations

import os

import pytest

from newsprism.web.cache import PageCache, db_version


def counting_builder(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_page_is_built_once_per_version():
    cache = PageCache()
    build, calls = counting_builder({"n": 1})
    assert cache.get_or_build(("story", "s1"), "v1", build) == {"n": 1}
    assert cache.get_or_build(("story", "s1"), "v1", build) == {"n": 1}
    assert len(calls) == 1
    assert cache.get_or_build(("story", "s1"), "v2", build) == {"n": 1}  # the data changed: built again
    assert len(calls) == 2
    assert cache.get_or_build(("story", "s2"), "v2", build) and len(calls) == 3  # another key


def test_workers_share_pages_through_the_folder(tmp_path):
    first, second = PageCache(tmp_path), PageCache(tmp_path)  # two processes' caches, one folder
    build, calls = counting_builder({"body": "<p>x</p>", "rows": [1, 2]})
    assert first.get_or_build(("html", "story"), "v1", build) == {"body": "<p>x</p>", "rows": [1, 2]}
    assert second.get_or_build(("html", "story"), "v1", build) == {"body": "<p>x</p>", "rows": [1, 2]}
    assert len(calls) == 1
    assert second.get_or_build(("html", "story"), "v2", build) and len(calls) == 2  # never an older version's


def test_a_value_json_cannot_carry_is_served_but_not_shared(tmp_path):
    first, second = PageCache(tmp_path), PageCache(tmp_path)
    build, calls = counting_builder({"when": object()})
    assert first.get_or_build(("odd",), "v1", build)
    second.get_or_build(("odd",), "v1", build)
    assert len(calls) == 2


@pytest.mark.parametrize("write", ["db", "wal"])
def test_db_version_changes_with_any_write(tmp_path, write):
    db = tmp_path / "x.db"
    db.write_bytes(b"a")
    before = db_version(db)
    target = db if write == "db" else tmp_path / "x.db-wal"
    with open(target, "ab") as handle:
        handle.write(b"more")
    os.utime(target, ns=(1, 1))
    assert db_version(db) != before
    assert db_version(db) == db_version(db)


@pytest.mark.parametrize("shared", [False, True])
def test_cached_story_and_search_pages_follow_a_write(tmp_path, shared):
    """Pages are cached until the database changes: after a commit the explorer shows the new data."""
    from fastapi.testclient import TestClient
    from web.sample_store import IDS, fill_sample_store

    from newsprism.store.db import Store
    from newsprism.web.app import create_app

    db = tmp_path / "sample.db"
    with Store(db) as store:
        fill_sample_store(store)
    app = create_app(db, cache_dir=tmp_path if shared else None)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for _ in range(2):  # the second answer comes from the cache
            assert "Renamed story" not in client.get(f"/story/{IDS.story}").text
            assert client.get(f"/story/{IDS.story}.json").json()["story"]["title"] != "Renamed story"
        before = client.get("/search?q=bridge").text
        with Store(db) as store, store.conn:
            store.conn.execute("UPDATE stories SET title = 'Renamed story' WHERE story_id = ?", (IDS.story,))
        assert "Renamed story" in client.get(f"/story/{IDS.story}").text
        assert client.get(f"/story/{IDS.story}.json").json()["story"]["title"] == "Renamed story"
        assert client.get("/search?q=bridge").text != before  # the story title shows beside its statements
