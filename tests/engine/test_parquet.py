"""Parquet rows and files: the export contract's schema, lossless records, atomic shard writes (no spaCy)."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from newsprism.engine.parquet import (
    SHARD_TABLES,
    ShardWriter,
    arrow_schema,
    finished_shards,
    part_path,
    result_from_json,
    result_rows,
    result_to_json,
)
from newsprism.export import parquet_schema
from newsprism.records import Article, ArticleResult, Claim, LoadedSpan, LocalEntity, Mention, Skipped, Statement
from newsprism.store.schema import EXPORT_COLUMNS

TEXT = 'Mara Velsen said "the barrier holds" and 300 people left. It was reckless.'


def _result(article_id="a1") -> ArticleResult:
    """A hand-built (fictional) result with every kind of record and a repeated span."""
    article = Article(article_id, TEXT, source_path="x.txt", outlet="Veyra Daily", authors=("Noor Brask",))
    statement = Statement(12, 35, '"the barrier holds"', "direct", speaker="Mara Velsen", speaker_key=0,
                          speaker_type="person", speaker_start=0, speaker_end=11, cue="said", cue_lemma="say",
                          cue_start=12, cue_end=16, quoted=((17, 34),))
    return ArticleResult(
        article=article,
        statements=(statement, statement),
        entities=(LocalEntity(0, "Mara Velsen", "person", aliases=("Velsen",), roles=("Minister",)),),
        mentions=(Mention(0, 11, "Mara Velsen", "name", 0), Mention(0, 11, "Mara Velsen", "name", 0)),
        claims=(Claim(40, 50, "300 people", 300.0, unit="people", about="displaced"),),
        loaded=(LoadedSpan(64, 72, "reckless", "evaluative"),),
    )


def test_lossless_round_trip():
    result = _result()
    assert result_from_json(result.article, result_to_json(result)) == result


@pytest.mark.parametrize("table, expected", [
    ("articles", 1), ("quotes", 1), ("mentions", 1), ("claims", 1), ("loaded", 1), ("results", 1),
])
def test_rows_follow_the_contract_and_drop_repeats(table, expected):
    rows = result_rows(_result())[table]
    assert len(rows) == expected
    columns = ("article_id", "payload") if table == "results" else EXPORT_COLUMNS[table]
    assert tuple(rows[0]) == columns


def test_corpus_columns_are_empty_before_the_corpus_phase():
    rows = result_rows(_result())
    assert rows["quotes"][0]["speaker_id"] is None
    assert rows["mentions"][0]["entity_id"] is None
    assert rows["quotes"][0]["quote_id"] == "a1:12-35"


@pytest.mark.parametrize("table", [t for t in SHARD_TABLES if t != "results"])
def test_schema_is_the_export_schema(table):
    assert arrow_schema(table) == parquet_schema(table)


def test_shard_files_appear_only_on_commit(tmp_path):
    writer = ShardWriter(tmp_path, "s1", row_group=1)
    writer.add_result(_result("a1"))
    writer.add_result(_result("a2"))
    writer.add_skipped(Skipped("bad.bin", "binary file"))
    assert not part_path(tmp_path, "articles", "s1").exists()
    assert finished_shards(tmp_path, ["s1"]) == {}
    entry = writer.commit({"note": "test"})
    assert entry["rows"]["articles"] == 2 and entry["rows"]["skipped"] == 1
    assert set(finished_shards(tmp_path, ["s1"])) == {"s1"}
    table = pq.read_table(part_path(tmp_path, "articles", "s1"))
    assert table.column("article_id").to_pylist() == ["a1", "a2"]
    assert table.schema == parquet_schema("articles")
    assert not list(tmp_path.rglob(".*tmp*"))


def test_aborted_shard_leaves_nothing(tmp_path):
    writer = ShardWriter(tmp_path, "s2")
    writer.add_result(_result())
    writer.abort()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert finished_shards(tmp_path, ["s2"]) == {}
