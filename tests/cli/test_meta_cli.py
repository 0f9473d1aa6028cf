"""CLI: several --meta files and a meta.csv inside the input folder (FICTIONAL inputs)."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from newsprism.cli import app

runner = CliRunner()


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Valdoria Opens Grain Talks\n\nThe minister said on Tuesday that the talks "
                                  "would go on.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Corvana Ferry Runs Again\n\nThe harbourmaster said the ferry would run all "
                                  "winter.\n", encoding="utf-8")
    return corpus


def _stored(db) -> dict:
    with sqlite3.connect(db) as conn:
        return {r[0]: r[1:] for r in conn.execute("SELECT article_id, outlet, published FROM articles")}


def test_two_meta_files_merge_and_conflicts_name_both(tmp_path):
    corpus = _corpus(tmp_path)
    one = tmp_path / "one.csv"
    one.write_text("article_id,outlet,date\na,Valdoria Today,2025-03-06\nb,Corvana Herald,\n", encoding="utf-8")
    two = tmp_path / "two.csv"
    two.write_text("article_id,date\na,2025-03-07\nb,2025-03-09\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["analyze", str(corpus), "--meta", str(one), "--meta", str(two), "--db", str(db),
                                 "-q"])
    assert result.exit_code == 0, result.output
    assert _stored(db) == {"a": ("Valdoria Today", "2025-03-07"), "b": ("Corvana Herald", "2025-03-09")}
    output = " ".join(result.output.split())
    assert "metadata conflict" in output and "one.csv" in output and "two.csv" in output
    assert output.count("metadata conflict") == 1  # b's date was new, not a conflict


def test_meta_csv_in_the_folder_is_used_not_skipped(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "meta.csv").write_text("article_id,outlet,date\na,Valdoria Today,2025-03-06\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "-q", "--strict"])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output.replace("0 skipped", "")
    assert _stored(db)["a"] == ("Valdoria Today", "2025-03-06")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM skipped").fetchone()[0] == 0


def test_shard_engines_refuse_several_meta_files(tmp_path):
    corpus = _corpus(tmp_path)
    (corpus / "meta.csv").write_text("article_id,outlet\na,Valdoria Today\n", encoding="utf-8")
    more = tmp_path / "more.csv"
    more.write_text("article_id,outlet\nb,Corvana Herald\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(corpus), "--meta", str(more), "--engine", "dask",
                                 "--db", str(tmp_path / "x.db"), "-q"])
    assert result.exit_code != 0
    assert "metadata files" in " ".join(result.output.split())
