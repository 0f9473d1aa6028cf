"""Read queries on the sample store: lists, story pieces, speaker order, search and its limits."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.store import framing, queries
from newsprism.store.queries import SearchFilters
from web.sample_store import IDS, quote_ids


@pytest.mark.parametrize("typed, expected", [
    ("safe zones", '("safe" OR "safed" OR "safes" OR "safing") AND ("zone" OR "zoned" OR "zones" OR "zoning")'),
    ('"safe zones" Assad', '"safe zones" AND ("assad" OR "assaded" OR "assading" OR "assads")'),
    # punctuation inside a typed word keeps its parts together, as the tokenizer does ("al-Assad")
    ("al-Assad", '"al Assad"'),
    ('NEAR(a', '"NEAR a"'),
    ("col:x", '"col x"'),
    ("terror*", '"terror" *'),
    ("bridge OR tunnel", '(("bridge" OR "bridged" OR "bridges" OR "bridging") OR ("tunnel" OR "tunneled" OR "tunneling" OR "tunnels"))'),
    ('said -"no comment"', '(("said" OR "saided" OR "saiding" OR "saids")) NOT ("no comment")'),
    ("", None),
    ("() ,;", None),
])
def test_fts_query_quotes_every_word(typed, expected):
    assert queries.fts_query(typed) == expected


def test_story_list_counts(ro_store):
    by_id = {s["story_id"]: s for s in queries.story_list(ro_store, limit=10)}
    bridge = by_id[IDS.story]
    assert bridge["n_articles"] == 3 and bridge["n_statements"] == 4
    assert bridge["outlets"] == ["Northern Ledger", "Riverside Gazette", "blog-1"]  # unknown outlet: the article (outlet_of)
    assert [s["story_id"] for s in queries.story_list(ro_store, limit=1, offset=0)] == [IDS.story]


def test_top_speakers_group_by_entity_or_name(ro_store):
    speakers = {s["ref"]: s for s in queries.top_speakers(ro_store)}
    assert speakers[IDS.quill]["name"] == "Ada Quill" and speakers[IDS.quill]["n_articles"] == 3
    assert speakers[IDS.fenn_name]["n_statements"] == 1


def _story_links(store, story_id):
    ids = framing.story_article_ids(store, story_id)
    return framing.links_among(store, [s["quote_id"] for s in framing.statements_in(store, ids)])


def test_story_links_decode_the_diff(ro_store):
    links = _story_links(ro_store, IDS.story)
    altered = [l for l in links if l["relation"] == "altered"]
    assert altered and altered[0]["quote_b"] == quote_ids()["ledger"]
    assert ["-", "at all."] in altered[0]["diff"]
    assert _story_links(ro_store, IDS.other_story) == []


@pytest.mark.parametrize("ref, expected_dates", [
    (IDS.quill, ["2031-03-03", "2031-03-04", "2031-03-04", "2031-03-05"]),
    (IDS.fenn_name, ["2030-11-20"]),
    ("nobody", []),
])
def test_speaker_statements_in_date_order(ro_store, ref, expected_dates):
    assert [s["published"] for s in queries.speaker_statements(ro_store, ref)] == expected_dates


@pytest.mark.parametrize("text, filters, expected_articles", [
    ("bridge", SearchFilters(), {IDS.gazette, IDS.ledger, IDS.blog}),
    ("bridge", SearchFilters(outlet="Northern Ledger"), {IDS.ledger}),
    ("bridge", SearchFilters(speaker=IDS.quill, kind="indirect"), {IDS.blog}),
    ("bridge", SearchFilters(date_from="2031-03-04", date_to="2031-03-04"), {IDS.ledger}),
    ("bridge", SearchFilters(story=IDS.other_story), set()),
    ('"no delay at all"', SearchFilters(), {IDS.gazette}),
    ("noon", SearchFilters(speaker=IDS.fenn_name), {IDS.other}),
    ("zeppelin", SearchFilters(), set()),
])
def test_search_statements_with_filters(ro_store, text, filters, expected_articles):
    found = queries.search_statements(ro_store, text, filters)
    assert {r["article_id"] for r in found} == expected_articles
    for row in found:
        assert queries.SNIPPET_OPEN in row["snippet"]


@pytest.mark.parametrize("filters, expected", [
    (SearchFilters(), {IDS.gazette, IDS.ledger, IDS.blog}),
    (SearchFilters(outlet="Riverside Gazette"), {IDS.gazette}),
    (SearchFilters(speaker=IDS.quill, date_to="2031-03-04"), {IDS.gazette, IDS.ledger}),
    (SearchFilters(kind="direct"), set()),  # a statement kind says nothing about whole articles
])
def test_search_articles(ro_store, filters, expected):
    assert {r["article_id"] for r in queries.search_articles(ro_store, "bridge", filters)} == expected


def test_search_results_are_capped(ro_store):
    assert len(queries.search_statements(ro_store, "is fine", limit=2)) == 2


def test_time_limit_interrupts_a_slow_query(ro_store):
    slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT count(*) FROM n")
    with pytest.raises(queries.QueryTimeout), queries.time_limit(ro_store, 0.05):
        ro_store.conn.execute(slow).fetchone()
    assert ro_store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5  # handler removed


def test_readonly_store_refuses_writes(ro_store):
    with pytest.raises(sqlite3.OperationalError):
        ro_store.conn.execute("DELETE FROM articles")


@pytest.mark.parametrize("text, words, size, expected", [
    ("the safe zone is safe", {"safe"}, 24, "the \x02safe\x03 zone is \x02safe\x03"),
    ("Café au lait", {"cafe"}, 24, "\x02Café\x03 au lait"),
    ("one two three four five six", {"five"}, 4, "…four \x02five\x03 six"),
    ("one two three four five six", {"one"}, 2, "\x02one\x03 two…"),
    ("nothing here", {"absent"}, 24, "nothing here"),
    ("", {"x"}, 24, ""),
])
def test_make_snippet(text, words, size, expected):
    assert queries.make_snippet(text, words, size=size) == expected
