"""The explorer's faster listings give the same answers as the plain ones they replaced.

Facet counts are grouped inside SQLite and the story list is counted in one query per page
(store/queries.py); here each is compared with a plain reference (every matching row read and
counted in Python, every story's articles read one by one: the former code) on the hand-made
sample store and on a small generated, FICTIONAL store, then again after a correction by hand
(``newsprism fix reject``) and after an incremental analysis of new articles, through the
explorer too, whose page cache must not serve what the database no longer says.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsprism.cli import app as cli_app
from newsprism.link import update_corpus
from newsprism.store import queries
from newsprism.store.db import Store
from newsprism.store.synthetic import FIRST, LAST, OUTLETS, TOPICS, WORDS, build_store, make_article
from newsprism.web.app import create_app
from web.sample_store import IDS

F = queries.SearchFilters


# -- the references: what the explorer computed before, written plainly --------------------------


def reference_facets(store: Store, text: str, filters: F, top: int = 12) -> dict:
    """Every matching statement read and counted in Python; ties by value."""
    parsed = queries.parse_search(text)
    where, params = queries._filter_sql(store, filters, statements=True)
    if not filters.kind and parsed is None:
        where += " AND q.kind != 'term'"
    if parsed is None:
        source = queries._STATEMENT_FROM + " WHERE 1"
    else:
        source = f" FROM quotes_fts JOIN {queries._joined(True)} WHERE quotes_fts MATCH :match"
        params["match"] = parsed.match
    names = ("kind", "outlet", "speaker", "story")
    counters = {name: Counter() for name in names}
    total = 0
    # the outlet as queries.outlet_sql defines it (an unknown outlet: the article's id)
    for row in store.conn.execute(f"SELECT q.kind, {queries.outlet_sql()}, coalesce(q.speaker_id, q.speaker),"
                                  f" sa.story_id{source}{where}", params):
        total += 1
        for name, value in zip(names, row):
            if value is not None:
                counters[name][value] += 1
    facets = {name: [{"value": v, "n": n} for v, n in sorted(c.items(), key=lambda i: (-i[1], str(i[0])))[:top]]
              for name, c in counters.items()}
    for row in facets["kind"] + facets["outlet"]:
        row["label"] = row["value"]
    for row in facets["speaker"]:
        named = store.conn.execute("SELECT name FROM entities WHERE entity_id = ?", (row["value"],)).fetchone()
        row["label"] = named[0] if named else row["value"]
    for row in facets["story"]:
        titled = store.conn.execute("SELECT title FROM stories WHERE story_id = ?", (row["value"],)).fetchone()
        row["label"] = (titled[0] if titled else None) or row["value"]
    facets["total"] = total
    return facets


def reference_story_list(store: Store, limit: int, offset: int) -> list[dict]:
    """Every story sorted in Python, each story's articles and statements counted one by one."""
    stories = [dict(r) for r in store.conn.execute("SELECT story_id, title, first_date, last_date FROM stories")]
    dated = sorted((s for s in stories if s["last_date"] is not None), key=lambda s: s["story_id"])
    dated.sort(key=lambda s: s["last_date"], reverse=True)
    undated = sorted((s for s in stories if s["last_date"] is None), key=lambda s: s["story_id"])
    page = (dated + undated)[offset:offset + limit]
    for story in page:
        articles = store.conn.execute(
            "SELECT a.article_id, a.outlet FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
            " WHERE sa.story_id = ?", (story["story_id"],)).fetchall()
        story["n_articles"] = len(articles)
        story["n_statements"] = sum(store.conn.execute(
            "SELECT count(*) FROM quotes WHERE article_id = ? AND kind != 'term'", (a[0],)).fetchone()[0]
            for a in articles)
        story["outlets"] = sorted({queries.outlet_of({"article_id": a[0], "outlet": a[1]}) for a in articles})
    return page


# -- the stores and the questions asked of them -----------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fast") / "generated.db"
    build_store(path, 240, seed=3, quiet=True)
    return path


def generated_questions() -> list[tuple[str, F]]:
    speaker = f"{FIRST[0]} {LAST[0]}"
    return [
        ("", F()), ("", F(outlet=OUTLETS[1])), ("", F(outlet=OUTLETS[2], kind="direct")),
        ("", F(outlet=OUTLETS[3], kind="indirect")), ("", F(outlet=OUTLETS[0], speaker=speaker)),
        ("", F(speaker=LAST[1])), ("", F(story="bench-s3")), ("", F(date_from="2030-03-01", date_to="2030-09-30")),
        (f"{TOPICS[0]} {WORDS[0]}", F()), (f"{TOPICS[1]} {WORDS[3]}", F(outlet=OUTLETS[1])),
        (WORDS[5], F(kind="direct")), (f"{WORDS[2]}*", F(speaker=speaker)), (f'"{TOPICS[2]}" OR {WORDS[9]}', F()),
        (f"{WORDS[4]} -{WORDS[6]}", F(date_from="2031-01-01")), ("nothingmatchesthis", F()),
    ]


