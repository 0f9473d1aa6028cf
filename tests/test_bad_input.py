"""Bad input through the real CLI: the run finishes, good articles are stored, each bad input is reported once.

The folder mixes good articles (FICTIONAL) with a binary file, an empty file,
cp1252 and latin-1 text (these are decoded and stored, not skipped), a
truncated .gz, a truncated .warc.gz (its complete records are stored), JSON
Lines with broken lines, an HTML page without an article body, a 20 MB text
file (over the 10 MB default limit) and a file we may not read.

Unreadable file: the suite runs as root here, and root reads a ``chmod 000``
file anyway. As root we link the file to a kernel file that is write-only even
for root (``/proc/sys/vm/compact_memory``), so ``open`` really fails with
EACCES; as any other user the file is a real ``chmod 000`` file.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.helpers import html_page, warc_bytes, write

WRITE_ONLY_FOR_ROOT = Path("/proc/sys/vm/compact_memory")

GOOD_TEXT = "Valdoria Opens New Bridge\n\nCORVANA, March 3, 2025 — The transport minister opened the bridge.\n"


def _unreadable(path: Path) -> None:
    if os.geteuid() == 0:
        try:
            WRITE_ONLY_FOR_ROOT.open("rb").close()
        except PermissionError:
            path.symlink_to(WRITE_ONLY_FOR_ROOT)
            return
        pytest.fail(f"running as root and {WRITE_ONLY_FOR_ROOT} is readable: no way to make an unreadable file")
    write(path, "Locked Headline\n\nNobody may read this.\n")
    path.chmod(0)


def build_bad_folder(root: Path) -> dict[str, tuple[str | None, str]]:
    """Write the mixed folder; return {file name: (record, reason start)} for the inputs that must be skipped."""
    write(root / "good.txt", GOOD_TEXT)
    write(root / "good-page.html", html_page("Corvana Council Votes on Budget"))
    write(root / "cp1252.txt", "Caf\u00e9 Owners \u201cFurious\u201d\n\nThe owners said the tax was unfair \u2014 again.\n"
          .encode("cp1252"))
    write(root / "latin1.txt", "Na\u00efve Plan Rejected\n\nThe council called the plan na\u00efve and \u00bd finished.\n"
          .encode("latin-1"))
    write(root / "binary.dat", bytes(range(256)) * 64)
    write(root / "empty.txt", b"")
    packed = gzip.compress(("Long Headline\n\n" + "The harbour reopened today. " * 2000).encode())
    write(root / "cut.txt.gz", packed[: len(packed) // 2])
    pages = [(f"https://www.valdoriatoday.example/{n}", html_page(f"Harbour Story {n}",
              f"The harbour authority of Valdoria said on day {n} that ships would dock again soon. " * 3))
             for n in range(3)]
    crawl = warc_bytes(pages, extra_records=False)
    write(root / "crawl.warc.gz", crawl[:-40])
    write(root / "feed.jsonl", "\n".join([
        json.dumps({"id": "feed-ok", "text": "The Valdorian senate passed the budget on Friday.", "source": "Ledger"}),
        '{"id": "feed-broken", "text": "unterminated',
        json.dumps({"id": "feed-empty", "title": "A record without text"}),
    ]) + "\n")
    write(root / "menu.html", "<html><head><title>Shop</title></head><body><nav><a href='/'>Home</a> "
                              "<a href='/b'>Shop</a></nav><div class='cookie'>We use cookies.</div></body></html>")
    with open(root / "huge.txt", "w", encoding="utf-8") as big:
        big.write("Huge Headline\n\n")
        line = "This line repeats to make a twenty megabyte file of text for the size limit.\n"
        big.write(line * (20_000_000 // len(line) + 1))
    _unreadable(root / "locked.txt")
    return {
        "binary.dat": (None, "binary file"),
        "empty.txt": (None, "empty file"),
        "cut.txt.gz": (None, "truncated gzip file"),
        "crawl.warc.gz": (None, "truncated WARC file"),
        "feed.jsonl": ("line 2", "invalid JSON"),
        "feed.jsonl#3": ("line 3", "no text"),
        "menu.html": (None, "no article body found"),
        "huge.txt": (None, "too large (20.0 MB > 10 MB limit"),
        "locked.txt": (None, "permission denied"),
    }


GOOD_IDS = {"good", "good-page", "cp1252", "latin1", "feed-ok",
            "00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001"}


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "newsprism", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    folder = root / "inputs"
    expected = build_bad_folder(folder)
    db = root / "bad.db"
    result = run_cli("analyze", str(folder), "--db", str(db), "--quiet", cwd=root)
    return folder, db, expected, result


def test_run_finishes_with_status_0(bad_run):
    _, _, _, result = bad_run
    assert result.returncode == 0, result.stderr[-3000:]


def test_every_good_article_is_stored(bad_run):
    _, db, _, _ = bad_run
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT article_id, text FROM articles").fetchall())
    assert set(rows) == GOOD_IDS
    assert rows["cp1252"].startswith("Caf\u00e9 Owners \u201cFurious\u201d")
    assert "na\u00efve and \u00bd finished" in rows["latin1"]
    assert rows["good"] == GOOD_TEXT


def test_each_bad_input_is_reported_once_on_stderr(bad_run):
    folder, _, expected, result = bad_run
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(lines) == len(expected), "\n".join(lines)
    for key, (record, reason) in expected.items():
        name = key.split("#")[0]
        where = str(folder / name) + (f" [{record}]" if record else "")
        matching = [line for line in lines if line.startswith(f"skipped {where}: ")]
        assert len(matching) == 1, (key, lines)
        assert reason in matching[0]


def test_each_bad_input_is_one_row_of_skipped(bad_run):
    folder, db, expected, _ = bad_run
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source_path, record, reason FROM skipped").fetchall()
    assert len(rows) == len(expected)
    got = {(Path(path).name, record or None): reason for path, record, reason in rows}
    for key, (record, reason) in expected.items():
        assert got[(key.split("#")[0], record)].startswith(reason)


def test_strict_turns_skips_into_status_1(bad_run, tmp_path):
    folder, db, expected, _ = bad_run
    result = run_cli("analyze", str(folder), "--db", str(db), "--quiet", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert f"{len(expected)} input(s) skipped (--strict)" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(GOOD_IDS)


def test_nothing_ingested_is_status_1(tmp_path):
    folder = tmp_path / "only-bad"
    write(folder / "empty.txt", b"")
    write(folder / "binary.dat", bytes(range(256)))
    result = run_cli("analyze", str(folder), "--db", str(tmp_path / "x.db"), "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    assert "nothing could be ingested" in result.stderr
    assert sum(line.startswith("skipped ") for line in result.stderr.splitlines()) == 2
