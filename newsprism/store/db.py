"""The embedded store: SQLite in WAL mode with FTS5. The only module family that speaks SQL.

It takes records and returns records (or plain dicts for export); callers never
see a cursor.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from newsprism.errors import NewsprismError
from newsprism.records import (
    Article,
    ArticleResult,
    Correction,
    Skipped,
)
from newsprism.store.schema import CORRECTIONS_SQL, DDL, EXPORT_COLUMNS, SCHEMA_VERSION

__all__ = ["Store", "StoreError", "StoreLocked", "WriteOutcome", "writer_lock"]


class StoreError(NewsprismError, RuntimeError):
    """The database could not be opened or written."""

    code = "NP-E301"


class StoreLocked(StoreError):
    """Another process is writing to this database (see ``writer_lock``)."""

    code = "NP-E302"

    def __init__(self, path: str, holder: str) -> None:
        super().__init__(f"{path}: another newsprism process{f' (pid {holder})' if holder else ''} is writing "
                         "to this database; wait for it to finish (readers are not affected)", value=path)
        self.path, self.holder = path, holder


def lock_path(db: str | Path) -> Path:
    """The lock file beside a database: ``news.db`` → ``news.db.lock``."""
    return Path(str(db) + ".lock")


@contextmanager
def writer_lock(db: str | Path, *, wait: bool = True, on_wait=None) -> Iterator[None]:
    """Hold the one-writer lock of database ``db`` (an ``flock`` on ``DB.lock``, freed by the kernel
    when its holder ends, even by ``kill -9``).

    When another process holds it: with ``wait``, call ``on_wait(StoreLocked)`` once, then wait for it;
    without, raise ``StoreLocked``. Readers never take it (SQLite's WAL keeps them consistent).
    """
    if str(db) == ":memory:":
        yield
        return
    try:
        # POSIX only
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking only
        yield
        return
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy = StoreLocked(str(db), os.pread(fd, 32, 0).decode("ascii", "replace").strip())
            if not wait:
                raise busy from None
            if on_wait is not None:
                on_wait(busy)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


#: Values per ``IN (…)`` list, safely under SQLite's limit on bound parameters.
IN_CHUNK = 500


def chunks(values: list, size: int = IN_CHUNK) -> Iterator[list]:
    """``values`` in slices short enough for one ``IN (…)`` list (store modules share this)."""
    for i in range(0, len(values), size):
        yield values[i:i + size]


def placeholders(values: list) -> str:
    """'?,?,?' for an ``IN (…)`` list of ``values``."""
    return ",".join("?" * len(values))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(value) -> str:
    return json.dumps(list(value), ensure_ascii=False)


class WriteOutcome:
    """What a batch write did: article ids stored, and duplicates (id, id of the copy kept)."""

    __slots__ = ("stored", "duplicates", "unchanged")

    def __init__(self) -> None:
        self.stored: list[str] = []
        self.duplicates: list[tuple[str, str]] = []
        self.unchanged: list[str] = []


class Store:
    """A newsprism database file.

    >>> with Store(":memory:") as store:
    ...     store.count("articles")
    0
    """

    def __init__(self, path: str | Path = "newsprism.db", *, readonly: bool = False,
                 timeout: float = 30.0) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                if self.path != ":memory:" and not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such database")
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, timeout=timeout)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        self.conn.row_factory = sqlite3.Row

    # -- life cycle ----------------------------------------------------------

    def _migrate(self) -> None:
        if self._schema_current():
            return  # reads only: opening never waits for another process's write transaction
        with self.conn:
            for statement in DDL:
                self.conn.execute(statement)
            self.conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def _schema_current(self) -> bool:
        """Every table, index and trigger of ``DDL`` exists and the schema version is this one's."""
        try:
            found = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return False
        return row is not None and row[0] == str(SCHEMA_VERSION) and _DDL_NAMES <= found

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``: it takes SQLite's write lock at once, so what it
        reads cannot change before it commits). Everything inside commits together or not at all."""
        if self.conn.in_transaction:
            raise StoreError("a transaction is already open")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the database, whatever writers commit meanwhile (WAL)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            self.conn.execute("SELECT count(*) FROM meta").fetchone()  # the read that fixes the snapshot
            yield
        finally:
            self.conn.rollback()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- generic reads ---------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in EXPORT_COLUMNS and table not in {"local_entities", "story_articles", "pending", "signatures"}:
            raise StoreError(f"unknown table {table!r}")
        return self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def dump(self) -> dict[str, list[tuple]]:
        """Every stored table's rows in stored (rowid) order, without the time-stamp columns: what two
        runs over the same inputs must agree on (the chaos bench and the kill tests compare these)."""
        names = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name")]
        tables = {}
        for name in names:
            columns = [r[1] for r in self.conn.execute(f'PRAGMA table_info("{name}")')
                       if (name, r[1]) not in _TIME_COLUMNS]
            listed = ", ".join(f'"{c}"' for c in columns)
            order = "key" if name == "meta" else "rowid"  # meta is rewritten on every open
            tables[name] = [tuple(r) for r in self.conn.execute(f'SELECT {listed} FROM "{name}" ORDER BY {order}')]
        return tables

    def query(self, sql: str, params: Iterable = ()) -> list[dict]:
        """Run a read-only query and return rows as dicts (for notebooks and the explorer)."""
        return [dict(row) for row in self.conn.execute(sql, tuple(params))]

    # -- articles -------------------------------------------------------------

    def stored_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """Map each already-stored text hash to the article id that holds it."""
        return self._lookup("text_hash", "article_id", hashes)

    def stored_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Map each already-stored article id to its text hash."""
        return self._lookup("article_id", "text_hash", ids)

    def stored_sources(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Map each already-stored article id to the source path it was read from (article identity)."""
        return self._lookup("article_id", "source_path", ids)

    def free_article_id(self, base: str, taken: Iterable[str] = ()) -> str:
        """``base~2``, ``base~3``…: the first that no stored article and nothing in ``taken`` holds."""
        taken = set(taken)
        n = 2
        while f"{base}~{n}" in taken or self.conn.execute(
                "SELECT 1 FROM articles WHERE article_id = ?", (f"{base}~{n}",)).fetchone():
            n += 1
        return f"{base}~{n}"

    def _lookup(self, key: str, value: str, keys: Iterable[str]) -> dict[str, str]:
        """{key: value} from articles for the given keys, in chunks under SQLite's parameter limit."""
        found: dict[str, str] = {}
        for chunk in chunks(list(keys)):
            sql = f'SELECT "{key}", "{value}" FROM articles WHERE "{key}" IN ({placeholders(chunk)})'
            found.update(self.conn.execute(sql, chunk).fetchall())
        return found

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            for row in self.conn.execute("SELECT * FROM articles ORDER BY rowid"):
                yield _article_from_row(row)
            return
        for article_id in ids:
            article = self.article(article_id)
            if article is not None:
                yield article

    # -- writes ----------------------------------------------------------------

    def write_results(self, results: Iterable[ArticleResult]) -> WriteOutcome:
        """Store a batch of per-article results in one transaction.

        An article whose text is already stored under another id is reported as a
        duplicate and not stored again; the same id with the same text is left as
        it is; the same id with a new text replaces the old rows.
        """
        outcome = WriteOutcome()
        now = _now()
        with self.conn:
            for result in results:
                article = result.article
                digest = article.text_hash
                row = self.conn.execute(
                    "SELECT article_id FROM articles WHERE text_hash = ?", (digest,)
                ).fetchone()
                if row is not None:
                    if row[0] == article.article_id:
                        outcome.unchanged.append(article.article_id)
                    else:
                        outcome.duplicates.append((article.article_id, row[0]))
                    continue
                self.conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))
                self._insert_result(result, digest, now)
                outcome.stored.append(article.article_id)
        return outcome

    def _insert_result(self, result: ArticleResult, digest: str, now: str) -> None:
        a = result.article
        aid = a.article_id
        self.conn.execute(
            "INSERT INTO articles(article_id, source_path, url, outlet, title, published, date_source,"
            " authors, text, word_count, language, text_hash, analyzed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, a.source_path, a.url, a.outlet, a.title, a.published, a.date_source,
             _json(a.authors), a.text, a.word_count, a.language, digest, now),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO quotes(quote_id, article_id, start, \"end\", text, kind, speaker,"
            " speaker_key, speaker_type, speaker_start, speaker_end, cue, cue_lemma, cue_start, cue_end,"
            " addressee, quoted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(s.quote_id(aid), aid, s.start, s.end, s.text, s.kind, s.speaker, s.speaker_key,
              s.speaker_type, s.speaker_start, s.speaker_end, s.cue, s.cue_lemma, s.cue_start,
              s.cue_end, s.addressee, json.dumps([list(q) for q in s.quoted]))
             for s in result.statements],
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO local_entities(article_id, key, name, type, aliases, roles)"
            " VALUES (?,?,?,?,?,?)",
            [(aid, e.key, e.name, e.type, _json(e.aliases), _json(e.roles)) for e in result.entities],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO mentions(article_id, start, \"end\", text, kind, entity_key)"
            " VALUES (?,?,?,?,?,?)",
            [(aid, m.start, m.end, m.text, m.kind, m.entity_key) for m in result.mentions],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO claims(claim_id, article_id, start, \"end\", text, value, value_low,"
            " value_high, unit, about) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(c.claim_id(aid), aid, c.start, c.end, c.text, c.value, c.value_low, c.value_high,
              c.unit, c.about) for c in result.claims],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO loaded(article_id, start, \"end\", text, category) VALUES (?,?,?,?,?)",
            [(aid, s.start, s.end, s.text, s.category) for s in result.loaded],
        )
        self.conn.execute("INSERT OR IGNORE INTO pending(article_id) VALUES (?)", (aid,))

    def write_skipped(self, skipped: Iterable[Skipped]) -> None:
        now = _now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO skipped(source_path, record, reason, seen_at) VALUES (?,?,?,?)",
                [(s.source_path, s.record or "", s.reason, now) for s in skipped],
            )

    # -- corpus phase bookkeeping ----------------------------------------------

    def pending_ids(self, limit: int | None = None) -> list[str]:
        """Articles analysed but not yet placed into entities, stories and links (oldest ``limit`` first)."""
        return [r[0] for r in self.conn.execute("SELECT article_id FROM pending ORDER BY rowid LIMIT ?",
                                                (-1 if limit is None else limit,))]

    def pending_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM pending").fetchone()[0]

    def clear_pending(self, ids: Iterable[str]) -> None:
        """Drop ``ids`` from the queue: inside the caller's transaction when one is open, else in its own."""
        rows = [(i,) for i in ids]
        if self.conn.in_transaction:
            self.conn.executemany("DELETE FROM pending WHERE article_id = ?", rows)
            return
        with self.conn:
            self.conn.executemany("DELETE FROM pending WHERE article_id = ?", rows)

    # -- export ------------------------------------------------------------------

    def export_rows(self, table: str) -> Iterator[dict]:
        """Rows of one export table, with exactly the columns of the export contract."""
        if table not in EXPORT_COLUMNS:
            raise StoreError(f"unknown export table {table!r}")
        yield from _EXPORTERS[table](self.conn)


