"""One writer at a time: a second writer says so and waits; readers are not affected."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsprism.data import demo_corpus_path
from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store, StoreLocked, lock_path, writer_lock

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import sys, time
    from newsprism.store.db import writer_lock
    with writer_lock(sys.argv[1]):
        print("LOCKED", flush=True)
        time.sleep(120)
""")


def hold(db: Path) -> subprocess.Popen:
    """A real process holding the writer lock of ``db`` until it is killed."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT)
    assert process.stdout.readline().strip() == "LOCKED"
    return process


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_second_writer_is_told_who_holds_the_lock(db_path):
    holder = hold(db_path)
    try:
        with pytest.raises(StoreLocked, match=rf"another newsprism process \(pid {holder.pid}\) is writing"):
            with writer_lock(db_path, wait=False):
                pass
    finally:
        kill(holder)
    with writer_lock(db_path, wait=False):  # kill -9 freed it
        assert lock_path(db_path).read_text().strip() == str(os.getpid())


def test_a_waiting_writer_goes_on_when_the_holder_dies(db_path):
    holder = hold(db_path)
    told = []

    def on_wait(busy: StoreLocked) -> None:
        told.append(busy.holder)
        kill(holder)

    with writer_lock(db_path, on_wait=on_wait):
        pass
    assert told == [str(holder.pid)]


def test_memory_databases_need_no_lock():
    with writer_lock(":memory:"), writer_lock(":memory:", wait=False):
        pass


def test_readers_are_not_affected(db_path, tmp_path):
    from newsprism.export import export_store

    with Store(db_path) as store:
        store.write_results([ArticleResult(Article("x1", "A fictional text."))])
    holder = hold(db_path)
    try:
        with Store(db_path, readonly=True) as reader:
            assert reader.count("articles") == 1
            assert set(export_store(reader, tmp_path / "out"))
    finally:
        kill(holder)


def _read_until(stream, word: str, seconds: float) -> str:
    seen = ""
    deadline = time.monotonic() + seconds
    while word not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.2)
        if ready:
            chunk = os.read(stream.fileno(), 4096).decode("utf-8", "replace")
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.slow
def test_second_analyze_waits_for_the_first(tmp_path):
    """Before: two analyze runs both ran the corpus phase over the same articles (links doubled)."""
    db = tmp_path / "news.db"
    holder = hold(db)
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="200")
    second = subprocess.Popen([sys.executable, "-m", "newsprism", "analyze", str(demo_corpus_path()), "--db", str(db),
                               "-q"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, cwd=tmp_path)
    try:
        said = _read_until(second.stderr, "waiting", 60)
        assert "waiting" in said and f"pid {holder.pid}" in said
        time.sleep(0.5)
        assert second.poll() is None
        assert not db.exists() or Store(db, readonly=True).count("articles") == 0
    finally:
        kill(holder)
    second.communicate(timeout=120)
    assert second.returncode == 0
    with Store(db, readonly=True) as store:
        assert store.count("articles") > 0 and store.count("stories") > 0 and not store.pending_ids()


def test_opening_a_current_store_does_not_wait_for_a_writer(db_path):
    """Opening used to rewrite the schema version, so it waited on (and timed out behind) a long
    corpus-phase transaction of another process."""
    Store(db_path).close()
    with Store(db_path) as writer:
        with writer.transaction():
            writer.conn.execute("INSERT INTO pending(article_id) VALUES ('x')")
            started = time.monotonic()
            with Store(db_path, timeout=0.2) as other:
                assert other.count("articles") == 0
            assert time.monotonic() - started < 0.2
