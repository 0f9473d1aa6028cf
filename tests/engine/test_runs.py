"""Whole runs over shards: serial and Dask backends, the Dask path against the local path, resume after a kill.

Articles are generated (fictional, ~65 words each) so parsing stays cheap.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from newsprism.engine.parquet import load_dataset, manifest_path, part_path
from newsprism.engine.parquet import dataset_shard_ids
from newsprism.engine.shards import SerialBackend, ShardOptions, run_shards
from newsprism.engine.synthetic import fake_articles, write_jsonl, write_texts, write_warc
from newsprism.export import export_store
from newsprism.pipeline import run_analysis
from newsprism.store.db import Store


def _corpus(root: Path, n: int) -> list[str]:
    """``n`` generated articles spread over a WARC, a JSONL file and a folder of text files."""
    third = n // 3
    write_warc(root / "crawl.warc.gz", fake_articles(third, seed=11, prefix="w"))
    write_jsonl(root / "feed.jsonl", fake_articles(third, seed=12, prefix="j"))
    write_texts(root / "texts", fake_articles(n - 2 * third, seed=13, prefix="t"))
    return [str(root)]


def _table(outdir: Path, name: str):
    return ds.dataset(outdir / name, format="parquet").to_table()


def _ids(outdir: Path) -> list[str]:
    return _table(outdir, "articles").column("article_id").to_pylist()


@pytest.fixture(scope="module")
def dask_backend():
    from newsprism.engine.dask import DaskBackend

    backend = DaskBackend(workers=2)
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def small_inputs(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("small"), 24)


@pytest.mark.parametrize("backend_name", ["serial", "dask"])
def test_backend_writes_every_article_once(backend_name, small_inputs, tmp_path, request):
    backend = SerialBackend() if backend_name == "serial" else request.getfixturevalue("dask_backend")
    summary = run_shards(small_inputs, ShardOptions(outdir=str(tmp_path)), backend,
                         shard_bytes=1000, files_per_shard=2)
    assert summary.failed == []
    assert summary.shards > 8 and len(summary.written) == summary.shards  # more shards than tasks in flight
    ids = _ids(tmp_path)
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 24
    assert _table(tmp_path, "results").num_rows == 24
    assert _table(tmp_path, "quotes").num_rows > 0  # the templates quote people
    again = run_shards(small_inputs, ShardOptions(outdir=str(tmp_path)), backend,
                       shard_bytes=1000, files_per_shard=2)
    assert again.written == [] and again.already_done == summary.shards
    if backend_name == "dask":  # each worker process loaded spaCy once, for all its shards
        loads = backend.client.run(_spacy_loads)
        assert len(loads) == 2 and set(loads.values()) == {1}
        assert len({e["worker"] for e in summary.written}) == 2


def _spacy_loads() -> int:
    from newsprism.nlp import load_nlp

    return load_nlp.cache_info().misses


def _export(db: Path, outdir: Path) -> dict[str, list[str]]:
    with Store(db, readonly=True) as store:
        paths = export_store(store, outdir, "jsonl")
    return {table: path.read_text(encoding="utf-8").splitlines() for table, path in paths.items()}


@pytest.mark.slow
def test_dask_path_exports_what_the_local_path_exports(tmp_path, dask_backend):
    """The acceptance check: 500 articles through both paths, every export table identical."""
    inputs = _corpus(tmp_path / "in", 500)
    with Store(tmp_path / "local.db") as store:
        run_analysis(inputs, store)
    local = _export(tmp_path / "local.db", tmp_path / "local-export")

    outdir = tmp_path / "dataset"
    summary = run_shards(inputs, ShardOptions(outdir=str(outdir)), dask_backend, shard_bytes=16_000,
                         files_per_shard=40)
    assert summary.failed == [] and summary.shards >= 6
    from newsprism.link import update_corpus

    with Store(tmp_path / "dask.db") as store:
        report = load_dataset(outdir, store)
        update_corpus(store)
    assert len(report.stored) == 500
    sharded = _export(tmp_path / "dask.db", tmp_path / "dask-export")
    assert len(local["articles"]) == 500
    assert len(local["quotes"]) > 500 and len(local["claims"]) > 100 and len(local["stories"]) > 10
    for table in local:
        assert sharded[table] == local[table], table

    # The dataset itself holds the contract rows the store exports (before corpus-level columns).
    parquet_quotes = _table(outdir, "quotes").to_pylist()
    exported = [json.loads(line) for line in local["quotes"]]
    def key(row):
        return row["article_id"], row["start"], row["end"]

    assert sorted((dict(r, speaker_id=None) for r in parquet_quotes), key=key) == \
        sorted((dict(r, speaker_id=None) for r in exported), key=key)


def _mtimes(outdir: Path, shard_ids) -> dict[str, int]:
    return {sid: manifest_path(outdir, sid).stat().st_mtime_ns for sid in shard_ids}


def test_resume_rewrites_only_unfinished_shards(tmp_path, small_inputs):
    outdir = tmp_path / "dataset"
    options = ShardOptions(outdir=str(outdir))
    first = run_shards(small_inputs, options, SerialBackend(), shard_bytes=1000, files_per_shard=2)
    ids = [e["shard_id"] for e in first.written]
    # Simulate a kill at two moments: after the files were renamed but before the manifest
    # entry (shard 0), and in the middle of the renames (shard 1, one table missing).
    manifest_path(outdir, ids[0]).unlink()
    manifest_path(outdir, ids[1]).unlink()
    part_path(outdir, "quotes", ids[1]).unlink()
    before = _mtimes(outdir, ids[2:])
    time.sleep(0.01)
    second = run_shards(small_inputs, options, SerialBackend(), shard_bytes=1000, files_per_shard=2)
    assert sorted(e["shard_id"] for e in second.written) == sorted(ids[:2])
    assert _mtimes(outdir, ids[2:]) == before
    article_ids = _ids(outdir)
    assert len(article_ids) == len(set(article_ids)) == 24
    assert len(dataset_shard_ids(outdir)) == len(ids)


def test_killed_run_resumes_without_duplicates(tmp_path):
    """kill -9 a real `newsprism analyze --parquet` run mid-way, run it again, then load it."""
    inputs = _corpus(tmp_path / "in", 60)
    outdir = tmp_path / "dataset"
    command = [sys.executable, "-c", "from newsprism.cli import main; main()", "analyze", *inputs, "--parquet", str(outdir),
               "--workers", "1", "--quiet", "--batch-size", "4"]
    env = dict(os.environ, NEWSPRISM_SHARD_BYTES="1500")
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((outdir / "_manifest").glob("*.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = {p.stem: p.stat().st_mtime_ns for p in (outdir / "_manifest").glob("*.json")}
    plan = json.loads((outdir / "_plan.json").read_text())
    assert 2 <= len(finished) < len(plan["shards"]), "the kill should land mid-way"
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = {p.stem: p.stat().st_mtime_ns for p in (outdir / "_manifest").glob("*.json")}
    assert {k: after[k] for k in finished} == finished  # finished shards were not redone
    assert len(after) == len(plan["shards"])
    article_ids = _ids(outdir)
    assert len(article_ids) == len(set(article_ids)) == 60
    assert not list(outdir.rglob(".*tmp*"))  # what the killed run was writing is gone
    from typer.testing import CliRunner

    from newsprism.cli import app

    db = tmp_path / "news.db"
    for _ in range(2):  # loading twice changes nothing
        loaded = CliRunner().invoke(app, ["load", str(outdir), "--db", str(db), "--quiet", "--write-back"])
        assert loaded.exit_code == 0, loaded.output
    with Store(db, readonly=True) as store:
        assert store.count("articles") == 60
        assert store.count("pending") == 0  # the corpus phase ran
    assert (outdir / "corpus" / "stories.parquet").exists()


def test_a_failing_shard_is_reported_and_retried(tmp_path, monkeypatch):
    inputs = _corpus(tmp_path / "in", 6)
    options = ShardOptions(outdir=str(tmp_path / "dataset"))
    import newsprism.engine.shards as shards_module

    real_read = shards_module.read_shard

    def flaky_read(shard, **kwargs):
        if shard.kind == "jsonl":
            raise OSError("disk went away")
        return real_read(shard, **kwargs)

    monkeypatch.setattr(shards_module, "read_shard", flaky_read)
    first = run_shards(inputs, options, SerialBackend())
    assert [reason for _, reason in first.failed] == ["OSError: disk went away"]
    assert first.articles == 4
    assert not list((tmp_path / "dataset").rglob(".*tmp*"))  # the failed shard left no partial file
    monkeypatch.setattr(shards_module, "read_shard", real_read)
    second = run_shards(inputs, options, SerialBackend())
    assert second.failed == [] and second.articles == 2 and second.already_done == first.shards - 1


def test_duplicates_are_stored_once_like_the_local_path(tmp_path):
    """The same text in two shards: in the dataset twice, in the store once, reported as on the local path."""
    root = tmp_path / "in"
    articles = list(fake_articles(3, seed=21, prefix="d"))
    write_jsonl(root / "feed.jsonl", articles)
    (root / "copies").mkdir()
    (root / "copies" / "copy.txt").write_text(articles[0].text, encoding="utf-8")  # the first one again
    inputs = [str(root)]
    with Store(tmp_path / "local.db") as store:
        run_analysis(inputs, store, corpus_phase=False)
    outdir = tmp_path / "dataset"
    run_shards(inputs, ShardOptions(outdir=str(outdir)), SerialBackend(), files_per_shard=1)
    assert len(_ids(outdir)) == 4
    with Store(tmp_path / "sharded.db") as store:
        report = load_dataset(outdir, store)
    assert len(report.stored) == 3 and len(report.duplicates) == 1
    local = _export(tmp_path / "local.db", tmp_path / "local-export")
    sharded = _export(tmp_path / "sharded.db", tmp_path / "sharded-export")
    assert local["articles"] == sharded["articles"]
    assert local["skipped"] == sharded["skipped"] and "duplicate of article" in local["skipped"][0]