#: Names the schema creates (tables, indexes, triggers), to tell a current database from one to migrate.
_DDL_NAMES = {re.search(r"IF NOT EXISTS\s+(\w+)", statement).group(1) for statement in DDL}

#: When a row was written: differs between any two runs, so left out of ``Store.dump``.
_TIME_COLUMNS = {("articles", "analyzed_at"), ("skipped", "seen_at"), ("corrections", "at"), ("outlet_meta", "loaded_at")}


def _article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        article_id=row["article_id"],
        text=row["text"],
        source_path=row["source_path"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        published=row["published"],
        date_source=row["date_source"],
        authors=tuple(json.loads(row["authors"] or "[]")),
        language=row["language"],
    )


def _rows(conn: sqlite3.Connection, sql: str, json_fields: tuple[str, ...] = ()) -> Iterator[dict]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        for name in json_fields:
            if row.get(name) is not None:
                row[name] = json.loads(row[name])
        yield row


def _export_articles(conn):
    return _rows(conn, "SELECT article_id, source_path, url, outlet, title, published, date_source,"
                       " authors, text, word_count, language FROM articles ORDER BY rowid", ("authors",))


def _export_quotes(conn):
    return _rows(conn, "SELECT quote_id, article_id, start, \"end\", text, kind, speaker, speaker_id,"
                       " speaker_start, speaker_end, cue, cue_start, cue_end, speaker_type, cue_lemma,"
                       " addressee FROM quotes ORDER BY article_id, start, \"end\"")


