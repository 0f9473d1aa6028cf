"""Export: one file per table, same names for every format, contract columns."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from newsprism.export import export_store
from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store
from newsprism.store.schema import EXPORT_COLUMNS


@pytest.fixture
def store(db_path):
    with Store(db_path) as store:
        store.write_results([ArticleResult(Article("x1", "Héllo “world”.\nSecond line.", title="T",
                                                   authors=("A", "B")))])
        yield store


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_every_table_is_written(store, tmp_path, fmt):
    written = export_store(store, tmp_path / "out", fmt)
    assert set(written) == set(EXPORT_COLUMNS)
    assert all(path.name == f"{table}.{fmt}" and path.exists() for table, path in written.items())


def test_jsonl_keeps_text_and_lists(store, tmp_path):
    export_store(store, tmp_path, "jsonl")
    row = json.loads((tmp_path / "articles.jsonl").read_text(encoding="utf-8"))
    assert row["text"] == "Héllo “world”.\nSecond line."
    assert row["authors"] == ["A", "B"]
    assert list(row) == list(EXPORT_COLUMNS["articles"])


def test_csv_header_is_the_contract(store, tmp_path):
    export_store(store, tmp_path, "csv")
    with (tmp_path / "quotes.csv").open(encoding="utf-8") as f:
        assert tuple(next(csv.reader(f))) == EXPORT_COLUMNS["quotes"]


def test_parquet_schema_and_values(store, tmp_path):
    export_store(store, tmp_path, "parquet")
    table = pq.read_table(tmp_path / "articles.parquet")
    assert tuple(table.column_names) == EXPORT_COLUMNS["articles"]
    assert table.column("authors").to_pylist() == [["A", "B"]]
    assert pq.read_table(tmp_path / "links.parquet").num_rows == 0


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export_store(store, tmp_path, "xml")
