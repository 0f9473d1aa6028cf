"""``newsprism fix``: corrections from the command line (writer lock, refusals, list, undo).

FICTIONAL corpus: tests/fix_corpus.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.store import queries
from newsprism.store.db import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fix_corpus import fix_db  # noqa: E402

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> Path:
    return fix_db(tmp_path)


def fix(db: Path, *args: str):
    return runner.invoke(app, ["fix", *args, "--db", str(db)])


def _quote(db: Path, words: str) -> str:
    with Store(db, readonly=True) as store:
        return store.conn.execute("SELECT quote_id FROM quotes WHERE text = ?", (words,)).fetchone()[0]


def _listed(db: Path) -> list[dict]:
    done = fix(db, "list", "--json")
    assert done.exit_code == 0, done.output
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_merge_reject_split_reassign_undo_and_list(db):
    done = fix(db, "merge-speakers", "Olek Marrin", "Rita Vance", "--why", "one person", "--who", "ed")
    assert done.exit_code == 0, done.output
    assert "merge speaker" in done.stdout and "into" in done.stdout and "(2 statements)" in done.stdout
    rejected = _quote(db, "the dam will hold this spring")
    assert fix(db, "reject", rejected, "--why", "not said").exit_code == 0
    moved = _quote(db, "the inspection reports are late")
    assert fix(db, "reassign", moved, "the residents", "--why", "the residents said it").exit_code == 0
    split = _quote(db, "the dam has cracks that nobody repaired")
    with Store(db, readonly=True) as store:
        owner = store.conn.execute("SELECT speaker_id FROM quotes WHERE quote_id = ?", (split,)).fetchone()[0]
    done = fix(db, "split-speaker", owner, split, "--to", "Ivo Marrin", "--why", "his brother")
    assert done.exit_code == 0, done.output
    assert fix(db, "undo", "3", "--why", "unsure").exit_code == 0
    rows = _listed(db)
    assert [(r["id"], r["action"], r["status"], r["who"]) for r in rows] == [
        (1, "merge", "applied", "ed"), (2, "reject", "applied", rows[1]["who"]), (3, "reassign", "undone", rows[2]["who"]),
        (4, "split", "applied", rows[3]["who"]), (5, "undo", "applied", rows[4]["who"])]
    assert rows[1]["who"]  # the OS user when --who is not given
    assert rows[2]["undone_by"] == 5 and rows[1]["target_name"] == "the dam will hold this spring"
    with Store(db, readonly=True) as store:
        assert rejected not in {r["quote_id"] for r in queries.search_statements(store, "")}
        refs = {r["ref"]: r for r in queries.speaker_directory(store)}
    assert "Ivo Marrin" in refs and refs["Ivo Marrin"]["n_statements"] == 1
    text = fix(db, "list")
    assert text.exit_code == 0 and "correction 3: reassign" in text.stdout and "undone" in text.stdout


@pytest.mark.parametrize("args, message", [
    (("merge-speakers", "Nobody Atall", "Rita Vance", "--why", "x"), "unknown-speaker"),
    (("merge-speakers", "a", "Rita Vance", "--why", "x"), "ambiguous-speaker"),
    (("reject", "art9:1-2", "--why", "x"), "unknown-statement"),
    (("undo", "42", "--why", "x"), "unknown-correction"),
    (("reassign", "art1:1-2", "Rita Vance"), "Missing option '--why'"),
])
def test_refusals_are_one_clear_line(db, args, message):
    done = fix(db, *args)
    assert done.exit_code != 0
    assert message in done.output + str(done.exception or "")
    assert _listed(db) == []


def test_double_reject_is_refused(db):
    quote = _quote(db, "the dam will hold this spring")
    assert fix(db, "reject", quote, "--why", "x").exit_code == 0
    done = fix(db, "reject", quote, "--why", "again")
    assert done.exit_code == 1 and "already-rejected" in done.stderr
    assert len(_listed(db)) == 1


def test_a_fix_waits_for_the_writer_lock(db):
    """Another process (an ``analyze``) holds the lock: the fix says so, waits, then writes."""
    import subprocess

    quote = _quote(db, "the dam will hold this spring")
    code = ("import fcntl,os,sys,time; fd=os.open(sys.argv[1]+'.lock', os.O_RDWR|os.O_CREAT);"
            " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        fixer = subprocess.Popen([sys.executable, "-c", "from newsprism.cli import main; main()", "fix", "reject",
                                  quote, "--why", "x", "--db", str(db)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = fixer.stderr.readline()  # blocks until the fix reaches the lock (imports may take a while)
        assert "waiting" in said
        assert fixer.poll() is None  # still waiting
        assert _listed(db) == []  # nothing written while the lock is held
    finally:
        holder.kill()
        holder.wait()
    _, err = fixer.communicate(timeout=120)
    assert fixer.returncode == 0, said + err
    assert [r["action"] for r in _listed(db)] == ["reject"]


def test_list_on_a_database_without_corrections(db):
    done = fix(db, "list")
    assert done.exit_code == 0 and "no corrections yet" in done.output


def test_speaker_command_follows_a_merge(db):
    assert fix(db, "merge-speakers", "Olek Marrin", "Rita Vance", "--why", "one person").exit_code == 0
    done = runner.invoke(app, ["speaker", "Olek Marrin", "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "was merged into Rita Vance" in done.output
    assert "the reports will be published" in done.stdout and "the dam will hold this spring" in done.stdout


@pytest.mark.slow
def test_corrections_apply_to_articles_loaded_from_a_parquet_dataset(db, tmp_path):
    """``analyze --parquet`` then ``load``: the corpus phase of ``load`` applies the corrections too."""
    assert fix(db, "merge-speakers", "Olek Marrin", "Rita Vance", "--why", "one person").exit_code == 0
    new = tmp_path / "new"
    new.mkdir()
    (new / "marrin-again.txt").write_text(
        "Marrin warns about the dam\n\nOlek Marrin said on Monday: \u201cThe spillway will not hold another flood.\u201d\n",
        encoding="utf-8")
    done = runner.invoke(app, ["analyze", str(new), "--parquet", str(tmp_path / "ds"), "--quiet"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["load", str(tmp_path / "ds"), "--db", str(db)])
    assert done.exit_code == 0, done.output
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT q.speaker_id, e.name FROM quotes q JOIN entities e ON e.entity_id = q.speaker_id"
                                  " WHERE q.article_id = 'marrin-again' AND q.text LIKE '%spillway%'").fetchall()
    assert [r[1] for r in rows] == ["Rita Vance"]
    # 4: the headline "Marrin warns about the dam" is a statement of Marrin too (a line break ends a sentence)
    assert [(r["action"], r["status"], r["applied"]) for r in _listed(db)] == [("merge", "applied", 4)]
