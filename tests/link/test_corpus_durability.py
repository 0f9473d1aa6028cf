"""The corpus phase survives kill -9 and a second writer: each batch commits with everything it depends on.

The kill tests run the corpus phase in a real child process, stop it inside a step (after the
step wrote, before anything committed), ``kill -9`` it, run the same update again and compare
every table with an uninterrupted run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsprism.link import update_corpus
from newsprism.store import corpus as db
from newsprism.store.db import Store
from tests.link.test_corpus import story_a, story_b, story_c

ROOT = Path(__file__).resolve().parents[2]

#: A child that runs the corpus phase and, after the named store function ran, says "HANG" and waits.
CHILD = textwrap.dedent("""
    import sys, time
    from newsprism.link import update_corpus
    from newsprism.store import corpus as db
    from newsprism.store.db import Store

    path, point, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
    owner, name = (Store, "clear_pending") if point == "clear_pending" else (db, point)
    original = getattr(owner, name)

    def paused(*args, **kwargs):
        result = original(*args, **kwargs)
        print("HANG", flush=True)
        time.sleep(pause)
        return result

    setattr(owner, name, paused)
    with Store(path) as store:
        update_corpus(store)
    print("DONE", flush=True)
""")


def fill(path: Path) -> None:
    with Store(path) as store:
        store.write_results([*story_a(), story_b(), story_c()])


def clean_dump(tmp_path: Path) -> dict:
    path = tmp_path / "clean.db"
    fill(path)
    with Store(path) as store:
        update_corpus(store)
        return store.dump()


def dump(path: Path) -> dict:
    with Store(path) as store:
        return store.dump()


def child(path: Path, point: str, pause: float) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), point, str(pause)], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def wait_for(process: subprocess.Popen, word: str) -> None:
    line = process.stdout.readline()
    assert line.strip() == word, f"child said {line!r}, exit {process.poll()}"


# -- one transaction per batch ------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["write_links", "write_entity", "set_speaker_ids"])
def test_a_failing_step_leaves_no_trace(tmp_path, monkeypatch, failing):
    """Before: the story step had committed (term counts, stories) when a later step failed."""
    path = tmp_path / "test.db"
    fill(path)
    before = dump(path)

    def boom(*args, **kwargs):
        raise RuntimeError("step failed")

    with Store(path) as store:
        with monkeypatch.context() as patch:
            patch.setattr(db, failing, boom)
            with pytest.raises(RuntimeError, match="step failed"):
                update_corpus(store)
        assert store.dump() == before
        update_corpus(store)
    assert dump(path) == clean_dump(tmp_path)


def test_running_twice_changes_nothing(tmp_path):
    path = tmp_path / "test.db"
    fill(path)
    with Store(path) as store:
        first = update_corpus(store)
        once = store.dump()
        again = update_corpus(store)
        assert store.dump() == once
    assert first.articles == 5 and again.articles == 0
    assert once["stories"] and once["links"] and not once["pending"]


def test_batches_are_cut_from_the_queue(tmp_path):
    """Two batches, or one batch then a resumed one, place the articles the same way."""
    dumps = []
    for name, runs in (("straight", [dict(batch=2)]),
                       ("resumed", [dict(batch=2, full_batches_only=True), dict(batch=2)])):
        path = tmp_path / f"{name}.db"
        fill(path)
        with Store(path) as store:
            counts = [update_corpus(store, **run).articles for run in runs]
            dumps.append(store.dump())
        assert sum(counts) == 5
    assert dumps[0] == dumps[1]


# -- kill -9 inside each step -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("point", ["add_term_counts", "place_in_story", "write_entity", "set_speaker_ids",
                                   "write_links", "clear_pending"])
def test_kill_9_inside_the_corpus_phase_then_rerun_is_a_clean_run(tmp_path, point):
    """Before: a kill after the story step left its term counts and placements committed; the
    re-run counted the terms again and placed the articles a second time (empty stories)."""
    path = tmp_path / "test.db"
    fill(path)
    process = child(path, point, 60)
    try:
        wait_for(process, "HANG")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with Store(path) as store:
        assert len(store.pending_ids()) == 5  # nothing of the batch was committed
        update_corpus(store)
    assert dump(path) == clean_dump(tmp_path)


@pytest.mark.slow
def test_two_corpus_phases_at_once_place_each_article_once(tmp_path):
    """Before: both processes read the same queue and placed every article twice (links doubled)."""
    path = tmp_path / "test.db"
    fill(path)
    first = child(path, "write_links", 2)
    wait_for(first, "HANG")
    second = child(path, "write_links", 0)  # waits on the first one's write transaction
    time.sleep(0.5)
    assert second.poll() is None
    for process in (first, second):
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0, out
    assert dump(path) == clean_dump(tmp_path)
