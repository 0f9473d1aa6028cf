"""One definition of an article's outlet (issue 14): ``queries.outlet_of`` in Python and ``queries.outlet_sql``
in SQL agree, and the outlet pages (store/outlets.py) group articles as the story view does."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.store.queries import outlet_of, outlet_sql

# (outlet column, article id) -> the outlet
CASES = [
    ("Gazette", "a1", "Gazette"),
    (" Gazette ", "a1", "Gazette"),            # a sidecar value kept as typed
    ("\tgazette.example\r\n", "a1", "gazette.example"),
    ("Two  Words", "a1", "Two  Words"),        # inside a name nothing changes
    (None, "blog-1", "blog-1"),                # unknown: the article is its own outlet
    ("", "blog-1", "blog-1"),
    ("  \t", "blog-1", "blog-1"),
]


@pytest.mark.parametrize("outlet, article_id, expected", CASES)
def test_python_and_sql_agree(outlet, article_id, expected):
    assert outlet_of({"outlet": outlet, "article_id": article_id}) == expected
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE articles (article_id TEXT, outlet TEXT)")
    conn.execute("INSERT INTO articles VALUES (?, ?)", (article_id, outlet))
    assert conn.execute(f"SELECT {outlet_sql('a')} FROM articles a").fetchone()[0] == expected
    assert conn.execute(f"SELECT {outlet_sql('b')} FROM articles b").fetchone()[0] == expected


TEXT = ("The river council of Valdoria voted on Tuesday to close the old stone bridge for repairs. "
        "\"The bridge is not safe for lorries any more,\" said council leader Marta Olvena. "
        "Repairs will take two years and cost nine million crowns, the council said.\n")


@pytest.mark.slow  # analyses three short articles
def test_outlet_pages_group_as_the_story_view(tmp_path):
    """One article's outlet comes from the sidecar, one from its URL's host, one is unknown:
    the story view, the outlets list, the coverage matrix, an outlet's profile and attention all say the same."""
    from newsprism.compare.story import story_view
    from newsprism.pipeline import run_analysis
    from newsprism.store.db import Store
    from newsprism.store.outlets import attention_counts, coverage_matrix, outlet_profile
    from newsprism.store.queries import outlet_summary

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meta-1", "host-2", "blog-3"):
        (folder / f"{name}.txt").write_text(f"Bridge closed for repairs\n\n{TEXT}Reported by {name}.\n",
                                            encoding="utf-8")
    (folder / "meta.csv").write_text("article_id,outlet,url,date\n"
                                     "meta-1.txt, gazette.example ,,2031-03-01\n"
                                     "host-2.txt,,https://www.gazette.example/bridge,2031-03-02\n"
                                     "blog-3.txt,,,2031-03-03\n", encoding="utf-8")
    with Store(tmp_path / "o.db") as store:
        run_analysis([str(folder)], store)
        raw = {r["outlet"] for r in store.query("SELECT outlet FROM articles")}
        blog = store.query("SELECT article_id FROM articles WHERE outlet IS NULL")[0]["article_id"]
        (story_id,) = [r["story_id"] for r in store.query("SELECT story_id FROM stories")]
        view = story_view(store, story_id)
        summary = {r["outlet"]: r["n_articles"] for r in outlet_summary(store)}
        matrix = coverage_matrix(store)
        attention = attention_counts(store)
        profile = outlet_profile(store, "gazette.example")
        unknown = outlet_profile(store, blog)
    assert raw == {"gazette.example", None}  # the raw column: NULL for the blog
    assert set(view.outlets) == {"gazette.example", blog}
    assert summary == {"gazette.example": 2, blog: 1}
    assert set(matrix["outlets"]) == set(view.outlets) and sorted(matrix["stories"][0]["counts"]) == [1, 2]
    assert {r["outlet"] for r in attention["articles"]} == set(view.outlets)
    assert profile["summary"]["n_articles"] == 2 and len(profile["covered"]) == 1
    assert unknown["summary"]["n_articles"] == 1
