"""SQL of the corpus phase (link/): entities, stories, statement links and their indexes.

Functions take a ``Store`` and return plain values or records; the link package
never sees a cursor. Writes are not committed here: ``link.update_corpus`` runs
one transaction per batch of queued articles, every step included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from newsprism.records import Link
from newsprism.store.db import Store, chunks, placeholders


def use_large_cache(store: Store, megabytes: int = 256) -> None:
    """A bigger page cache for the corpus phase: its index look-ups touch pages all over the file."""
    store.conn.execute(f"PRAGMA cache_size = -{int(megabytes) * 1024}")


# -- articles -------------------------------------------------------------------


def article_dates(store: Store, ids: Iterable[str]) -> dict[str, str | None]:
    """Publication date (ISO) of each article, ``None`` when unknown."""
    found: dict[str, str | None] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT article_id, published FROM articles WHERE article_id IN ({placeholders(chunk)})", chunk):
            found[row[0]] = row[1]
    return found


def article_meta(store: Store, ids: Iterable[str]) -> dict[str, dict]:
    """Outlet, title and date of each article (for story titles and timelines)."""
    found: dict[str, dict] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT article_id, outlet, title, published, source_path FROM articles"
                f" WHERE article_id IN ({placeholders(chunk)})", chunk):
            found[row[0]] = dict(row)
    return found


# -- story signatures and LSH bands -------------------------------------------------


def save_story_signature(store: Store, article_id: str, kind: str, data: bytes, bands: list[int],
                         *, replace: bool = False) -> None:
    """Store an article's signature and LSH buckets (``replace``: drop the buckets of an earlier signature;
    a scan, so only for the rare re-placed article)."""
    store.conn.execute("INSERT OR REPLACE INTO signatures(article_id, kind, data) VALUES (?,?,?)",
                       (article_id, kind, data))
    if replace:
        store.conn.execute("DELETE FROM story_bands WHERE article_id = ?", (article_id,))
    store.conn.executemany("INSERT INTO story_bands(band, bucket, article_id) VALUES (?,?,?)",
                           [(i, bucket, article_id) for i, bucket in enumerate(bands)])


def story_band_hits(store: Store, bands: list[int], *, limit: int) -> dict[str, int]:
    """Articles sharing at least one LSH bucket, with the number of shared buckets (at most ``limit`` per bucket).

    One statement per 64 bands, counted inside SQLite: each bucket is an index range read newest
    first, so the work per article is bounded by ``limit`` per band whatever the corpus size.
    """
    hits: dict[str, int] = {}
    numbered = list(enumerate(bands))
    for start in range(0, len(numbered), 64):
        part = numbered[start:start + 64]
        union = " UNION ALL ".join(
            "SELECT * FROM (SELECT article_id FROM story_bands WHERE band = ? AND bucket = ?"
            " ORDER BY rowid DESC LIMIT ?)" for _ in part)
        params = [value for band, bucket in part for value in (band, bucket, limit)]
        for article_id, count in store.conn.execute(
                f"SELECT article_id, count(*) FROM ({union}) GROUP BY article_id", params):
            hits[article_id] = hits.get(article_id, 0) + count
    return hits


def load_signatures(store: Store, ids: Iterable[str], kind: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT article_id, data FROM signatures WHERE kind = ? AND article_id IN ({placeholders(chunk)})",
                [kind, *chunk]):
            found[row[0]] = row[1]
    return found


def signature_count(store: Store, kind: str) -> int:
    return store.conn.execute("SELECT count(*) FROM signatures WHERE kind = ?", (kind,)).fetchone()[0]


def add_term_counts(store: Store, counts: dict[str, int]) -> None:
    store.conn.executemany(
        "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        list(counts.items()))


def term_counts(store: Store, terms: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(list(terms)):
        for row in store.conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({placeholders(chunk)})", chunk):
            found[row[0]] = row[1]
    return found


# -- stories ------------------------------------------------------------------------


def stories_of(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """Story of each article that has one."""
    found: dict[str, str] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({placeholders(chunk)})", chunk):
            found[row[0]] = row[1]
    return found


def story_members(store: Store, story_ids: Iterable[str], *, newest: int | None = None,
                  oldest: int | None = None) -> dict[str, list[str]]:
    """Articles of each story in the order they joined it: all of them, or only the ``newest``
    or the ``oldest`` few (read from the index, so the cost does not grow with the story)."""
    found: dict[str, list[str]] = {}
    if newest is None and oldest is None:
        for chunk in chunks(list(story_ids)):
            for row in store.conn.execute(
                    f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({placeholders(chunk)})"
                    " ORDER BY rowid", chunk):
                found.setdefault(row[0], []).append(row[1])
        return found
    order, limit = ("DESC", newest) if newest is not None else ("ASC", oldest)
    sql = f"SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY rowid {order} LIMIT ?"
    for story_id in story_ids:
        ids = [row[0] for row in store.conn.execute(sql, (story_id, limit))]
        if ids:
            found[story_id] = ids[::-1] if newest is not None else ids
    return found


def new_story_id(store: Store) -> str:
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'next_story'").fetchone()
    number = int(row[0]) if row else 1
    store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('next_story', ?)", (str(number + 1),))
    return f"s{number:06d}"


def place_in_story(store: Store, article_id: str, story_id: str) -> None:
    store.conn.execute("INSERT OR REPLACE INTO story_articles(article_id, story_id) VALUES (?, ?)",
                       (article_id, story_id))


def merge_story(store: Store, story_id: str, *, into: str) -> None:
    """Move every article of ``story_id`` into story ``into`` and drop the emptied story."""
    store.conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, story_id))
    store.conn.execute("DELETE FROM stories WHERE story_id = ?", (story_id,))


def write_story(store: Store, story_id: str, title: str, first_date: str | None, last_date: str | None) -> None:
    store.conn.execute("INSERT OR REPLACE INTO stories(story_id, title, first_date, last_date) VALUES (?,?,?,?)",
                       (story_id, title, first_date, last_date))


def story_row(store: Store, story_id: str) -> dict | None:
    row = store.conn.execute("SELECT * FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    return dict(row) if row else None


# -- entities -------------------------------------------------------------------------


def local_entities(store: Store, ids: Iterable[str]) -> list[dict]:
    rows: list[dict] = []
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT article_id, key, name, type, aliases, roles FROM local_entities"
                f" WHERE article_id IN ({placeholders(chunk)}) ORDER BY article_id, key", chunk):
            item = dict(row)
            item["aliases"] = json.loads(item["aliases"] or "[]")
            item["roles"] = json.loads(item["roles"] or "[]")
            rows.append(item)
    return rows


def entity_key_hits(store: Store, keys: Iterable[str]) -> dict[str, dict[str, int]]:
    """For each key, the entities holding it and how often it was seen."""
    found: dict[str, dict[str, int]] = {}
    for chunk in chunks(list(set(keys))):
        for row in store.conn.execute(
                f"SELECT key, entity_id, weight FROM entity_keys WHERE key IN ({placeholders(chunk)})", chunk):
            found.setdefault(row[0], {})[row[1]] = row[2]
    return found


def entity_keys_with_prefix(store: Store, prefix: str) -> list[tuple[str, str]]:
    """``(key, entity_id)`` of every key starting with ``prefix`` (a range scan of the primary key)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return [(row[0], row[1]) for row in store.conn.execute(
        "SELECT key, entity_id FROM entity_keys WHERE key >= ? AND key < ?", (prefix, upper))]


