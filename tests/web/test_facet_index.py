"""The explorer's in-memory facet index (queries.facet_index, Site.facet_index) counts what the SQL counts:
equal to a direct GROUP BY and to statement_facets without it, for many searches and filters, on a
generated FICTIONAL store (store/synthetic.py), and still equal after new articles are written and
after corrections by hand, read by the same running Site (a stale index would be a wrong count)."""

from __future__ import annotations

import random
import time
from array import array
from pathlib import Path

import pytest

from newsprism.store import queries
from newsprism.store.corrections import add_correction
from newsprism.store.db import Store
from newsprism.store.synthetic import FIRST, LAST, OUTLETS, build_store, make_article
from newsprism.web.pages import Site

F = queries.SearchFilters

#: (words, filters): searches and browses, with and without words, filters of every kind, no match.
CASES = [
    ("", F()),
    ("", F(outlet=OUTLETS[0], kind="direct")),
    ("", F(outlet=OUTLETS[1], speaker=f"{FIRST[0]} {LAST[0]}")),
    ("", F(speaker="Velsen")),
    ("", F(story="bench-s1")),
    ("", F(date_from="2031-01-01", date_to="2031-06-30")),
    ("", F(kind="indirect")),
    ("", F(outlet="no such outlet")),
    ("", F(outlet="bench-00096")),  # an article of no known outlet is its own outlet
    ("harbour fire", F()),
    ("council", F(outlet=OUTLETS[2])),
    ("flood*", F(kind="direct")),
    ("budget OR river", F(story="bench-s2")),
    ("plan -vote", F()),
    ("zzzunmatched", F()),
]


def _direct_group_by(store: Store) -> dict[str, dict]:
    """Every statement (terms apart) counted per facet value by plain GROUP BYs, written here, not in queries."""
    source = (" FROM quotes q JOIN articles a ON a.article_id = q.article_id"
              " LEFT JOIN story_articles sa ON sa.article_id = q.article_id WHERE q.kind != 'term'")
    outlet = "coalesce(nullif(trim(a.outlet, ' ' || char(9, 10, 13)), ''), a.article_id)"  # unknown: the article
    facets = {"kind": "q.kind", "outlet": outlet, "speaker": "coalesce(q.speaker_id, q.speaker)",
              "story": "sa.story_id"}
    return {name: dict(store.conn.execute(f"SELECT {sql}, count(*){source} AND {sql} IS NOT NULL GROUP BY {sql}"))
            for name, sql in facets.items()}


def _as_counts(facets: dict) -> dict[str, dict]:
    return {name: {row["value"]: row["n"] for row in facets[name]} for name in ("kind", "outlet", "speaker", "story")}


def _check(site: Site, db: Path) -> queries.FacetIndex:
    """Facets through the Site's index equal facets counted by SQL, for every case; the whole store's
    equal a direct GROUP BY. Returns the index the Site used."""
    index = site.facet_index(wait=True)
    assert index is not None and site.read(lambda r: r.facet_index()) is index
    with Store(db, readonly=True) as store:
        assert index.rowids() == [r[0] for r in store.conn.execute(
            "SELECT q.rowid FROM quotes q JOIN articles a ON a.article_id = q.article_id ORDER BY q.rowid")]
        for text, filters in CASES:
            expected = queries.statement_facets(store, text, filters)
            got = site.read(lambda r: queries.statement_facets(r.store, text, filters, index=r.facet_index()))
            assert got == expected, (text, filters)
        everything = site.read(lambda r: queries.statement_facets(r.store, "", F(), top=10_000,
                                                                  index=r.facet_index()))
        assert _as_counts(everything) == _direct_group_by(store)
        assert everything["total"] == store.conn.execute("SELECT count(*) FROM quotes WHERE kind != 'term'").fetchone()[0]
    return index


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "facets.db"
    build_store(path, 100, quiet=True)
    return path


