"""Computed pages kept until the database changes, shared by the explorer's worker processes.

A page is stored under its key and the database's *version*: :func:`db_version`, which changes
whenever any connection commits (a WAL append or checkpoint changes the files' size or mtime).
A lookup with another version misses, so a page never outlives the data it was computed from.
Each worker keeps the pages it used in memory; with ``folder`` they also go to one small SQLite
file there, which the other workers read instead of computing the page again. The folder is the
private one ``newsprism serve`` makes for the run (mode 0700, removed at exit): nothing another
user could write to, since what is read back is served as HTML.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

__all__ = ["PageCache", "db_version"]


def db_version(db_path: Path) -> str:
    """Size and mtime of the database and its WAL: a new value after any commit by any process."""
    parts = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            st = path.stat()
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        except OSError:
            parts.append("-")
    return "/".join(parts)


class PageCache:
    """Pages (JSON-able values) by key for one database version: ``max_memory`` per process in memory,
    ``max_shared`` in the shared file (emptied when it grows past that)."""

    def __init__(self, folder: str | Path | None = None, *, max_memory: int = 512, max_shared: int = 20000) -> None:
        self.max_memory = max_memory
        self.max_shared = max_shared
        self._lock = threading.Lock()
        self._version: str | None = None
        self._memory: dict[str, object] = {}
        self._building: dict[str, threading.Lock] = {}
        self._local = threading.local()
        self._puts = 0
        self.path = Path(folder) / "pages.db" if folder else None
        if self.path is not None:
            with sqlite3.connect(self.path) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, version TEXT, value TEXT)")

    def _conn(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            conn.execute("PRAGMA synchronous=OFF")
        return conn

    def _shared_get(self, key: str, version: str):
        conn = self._conn()
        if conn is None:
            return None
        try:
            row = conn.execute("SELECT value FROM pages WHERE key = ? AND version = ?", (key, version)).fetchone()
        except sqlite3.Error:
            return None  # a busy or damaged cache is only a miss
        return json.loads(row[0]) if row else None

    def _shared_put(self, key: str, version: str, value) -> None:
        conn = self._conn()
        if conn is None:
            return
        try:
            conn.execute("INSERT OR REPLACE INTO pages (key, version, value) VALUES (?, ?, ?)",
                         (key, version, json.dumps(value)))
            self._puts += 1
            if self._puts % 200 == 0:  # pages of older versions, and a cache grown too big, go
                conn.execute("DELETE FROM pages WHERE version != ?", (version,))
                if conn.execute("SELECT count(*) FROM pages").fetchone()[0] > self.max_shared:
                    conn.execute("DELETE FROM pages")
        except (sqlite3.Error, TypeError, ValueError):
            pass  # not stored: the next request computes it again

    def get_or_build(self, key: tuple, version: str, build: Callable[[], object]):
        """The page under ``key`` for ``version``; built once (one thread per process builds it)."""
        text_key = json.dumps(key, default=str)
        with self._lock:
            if self._version != version or len(self._memory) > self.max_memory:
                self._version, self._memory = version, {}
            if text_key in self._memory:
                return self._memory[text_key]
            lock = self._building.setdefault(text_key, threading.Lock())
        with lock:
            with self._lock:
                if self._version == version and text_key in self._memory:
                    return self._memory[text_key]
            value = self._shared_get(text_key, version)
            if value is None:
                value = build()
                self._shared_put(text_key, version, value)
            with self._lock:
                if self._version == version:
                    self._memory[text_key] = value
                self._building.pop(text_key, None)
        return value