def add_entity_keys(store: Store, entity_id: str, keys: Iterable[str]) -> None:
    store.conn.executemany(
        "INSERT INTO entity_keys(key, entity_id, weight) VALUES (?, ?, 1)"
        " ON CONFLICT(key, entity_id) DO UPDATE SET weight = weight + 1",
        [(key, entity_id) for key in sorted(set(keys))])


def new_entity_id(store: Store) -> str:
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'next_entity'").fetchone()
    number = int(row[0]) if row else 1
    store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('next_entity', ?)", (str(number + 1),))
    return f"e{number:06d}"


def entity_rows(store: Store, entity_ids: Iterable[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for chunk in chunks(list(set(entity_ids))):
        for row in store.conn.execute(
                f"SELECT entity_id, name, type, aliases, roles FROM entities WHERE entity_id IN ({placeholders(chunk)})",
                chunk):
            item = dict(row)
            item["aliases"] = json.loads(item["aliases"] or "[]")
            item["roles"] = json.loads(item["roles"] or "[]")
            found[item["entity_id"]] = item
    return found


def write_entity(store: Store, entity_id: str, name: str, type_: str | None,
                 aliases: Iterable[str], roles: Iterable[str]) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO entities(entity_id, name, type, aliases, roles) VALUES (?,?,?,?,?)",
        (entity_id, name, type_, json.dumps(sorted(set(aliases)), ensure_ascii=False),
         json.dumps(sorted(set(roles)), ensure_ascii=False)))


def set_local_entity_ids(store: Store, assignments: Iterable[tuple[str, int, str]]) -> None:
    """``(article_id, key, entity_id)`` for each local entity resolved."""
    store.conn.executemany("UPDATE local_entities SET entity_id = ? WHERE article_id = ? AND key = ?",
                           [(eid, aid, key) for aid, key, eid in assignments])


def entity_ids_in_articles(store: Store, ids: Iterable[str]) -> dict[str, int]:
    """How many times each canonical entity appears among these articles (local entities)."""
    counts: dict[str, int] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT entity_id, count(*) FROM local_entities WHERE entity_id IS NOT NULL"
                f" AND article_id IN ({placeholders(chunk)}) GROUP BY entity_id", chunk):
            counts[row[0]] = counts.get(row[0], 0) + row[1]
    return counts