def _export_entities(conn):
    return _rows(conn, "SELECT entity_id, name, type, aliases, roles FROM entities ORDER BY entity_id",
                 ("aliases", "roles"))


def _export_mentions(conn):
    return _rows(conn, "SELECT m.article_id, le.entity_id, m.start, m.\"end\", m.text, m.kind"
                       " FROM mentions m LEFT JOIN local_entities le"
                       " ON le.article_id = m.article_id AND le.key = m.entity_key"
                       " ORDER BY m.article_id, m.start")


def _export_stories(conn):
    for row in _rows(conn, "SELECT s.story_id, s.title, json_group_array(sa.article_id) AS article_ids,"
                           " s.first_date, s.last_date FROM stories s"
                           " LEFT JOIN story_articles sa ON sa.story_id = s.story_id"
                           " GROUP BY s.story_id ORDER BY s.first_date, s.story_id", ("article_ids",)):
        row["article_ids"] = sorted(a for a in row["article_ids"] if a is not None)
        yield row


def _export_links(conn):
    # links of a statement marked wrong (moved to rejected_quotes) leave with it
    return _rows(conn, "SELECT quote_a, quote_b, relation, diff FROM links l WHERE NOT EXISTS"
                       " (SELECT 1 FROM rejected_quotes r WHERE r.quote_id IN (l.quote_a, l.quote_b))"
                       " ORDER BY quote_a, quote_b", ("diff",))


