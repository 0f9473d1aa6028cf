"""Article identity across runs (issue 12, item 1): a later run never overwrites an earlier run's article.

Same id + a different text from another source → stored as ``ID~2`` and reported as an id clash;
the same source path (an edited file) or ``replace=True`` / ``--replace`` replaces. All texts are FICTIONAL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.pipeline import run_analysis, same_source
from newsprism.store.db import Store

MONDAY = "Harbour Reopens in Corvana\n\nMayor Ines Tallo said on Monday that the harbour would reopen.\n"
TUESDAY = "Council Delays Budget\n\nThe Valdorian council delayed the budget vote on Tuesday, a spokesman said.\n"
WEDNESDAY = "Dockworkers Strike\n\nDockworkers in Corvana walked out on Wednesday over pay, their union said.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _texts(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT article_id, text FROM articles"))


def _run(inputs, db: Path, **options):
    clashes = []
    with Store(db) as store:
        report = run_analysis([str(i) for i in inputs], store, corpus_phase=False, on_clash=clashes.append,
                              **options)
    assert clashes == report.clashes
    return report


def test_same_stem_in_two_runs_keeps_both(tmp_path):
    db = tmp_path / "news.db"
    a = _write(tmp_path / "a" / "x.txt", MONDAY)
    b = _write(tmp_path / "b" / "x.txt", TUESDAY)
    _run([a], db)
    report = _run([b], db)
    assert _texts(db) == {"x": MONDAY, "x~2": TUESDAY}
    (clash,) = report.clashes
    assert (clash.article_id, clash.stored_as, clash.source_path, clash.held_by) == ("x", "x~2", str(b), str(a))
    assert report.stored == ["x~2"]
    # a third source takes the next free id; re-running the second changes nothing
    c = _write(tmp_path / "c" / "x.txt", WEDNESDAY)
    assert _run([c], db).stored == ["x~3"]
    again = _run([b], db)
    assert again.stored == [] and again.unchanged == ["x~2"] and not again.clashes and not again.duplicates
    assert _texts(db) == {"x": MONDAY, "x~2": TUESDAY, "x~3": WEDNESDAY}


def test_daily_feeds_without_ids_keep_every_day(tmp_path):
    db = tmp_path / "news.db"
    day1 = _write(tmp_path / "2025-03-03" / "feed.jsonl", json.dumps({"text": MONDAY}) + "\n")
    day2 = _write(tmp_path / "2025-03-04" / "feed.jsonl", json.dumps({"text": TUESDAY}) + "\n")
    _run([day1], db)
    report = _run([day2], db)
    assert _texts(db) == {"feed-1": MONDAY, "feed-1~2": TUESDAY}
    assert [c.stored_as for c in report.clashes] == ["feed-1~2"]


def test_json_ids_reused_across_runs(tmp_path):
    db = tmp_path / "news.db"
    one = _write(tmp_path / "one.jsonl", json.dumps({"id": "a1", "text": MONDAY}) + "\n")
    two = _write(tmp_path / "two.jsonl", json.dumps({"id": "a1", "text": TUESDAY}) + "\n"
                 + json.dumps({"id": "a1~2", "text": WEDNESDAY}) + "\n")
    _run([one], db)
    report = _run([two], db)
    # "a1" clashes and moves to a1~2 — which the next record of the same run names itself: it moves on to a1~3
    assert _texts(db) == {"a1": MONDAY, "a1~2": TUESDAY, "a1~3": WEDNESDAY}
    assert [(c.article_id, c.stored_as) for c in report.clashes] == [("a1", "a1~2"), ("a1~2", "a1~3")]


@pytest.mark.parametrize("how", ["same path", "replace"])
def test_replacing_is_explicit(tmp_path, how):
    db = tmp_path / "news.db"
    a = _write(tmp_path / "a" / "x.txt", MONDAY)
    _run([a], db)
    if how == "same path":  # the file was edited: the new text replaces the old under the same id
        _write(a, TUESDAY)
        report = _run([a], db)
    else:
        b = _write(tmp_path / "b" / "x.txt", TUESDAY)
        report = _run([b], db, replace=True)
    assert _texts(db) == {"x": TUESDAY}
    assert report.replaced == ["x"] and not report.clashes


def test_same_text_from_another_source_is_still_a_duplicate_not_a_clash(tmp_path):
    db = tmp_path / "news.db"
    _run([_write(tmp_path / "a" / "x.txt", MONDAY)], db)
    report = _run([_write(tmp_path / "b" / "x.txt", MONDAY)], db)
    assert report.unchanged == ["x"] and not report.clashes
    assert _texts(db) == {"x": MONDAY}


@pytest.mark.parametrize("a, b, same", [
    ("d/x.txt", "d/x.txt", True), ("d/x.txt", "d/./x.txt", True), ("d/x.txt", "e/x.txt", False),
    ("d/x.txt", None, False), (None, None, False),
])
def test_same_source(tmp_path, monkeypatch, a, b, same):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "d" / "x.txt", MONDAY)
    _write(tmp_path / "e" / "x.txt", MONDAY)
    assert same_source(a, b) is same


def test_cli_reports_the_clash_and_replace_replaces(tmp_path):
    a = _write(tmp_path / "a" / "x.txt", MONDAY)
    b = _write(tmp_path / "b" / "x.txt", TUESDAY)
    env = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "newsprism", "analyze", *args, "--db", "n.db", "--quiet"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    assert cli(str(a)).returncode == 0
    second = cli(str(b))
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"id clash 'x' is held by {a}; {b} is stored as 'x~2'" in second.stdout + second.stderr
    assert _texts(tmp_path / "n.db") == {"x": MONDAY, "x~2": TUESDAY}
    c = _write(tmp_path / "c" / "x.txt", WEDNESDAY)
    third = cli(str(c), "--replace")
    assert third.returncode == 0, third.stderr[-2000:]
    assert _texts(tmp_path / "n.db") == {"x": WEDNESDAY, "x~2": TUESDAY}


def test_the_shard_path_keeps_both_texts_of_one_id(tmp_path):
    """Two files whose records share an id land in different shards; loading stores the later as ID~2."""
    from newsprism.engine.parquet import load_dataset
    from newsprism.engine.shards import SerialBackend, ShardOptions, run_shards

    one = _write(tmp_path / "in" / "one.jsonl", json.dumps({"id": "a", "text": MONDAY}) + "\n")
    two = _write(tmp_path / "in" / "two.jsonl", json.dumps({"id": "a", "text": TUESDAY}) + "\n")
    options = ShardOptions(outdir=str(tmp_path / "ds"))
    assert not run_shards([str(one), str(two)], options, SerialBackend()).failed
    clashes = []
    with Store(tmp_path / "n.db") as store:
        report = load_dataset(tmp_path / "ds", store, on_clash=clashes.append)
        again = load_dataset(tmp_path / "ds", store)
    assert _texts(tmp_path / "n.db") == {"a": MONDAY, "a~2": TUESDAY}
    assert [(c.article_id, c.stored_as) for c in clashes] == [("a", "a~2")] and report.stored == ["a", "a~2"]
    assert again.stored == [] and sorted(again.unchanged) == ["a", "a~2"]