def find_entities(store: Store, name_like: str) -> list[dict]:
    """Entities whose name or aliases contain ``name_like`` (case-insensitive), most quoted first."""
    pattern = f"%{name_like.lower()}%"
    rows = store.conn.execute(
        "SELECT e.entity_id, e.name, e.type, e.aliases, e.roles,"
        " (SELECT count(*) FROM quotes q WHERE q.speaker_id = e.entity_id) AS statements"
        " FROM entities e WHERE lower(e.name) LIKE ? OR lower(e.aliases) LIKE ?"
        " ORDER BY statements DESC, e.entity_id", (pattern, pattern)).fetchall()
    result = []
    for row in rows:
        item = dict(row)
        item["aliases"] = json.loads(item["aliases"] or "[]")
        item["roles"] = json.loads(item["roles"] or "[]")
        result.append(item)
    return result


# -- statements and links ----------------------------------------------------------------


def statements_of(store: Store, ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
    rows: list[dict] = []
    kind_marks = placeholders(list(kinds))
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                f"SELECT quote_id, article_id, start, \"end\", text, kind, speaker, speaker_key, speaker_id,"
                f" addressee, quoted FROM quotes WHERE kind IN ({kind_marks})"
                f" AND article_id IN ({placeholders(chunk)}) ORDER BY article_id, start", [*kinds, *chunk]):
            item = dict(row)
            item["quoted"] = [tuple(q) for q in json.loads(item["quoted"] or "[]")]
            rows.append(item)
    return rows


