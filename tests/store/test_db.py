"""The store: records in, records out; duplicates, replacements, read-only mode, export rows."""

from __future__ import annotations

import sqlite3

import pytest

from newsprism.records import Article, ArticleResult, Claim, LoadedSpan, LocalEntity, Mention, Skipped, Statement
from newsprism.store.db import Store, StoreError
from newsprism.store.schema import EXPORT_COLUMNS

TEXT = "Minister Vela said the bridge would reopen. “It is safe,” she insisted."


def _result(article_id="a1", text=TEXT) -> ArticleResult:
    article = Article(article_id, text, source_path=f"{article_id}.txt", outlet="example.org",
                      title="Bridge", published="2031-05-02", date_source="meta", authors=("R. Ortiz",))
    quote_start = text.index("“")
    return ArticleResult(
        article=article,
        statements=(Statement(quote_start, quote_start + 12, text[quote_start:quote_start + 12], "direct",
                              speaker="Ana Vela", speaker_key=0, cue="insisted", cue_lemma="insist"),),
        entities=(LocalEntity(0, "Ana Vela", "person", ("Vela",), ("Minister",)),),
        mentions=(Mention(9, 13, "Vela", "name", 0),),
        claims=(Claim(0, 4, "Mini", None),),
        loaded=(LoadedSpan(60, 68, text[60:68], "evaluative_verb"),),
    )


def test_write_and_read_back(db_path):
    with Store(db_path) as store:
        outcome = store.write_results([_result()])
        assert outcome.stored == ["a1"]
        assert store.article("a1") == _result().article
        assert {t: store.count(t) for t in ("articles", "quotes", "mentions", "claims", "loaded")} == {
            "articles": 1, "quotes": 1, "mentions": 1, "claims": 1, "loaded": 1}
        assert store.pending_ids() == ["a1"]


def test_same_text_under_another_id_is_a_duplicate(db_path):
    with Store(db_path) as store:
        store.write_results([_result("a1")])
        outcome = store.write_results([_result("a2")])
        assert outcome.stored == [] and outcome.duplicates == [("a2", "a1")]
        assert store.count("articles") == 1


def test_same_id_same_text_is_unchanged_and_new_text_replaces(db_path):
    with Store(db_path) as store:
        store.write_results([_result()])
        assert store.write_results([_result()]).unchanged == ["a1"]
        new = _result(text=TEXT.replace("bridge", "tunnel"))
        assert store.write_results([new]).stored == ["a1"]
        assert store.count("articles") == 1
        assert "tunnel" in store.article("a1").text


def test_full_text_search_follows_inserts_and_deletes(db_path):
    with Store(db_path) as store:
        store.write_results([_result()])
        hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'text:bridge'")
        assert len(hits) == 1
        store.write_results([_result(text=TEXT.replace("bridge", "tunnel"))])
        assert store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'text:bridge'") == []
        assert len(store.query("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'safe'")) == 1


def test_wal_mode(db_path):
    Store(db_path).close()
    assert sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_readonly_store_refuses_writes_and_missing_files(db_path):
    Store(db_path).close()
    with Store(db_path, readonly=True) as store:
        with pytest.raises(sqlite3.OperationalError):
            store.write_skipped([Skipped("x", "y")])
    with pytest.raises(StoreError, match="no such database"):
        Store(db_path.with_name("missing.db"), readonly=True)


def test_export_rows_have_exactly_the_contract_columns(db_path):
    with Store(db_path) as store:
        store.write_results([_result()])
        store.write_skipped([Skipped("bad.bin", "binary file")])
        for table, columns in EXPORT_COLUMNS.items():
            for row in store.export_rows(table):
                assert tuple(row) == columns, table
        quote = next(store.export_rows("quotes"))
        assert TEXT[quote["start"]:quote["end"]] == quote["text"]


def test_unknown_table_is_an_error(db_path):
    with Store(db_path) as store, pytest.raises(StoreError):
        list(store.export_rows("nope"))
