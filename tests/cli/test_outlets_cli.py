"""CLI: outlet metadata from a user's file (`outlets --meta`, `analyze --outlet-meta`); FICTIONAL outlets."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "x.db"
    with Store(path) as store:
        store.write_results([ArticleResult(article=Article("a", "Ferry runs.", outlet="Valdoria Today")),
                             ArticleResult(article=Article("b", "Bridge shuts.", outlet="Meridian Wire"))])
    return path


def _outlets(db, *extra):
    result = runner.invoke(app, ["outlets", "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.output
    return {row["outlet"]: row for row in map(json.loads, result.stdout.splitlines())}


def test_outlets_meta_stores_and_lists(db, tmp_path):
    meta = tmp_path / "outlets.csv"
    meta.write_text("outlet,country,owner,lean,founded\nValdoria Today,Valdoria,Marrow Holdings,centre-right,1987\n"
                    "Gone Gazette,Estrania,,left,\n", encoding="utf-8")
    rows = _outlets(db, "--meta", str(meta))
    assert (rows["Valdoria Today"]["country"], rows["Valdoria Today"]["lean"]) == ("Valdoria", "centre-right")
    assert rows["Valdoria Today"]["extra"] == {"founded": "1987"}
    assert rows["Meridian Wire"]["country"] is None  # not in the file: nothing invented
    assert "Gone Gazette" not in rows
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM outlet_meta").fetchone()[0] == 2
    again = runner.invoke(app, ["outlets", "--db", str(db), "--meta", str(meta)])
    assert again.exit_code == 0
    said = " ".join(again.output.split())
    assert "0 added, 0 changed, 2 unchanged" in said and "Gone Gazette" in said and "no articles" in said
    table = runner.invoke(app, ["outlets", "--db", str(db)])
    assert "lean" in table.stdout and "country" in table.stdout and "centr" in table.stdout  # narrow: folded


@pytest.mark.parametrize("content, says", [("country,lean\nx,y\n", "no outlet column"), ("", "empty file")])
def test_outlets_meta_refuses_unusable_files(db, tmp_path, content, says):
    meta = tmp_path / "outlets.csv"
    meta.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["outlets", "--db", str(db), "--meta", str(meta)])
    assert result.exit_code == 1 and says in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM outlet_meta").fetchone()[0] == 0


def test_outlets_meta_needs_an_existing_database(tmp_path):
    meta = tmp_path / "outlets.csv"
    meta.write_text("outlet\nA\n", encoding="utf-8")
    result = runner.invoke(app, ["outlets", "--db", str(tmp_path / "none.db"), "--meta", str(meta)])
    assert result.exit_code == 1 and not (tmp_path / "none.db").exists()


def test_analyze_outlet_meta(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ferry Runs Again\n\nThe harbourmaster said the ferry would run.\n", encoding="utf-8")
    (corpus / "meta.csv").write_text("article_id,outlet\na,Valdoria Today\n", encoding="utf-8")
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("outlet,lean\nValdoria Today,centre-right\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["analyze", str(corpus), "--db", str(db), "-q", "--outlet-meta", str(outlets)])
    assert result.exit_code == 0, result.output
    assert _outlets(db)["Valdoria Today"]["lean"] == "centre-right"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_outlet_metadata_is_exported(db, tmp_path, fmt):
    meta = tmp_path / "outlets.csv"
    meta.write_text("outlet,lean,founded\nValdoria Today,centre-right,1987\n", encoding="utf-8")
    assert runner.invoke(app, ["outlets", "--db", str(db), "--meta", str(meta)]).exit_code == 0
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, str(out)])
    assert result.exit_code == 0, result.output
    text = (out / f"outlet_meta.{fmt}").read_text(encoding="utf-8")
    assert "Valdoria Today" in text and "centre-right" in text and "founded" in text and "1987" in text
    assert "Meridian Wire" not in text  # not described: no row