def statements_by_id(store: Store, quote_ids: Iterable[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for chunk in chunks(list(set(quote_ids))):
        for row in store.conn.execute(
                f"SELECT quote_id, article_id, start, \"end\", text, kind, speaker, speaker_key, speaker_id,"
                f" addressee, quoted FROM quotes WHERE quote_id IN ({placeholders(chunk)})", chunk):
            item = dict(row)
            item["quoted"] = [tuple(q) for q in json.loads(item["quoted"] or "[]")]
            found[item["quote_id"]] = item
    return found


def set_speaker_ids(store: Store, assignments: Iterable[tuple[str, str | None]]) -> None:
    """``(quote_id, entity_id)`` pairs."""
    store.conn.executemany("UPDATE quotes SET speaker_id = ? WHERE quote_id = ?",
                           [(eid, qid) for qid, eid in assignments])


def add_quote_shingles(store: Store, quote_id: str, shingles: Iterable[int]) -> None:
    store.conn.executemany("INSERT INTO quote_shingles(shingle, quote_id) VALUES (?, ?)",
                           [(s, quote_id) for s in sorted(set(shingles))])


def quote_shingle_hits(store: Store, shingles: Iterable[int], *, limit: int) -> dict[str, int]:
    """Statements sharing shingles with these, and how many (at most ``limit`` statements per shingle).

    One indexed look-up per shingle reading only its newest ``limit`` rows, so the cost does not
    grow with how often a passage was quoted before.
    """
    hits: dict[str, int] = {}
    sql = "SELECT quote_id FROM quote_shingles WHERE shingle = ? ORDER BY rowid DESC LIMIT ?"
    for shingle in sorted(set(shingles)):
        for (quote_id,) in store.conn.execute(sql, (shingle, limit)):
            hits[quote_id] = hits.get(quote_id, 0) + 1
    return hits


def statements_in_stories_by_speaker(store: Store, story_ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
    """Statements of the articles of these stories, with story id (for paraphrase candidates)."""
    rows: list[dict] = []
    kind_marks = placeholders(list(kinds))
    for chunk in chunks(list(set(story_ids))):
        for row in store.conn.execute(
                f"SELECT q.quote_id, q.article_id, q.text, q.kind, q.speaker_id, q.quoted, sa.story_id"
                f" FROM quotes q JOIN story_articles sa ON sa.article_id = q.article_id"
                f" WHERE q.kind IN ({kind_marks}) AND q.speaker_id IS NOT NULL"
                f" AND sa.story_id IN ({placeholders(chunk)})", [*kinds, *chunk]):
            item = dict(row)
            item["quoted"] = [tuple(q) for q in json.loads(item["quoted"] or "[]")]
            rows.append(item)
    return rows


def write_links(store: Store, links: Iterable[Link]) -> None:
    """Insert or replace links, in key order (so the stored order is the same in every run)."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO links(quote_a, quote_b, relation, diff) VALUES (?,?,?,?)",
        sorted((link.quote_a, link.quote_b, link.relation,
                json.dumps([list(part) for part in link.diff], ensure_ascii=False)) for link in links))


def links_touching(store: Store, quote_ids: Iterable[str]) -> list[dict]:
    rows: list[dict] = []
    for chunk in chunks(list(set(quote_ids))):
        marks = placeholders(chunk)
        for row in store.conn.execute(
                f"SELECT quote_a, quote_b, relation, diff FROM links WHERE quote_a IN ({marks})"
                f" UNION SELECT quote_a, quote_b, relation, diff FROM links WHERE quote_b IN ({marks})",
                [*chunk, *chunk]):
            item = dict(row)
            item["diff"] = json.loads(item["diff"] or "[]")
            rows.append(item)
    return rows


def speaker_statements(store: Store, entity_ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
    """Statements of these speakers with their article's date, outlet and story."""
    rows: list[dict] = []
    kind_marks = placeholders(list(kinds))
    for chunk in chunks(list(set(entity_ids))):
        for row in store.conn.execute(
                f"SELECT q.quote_id, q.article_id, q.text, q.kind, q.speaker, q.speaker_id, q.addressee,"
                f" a.published, a.outlet, a.title AS article_title, a.source_path, sa.story_id,"
                f" s.title AS story_title"
                f" FROM quotes q JOIN articles a ON a.article_id = q.article_id"
                f" LEFT JOIN story_articles sa ON sa.article_id = q.article_id"
                f" LEFT JOIN stories s ON s.story_id = sa.story_id"
                f" WHERE q.kind IN ({kind_marks}) AND q.speaker_id IN ({placeholders(chunk)})",
                [*kinds, *chunk]):
            rows.append(dict(row))
    return rows