def test_facet_index_counts_what_sql_counts_after_new_articles_and_corrections(db):
    site = Site(db, query_seconds=10, cache_dir=None, csrf_token=None)
    first = _check(site, db)
    assert first is site.facet_index(), "read again although the database did not change"

    # A second analyze: new articles (one of an unknown outlet), new statements, a new speaker name.
    rng = random.Random(3)
    with Store(db) as store:
        store.write_results([make_article(rng, i, 1, "2031-02-02", ["Zora Nightingale", "Mara Velsen"])
                             for i in range(100, 140)])
    second = _check(site, db)
    assert second is not first
    with Store(db, readonly=True) as store:  # the old index would now count wrong: the test can fail
        assert queries.statement_facets(store, "", F(), top=999, index=first) != queries.statement_facets(store, "", F(), top=999)

    # Corrections by hand (newsprism fix): a merge of two speakers, a rejected statement.
    with Store(db) as store:
        quote_id = store.conn.execute("SELECT quote_id FROM quotes ORDER BY rowid LIMIT 1").fetchone()[0]
        add_correction(store, "merge", "bench-e1", "bench-e0", who="test", why="same person")
        add_correction(store, "reject", quote_id, who="test", why="not a statement")
    third = _check(site, db)
    assert third is not second
    with Store(db, readonly=True) as store:
        assert queries.statement_facets(store, "", F(), top=999, index=second) != queries.statement_facets(store, "", F(), top=999)


@pytest.mark.parametrize("values, expected", [
    ({"b": 2, "a": 2, "c": 5}, ["c", "a", "b"]),           # count first, then value
    ({"Zeta": 1, "alpha": 1, "Émile": 1}, ["Zeta", "alpha", "Émile"]),  # text by code point, as SQLite's BINARY
    ({"10": 1, 9: 1, b"x": 1}, [9, "10", b"x"]),            # numbers, then text, then blobs, as SQLite orders them
    ({None: 3, "a": 1}, ["a"]),                             # no value: not a facet value
])
def test_in_memory_ranking_orders_ties_as_sqlite(values, expected):
    kinds = [value for value, count in values.items() for _ in range(count)]
    table = tuple(dict.fromkeys(kinds))
    none = tuple(dict.fromkeys([None]))
    # rowids 5, 7, 9…: the gaps hold no statement (-1)
    codes = array("i", [-1]) * (2 * len(kinds) - 1)
    for n, value in enumerate(kinds):
        codes[2 * n] = table.index(value)
    empty = array("i", [0]) * len(codes)
    index = queries.FacetIndex(5, (codes, empty, empty, empty), (table, none, none, none))
    assert index.rowids() == [5 + 2 * n for n in range(len(kinds))]
    asked = index.rowids() + [6, 4, 10_000]  # a gap and rowids outside the index count nothing
    counted = queries._counted_in(index, asked, top=12)
    assert counted[0] == ("total", None, len(kinds))
    assert [value for facet, value, _ in counted if facet == "kind"] == expected
    assert not [row for row in counted if row[0] in ("outlet", "speaker", "story")]


@pytest.mark.parametrize("outlet, article_ids", [
    (OUTLETS[0], None),                 # a named outlet: its articles
    ("bench-00096", ["bench-00096"]),   # no outlet known: the article is its own outlet
    ("bench-00001", []),                # an article of a named outlet is not an outlet
    ("", None),                         # no filter
])
def test_outlet_filter_and_facet_use_the_one_outlet_definition(db, outlet, article_ids):
    with Store(db, readonly=True) as store:
        if article_ids is None and outlet:
            article_ids = [r[0] for r in store.conn.execute(
                "SELECT article_id FROM articles WHERE outlet = ? ORDER BY article_id", (outlet,))]
            assert article_ids
        found = queries.search_statements(store, "", F(outlet=outlet or None), limit=10_000)
        if article_ids is not None:
            assert sorted({s["article_id"] for s in found}) == article_ids
        assert all(s["source"] == outlet for s in found) or not outlet
        facet = queries.statement_facets(store, "", F(outlet=outlet or None), top=10_000)["outlet"]
        assert {row["value"] for row in facet} == ({s["source"] for s in found})
        plan = " ".join(r[3] for r in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM articles a WHERE {queries.outlet_sql()} = ?", (outlet,)))
        assert "articles_source_date" in plan  # the index's expression is outlet_sql's


def test_facet_index_is_read_in_the_background_and_kept_per_version(db):
    site = Site(db, query_seconds=10, cache_dir=None, csrf_token=None)
    assert site.facet_index() is None  # the first ask starts the reading and answers at once: SQL counts meanwhile
    deadline = time.monotonic() + 60
    while (index := site.facet_index()) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert index is not None and site.facet_index() is index
    with Store(db) as store:  # any commit: the kept index is not answered for the new version
        store.conn.execute("UPDATE quotes SET kind = 'indirect' WHERE rowid = (SELECT min(rowid) FROM quotes)")
        store.conn.commit()
    assert site.facet_index() is not index