def sample_questions() -> list[tuple[str, F]]:
    return [("", F()), ("", F(kind="term")), ("", F(story=IDS.story)), ("dam", F()), ("", F(speaker="a")),
            ("cracks OR reports", F(outlet="Fictional Courier")), ("", F(outlet="no such outlet"))]


def assert_same(db: Path, questions: list[tuple[str, F]]) -> None:
    with Store(db, readonly=True) as store:
        for text, filters in questions:
            for top in (12, 2):
                assert queries.statement_facets(store, text, filters, top=top) == \
                    reference_facets(store, text, filters, top=top), (text, filters, top)
        n = queries.story_total(store)
        for limit, offset in ((50, 0), (7, 0), (7, 3), (20, max(0, n - 5)), (5, n), (60, 10)):
            assert queries.story_list(store, limit=limit, offset=offset) == \
                reference_story_list(store, limit, offset), (limit, offset)


def test_generated_store_facets_and_story_list_as_before(generated):
    assert_same(generated, generated_questions())


def test_sample_store_facets_and_story_list_as_before(sample_db):
    assert_same(sample_db, sample_questions())


def test_story_list_reads_the_order_index(generated):
    with Store(generated, readonly=True) as store:
        plan = " ".join(str(tuple(r)) for r in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT story_id FROM stories ORDER BY {queries._STORY_ORDER} LIMIT 5 OFFSET 9"))
    assert "stories_recent" in plan and "TEMP B-TREE" not in plan, plan


# -- after a correction and after new articles: the same, and the explorer not stale -----------------


def facet_counts(client: TestClient, **params) -> dict:
    page = client.get("/search.json", params=params).json()
    return {"total": page["total"], **{name: {v["value"]: v["n"] for v in rows} for name, rows in page["facets"].items()}}


def test_after_a_correction_and_new_articles(generated, tmp_path):
    db = tmp_path / "copy.db"
    with Store(generated, readonly=True) as source, Store(db) as target:
        source.conn.backup(target.conn)
    browse = {"outlet": OUTLETS[1], "kind": "direct"}
    with TestClient(create_app(db, cache_dir=tmp_path), base_url="http://127.0.0.1") as client:
        before = facet_counts(client, **browse)
        first_page = client.get("/", params={"limit": 5}).text
        assert facet_counts(client, **browse) == before  # the second time from the cache
        with Store(db, readonly=True) as store:
            quote_id, story_id, speaker_id = store.conn.execute(
                "SELECT q.quote_id, sa.story_id, q.speaker_id FROM quotes q JOIN articles a USING (article_id)"
                " JOIN story_articles sa USING (article_id) WHERE a.outlet = ? AND q.kind = 'direct'"
                " ORDER BY q.rowid LIMIT 1", (OUTLETS[1],)).fetchone()
        done = CliRunner().invoke(cli_app, ["fix", "reject", quote_id, "--why", "not said", "--db", str(db)])
        assert done.exit_code == 0, done.output
        assert_same(db, generated_questions())
        after = facet_counts(client, **browse)
        assert after["total"] == before["total"] - 1
        assert after["kind"]["direct"] == before["kind"]["direct"] - 1
        assert after["outlet"][OUTLETS[1]] == before["outlet"][OUTLETS[1]] - 1
        assert after["speaker"].get(speaker_id, 0) <= before["speaker"].get(speaker_id, 0)
        with Store(db, readonly=True) as store:
            rows = queries.story_list(store, limit=10_000)
        story_row = next(r for r in rows if r["story_id"] == story_id)
        assert story_row == reference_story_list_row(db, story_id)

        # an incremental analysis: new articles written, then the corpus phase places them
        import random

        rng = random.Random(5)
        speakers = [f"{f} {l}" for f in FIRST for l in LAST]
        new = [make_article(rng, 5000 + i, 2, "2032-02-0" + str(1 + i), speakers) for i in range(4)]
        with Store(db) as store:
            store.write_results(new)
            update_corpus(store)
        assert_same(db, generated_questions())
        grown = facet_counts(client, **browse)
        added = sum(1 for r in new if r.article.outlet == OUTLETS[1] for s in r.statements if s.kind == "direct")
        assert grown["total"] == after["total"] + added
        everything = facet_counts(client)
        with Store(db, readonly=True) as store:
            assert everything["total"] == store.conn.execute(
                "SELECT count(*) FROM quotes WHERE kind != 'term'").fetchone()[0]
            newest = queries.story_list(store, limit=5)
        assert newest[0]["last_date"] == "2032-02-04"  # the new articles' story is the newest now
        page = client.get("/", params={"limit": 5}).text
        assert page != first_page and newest[0]["title"] in page


def reference_story_list_row(db: Path, story_id: str) -> dict:
    with Store(db, readonly=True) as store:
        return next(r for r in reference_story_list(store, 10_000, 0) if r["story_id"] == story_id)
