"""kill -9 in the middle of a 200-article run, then the same command again: exactly 200 articles, no duplicates.

The articles are short and FICTIONAL (generated here), so parsing is quick.
Writes commit per batch; the test kills the run once some batches are
committed, reruns it to completion, and checks that a third run changes nothing.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_ARTICLES = 200
TOWNS = ["Corvana", "Hollin", "Marren", "Dask", "Lessa", "Tirel", "Osby", "Varn"]


def write_articles(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"story-{i:03d}.txt").write_text(
            f"{town} Council Approves Plan {i}\n\n"
            f"The council of {town} approved plan {i} on Monday. \"This plan will help {i * 7} families,\" "
            f"the mayor said.\n", encoding="utf-8")


def count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet, or the file is being set up
        return 0


def command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsprism", "analyze", str(folder), "--db", str(db), "--quiet",
            "--batch-size", "8"]


def snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return tuple(tuple(conn.execute(sql).fetchall()) for sql in (
            "SELECT article_id, text_hash, analyzed_at FROM articles ORDER BY article_id",
            "SELECT count(*) FROM quotes", "SELECT count(*) FROM skipped", "SELECT count(*) FROM pending"))


def test_kill_9_then_rerun_gives_exactly_200(tmp_path):
    folder, db = tmp_path / "articles", tmp_path / "resume.db"
    write_articles(folder)
    env = {**os.environ, "COLUMNS": "400"}
    process = subprocess.Popen(command(folder, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count(db) < 16 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    killed_at = count(db)
    if process.poll() is not None:
        pytest.fail(f"the run ended (status {process.returncode}) before it could be killed at {killed_at} "
                    f"articles: {process.stderr.read().decode()[-2000:]}")
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    committed = count(db)  # batches may have committed between the last poll and the kill
    assert 0 < killed_at <= committed < N_ARTICLES, "kill -9 must land in the middle of the run"

    second = subprocess.run(command(folder, db), env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT article_id FROM articles")]
        hashes = {r[0] for r in conn.execute("SELECT text_hash FROM articles")}
    assert len(ids) == N_ARTICLES == len(set(ids)) == len(hashes)
    assert set(ids) == {f"story-{i:03d}" for i in range(N_ARTICLES)}
    assert f"{N_ARTICLES - committed} stored, {committed} already stored" in second.stderr

    before = snapshot(db)
    third = subprocess.run(command(folder, db), env=env, capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr[-3000:]
    assert f"0 stored, {N_ARTICLES} already stored" in third.stderr
    assert snapshot(db) == before
