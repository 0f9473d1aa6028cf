"""The corpus phase on Dask gives the tables of the local corpus phase (``newsprism load --engine dask``)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.engine.parquet import write_results_dataset
from newsprism.engine.synthetic import analysed_corpus
from newsprism.store.db import Store

#: Tables the corpus phase writes (or updates): compared row for row, in stored order.
CORPUS_TABLES = ("entities", "entity_keys", "links", "local_entities", "meta", "pending", "quote_shingles",
                 "quotes", "signatures", "stories", "story_articles", "story_bands", "term_df")


def _load(dataset, db, *extra) -> dict:
    result = CliRunner().invoke(app, ["load", str(dataset), "--db", str(db), "--quiet", *extra])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        return store.dump()


@pytest.mark.slow
def test_dask_corpus_phase_gives_the_local_tables(tmp_path):
    results = analysed_corpus(160, seed=14)
    # a repeated text (stored once) and a clashing id (stored as ID~2) in another shard
    results.append(results[3])
    results.append(analysed_corpus(1, seed=99)[0].__class__(
        article=results[5].article.__class__(article_id=results[5].article.article_id, text="A different text.",
                                             source_path="elsewhere.txt")))
    write_results_dataset(tmp_path / "ds", results, per_shard=40)
    local = _load(tmp_path / "ds", tmp_path / "local.db")
    dask = _load(tmp_path / "ds", tmp_path / "dask.db", "--engine", "dask", "--workers", "2")
    for table in CORPUS_TABLES:
        assert dask[table] == local[table], table
    assert dask == local
    # the phase did place, merge and link: the comparison is not between empty tables
    assert len(local["stories"]) > 30 and len(local["links"]) > 100 and len(local["entities"]) > 30
    assert not local["pending"]
    assert (tmp_path / "ds" / "corpus_phase" / "links.parquet").exists()


@pytest.mark.parametrize("args, message", [
    (["--engine", "spark"], "--engine 'spark'"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["--engine", "dask", "--corpus-every", "10"], "--corpus-every works with --engine local only"),
])
def test_load_refuses_option_mixes(tmp_path, args, message):
    write_results_dataset(tmp_path / "ds", analysed_corpus(4, seed=2))
    result = CliRunner().invoke(app, ["load", str(tmp_path / "ds"), "--db", str(tmp_path / "x.db"), "--quiet", *args])
    assert result.exit_code != 0
    assert message in result.output + str(result.exception)


def test_dask_corpus_phase_needs_a_fresh_store(tmp_path):
    write_results_dataset(tmp_path / "ds", analysed_corpus(6, seed=3))
    _load(tmp_path / "ds", tmp_path / "x.db")  # placed locally
    write_results_dataset(tmp_path / "more", analysed_corpus(6, seed=4))
    result = CliRunner().invoke(app, ["load", str(tmp_path / "more"), "--db", str(tmp_path / "x.db"), "--quiet",
                                      "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0
    assert "fresh database" in result.output + str(result.exception)
