"""Exports are consistent and atomic: one snapshot, files renamed into place, a manifest written last."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import newsprism.export as export
from newsprism.export import MANIFEST, export_store, read_manifest
from newsprism.records import Article, ArticleResult, Statement
from newsprism.store.db import Store
from newsprism.store.schema import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


def article(i: int) -> ArticleResult:
    quote = f"Fictional statement number {i} about the harbour of Velsen"
    text = f"Headline {i}\n\n\"{quote},\" the mayor said."
    start = text.index(quote)
    return ArticleResult(Article(f"a{i:04d}", text), statements=(
        Statement(start=start, end=start + len(quote), text=quote, kind="direct", speaker="the mayor"),))


@pytest.fixture
def filled(db_path):
    with Store(db_path) as store:
        store.write_results([article(i) for i in range(30)])
    return db_path


def rows_in(path: Path, fmt: str) -> int:
    if fmt == "parquet":
        return pq.read_metadata(path).num_rows
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1 if fmt == "csv" else sum(1 for _ in f)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_manifest_lists_every_file_with_rows_size_and_hash(filled, tmp_path, fmt):
    with Store(filled, readonly=True) as store:
        written = export_store(store, tmp_path / "out", fmt)
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["format"] == fmt and set(manifest["tables"]) == set(EXPORT_COLUMNS)
    for table, info in manifest["tables"].items():
        path = written[table]
        assert info["file"] == path.name and info["bytes"] == path.stat().st_size
        assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert info["rows"] == rows_in(path, fmt)
    assert manifest["tables"]["articles"]["rows"] == 30 and manifest["tables"]["quotes"]["rows"] == 30
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")] == []


def test_all_tables_come_from_one_snapshot(filled, tmp_path, monkeypatch):
    """Before: each table was read at its own moment, so rows written meanwhile by another
    process appeared in some files (statements whose article is not in articles.jsonl)."""
    reads = []
    original = Store.export_rows

    def export_rows(self, table):
        if table == "quotes":  # articles already written: another process adds one article now
            with Store(filled) as writer:
                writer.write_results([article(999)])
        reads.append(table)
        return original(self, table)

    monkeypatch.setattr(Store, "export_rows", export_rows)
    with Store(filled, readonly=True) as store:
        export_store(store, tmp_path, "jsonl")
    articles = {json.loads(line)["article_id"] for line in (tmp_path / "articles.jsonl").open()}
    quoted = {json.loads(line)["article_id"] for line in (tmp_path / "quotes.jsonl").open()}
    assert "quotes" in reads and len(articles) == 30 and quoted <= articles


def test_reexport_in_another_format_leaves_one_export(filled, tmp_path):
    """Before: a folder exported as JSONL then as CSV held both, with nothing saying which was current."""
    with Store(filled, readonly=True) as store:
        export_store(store, tmp_path / "out", "jsonl")
        export_store(store, tmp_path / "out", "csv")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([MANIFEST, *(f"{t}.csv" for t in EXPORT_COLUMNS)])
    assert read_manifest(tmp_path / "out")["format"] == "csv"


def test_files_not_from_an_export_are_left_alone(filled, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (tmp_path / "outside.txt").write_text("mine too")
    with Store(filled, readonly=True) as store:
        export_store(store, out, "jsonl")
        manifest = read_manifest(out)
        manifest["tables"]["articles"]["file"] = "../outside.txt"  # a tampered manifest names a file elsewhere
        (out / MANIFEST).write_text(json.dumps(manifest))
        export_store(store, out, "csv")
    assert (out / "notes.txt").read_text() == "mine" and (tmp_path / "outside.txt").read_text() == "mine too"
    assert not list(out.glob("quotes.jsonl"))


def test_parquet_is_written_in_row_groups(filled, tmp_path):
    """Before: each table was gathered whole in memory and written as one table."""
    with Store(filled, readonly=True) as store:
        export_store(store, tmp_path, "parquet", batch_rows=7)
    meta = pq.read_metadata(tmp_path / "articles.parquet")
    assert meta.num_rows == 30 and meta.num_row_groups == 5
    assert pq.read_table(tmp_path / "articles.parquet").column("article_id").to_pylist() == \
        [f"a{i:04d}" for i in range(30)]


def test_a_failed_export_keeps_the_previous_one(filled, tmp_path, monkeypatch):
    out = tmp_path / "out"
    with Store(filled, readonly=True) as store:
        export_store(store, out, "jsonl")
        before = {p.name: p.read_bytes() for p in out.iterdir()}

        def broken(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setitem(export._WRITERS, "jsonl", broken)
        with pytest.raises(OSError, match="disk full"):
            export_store(store, out, "jsonl")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


#: A child that exports and stops (says HANG) after ``rows`` rows of the mentions-sized table.
CHILD = textwrap.dedent("""
    import sys, time
    import newsprism.export as export
    from newsprism.store.db import Store

    db, outdir, table, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    original = Store.export_rows

    def export_rows(self, name):
        for i, row in enumerate(original(self, name)):
            if name == table and i == rows:
                print("HANG", flush=True)
                time.sleep(120)
            yield row

    Store.export_rows = export_rows
    with Store(db, readonly=True) as store:
        export.export_store(store, outdir, "jsonl")
""")


@pytest.mark.slow
@pytest.mark.parametrize("table, rows", [("articles", 10), ("quotes", 20), ("skipped", 0)])
def test_kill_9_during_export_leaves_no_partial_file(filled, tmp_path, table, rows):
    """Before: a killed export left truncated files under their final names, every line parsing."""
    outdir = tmp_path / "out"
    if table == "skipped":
        from newsprism.records import Skipped

        with Store(filled) as store:
            store.write_skipped([Skipped("x.txt", "empty")])
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(filled), str(outdir), table, str(rows)],
                               stdout=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                               cwd=ROOT)
    assert process.stdout.readline().strip() == "HANG"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert not any(p.suffix == ".jsonl" for p in outdir.iterdir())  # nothing under a final name
    assert not (outdir / MANIFEST).exists()
    with Store(filled, readonly=True) as store:
        export_store(store, outdir, "jsonl")
        export_store(store, tmp_path / "clean", "jsonl")
    assert sorted(p.name for p in outdir.iterdir()) == sorted(p.name for p in (tmp_path / "clean").iterdir())
    for path in (tmp_path / "clean").iterdir():
        assert (outdir / path.name).read_bytes() == path.read_bytes()