def _export_claims(conn):
    return _rows(conn, "SELECT claim_id, article_id, start, \"end\", text, value, value_low, value_high,"
                       " unit, about FROM claims ORDER BY article_id, start")


def _export_loaded(conn):
    return _rows(conn, "SELECT article_id, start, \"end\", text, category FROM loaded ORDER BY article_id, start")


def _export_skipped(conn):
    return _rows(conn, "SELECT source_path, record, reason FROM skipped ORDER BY seen_at, source_path, record")


def _export_corrections(conn):
    for row in _rows(conn, CORRECTIONS_SQL):
        row["status"] = Correction(**row).status
        del row["applied"]
        yield row


def _export_outlet_meta(conn):
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'outlet_meta'").fetchone() is None:
        return iter(())  # a database from before the table (opened read-only, so not migrated)
    return _rows(conn, "SELECT outlet, country, owner, lean, extra, source FROM outlet_meta ORDER BY outlet")


_EXPORTERS = {
    "corrections": _export_corrections,
    "articles": _export_articles,
    "quotes": _export_quotes,
    "entities": _export_entities,
    "mentions": _export_mentions,
    "stories": _export_stories,
    "links": _export_links,
    "claims": _export_claims,
    "loaded": _export_loaded,
    "skipped": _export_skipped,
    "outlet_meta": _export_outlet_meta,
}
