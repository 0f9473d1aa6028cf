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
    for part in chunks(list(enumerate(bands)), 64):
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


def signature_dates(store: Store, ids: Iterable[str], kind: str) -> dict[str, str | None]:
    """The ``published`` field of the signatures of these articles that have one (without reading the rest)."""
    found: dict[str, str | None] = {}
    for chunk in chunks(list(ids)):
        for row in store.conn.execute(
                "SELECT article_id, json_extract(CAST(data AS TEXT), '$.published') FROM signatures"
                f" WHERE kind = ? AND article_id IN ({placeholders(chunk)})", [kind, *chunk]):
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


class FeatureSpool:
    """Story signatures of one batch waiting for placement, given back in placement order.

    For a store, a temporary table (SQLite sorts it, on disk when large), so a batch's signatures are never
    all in memory; for an in-memory index, a list. ``key`` is :func:`newsprism.link.stories.placement_key`
    (``(undated, date)``), ties broken by ``position``.
    """

    def __init__(self, ix) -> None:
        self.store = getattr(ix, "store", None)
        self.rows: list[tuple] = []
        if self.store is not None:
            self.store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS story_spool (undated INTEGER, published TEXT,"
                                    " position INTEGER, article_id TEXT, data BLOB)")
            self.store.conn.execute("DELETE FROM temp.story_spool")

    def add(self, key: tuple, position: int, article_id: str, features) -> None:
        """One article's signature (a ``StoryFeatures``: kept as is in memory, as its ``to_bytes()`` in a store)."""
        if self.store is None:
            self.rows.append((key, position, article_id, features))
        else:
            self.store.conn.execute("INSERT INTO temp.story_spool VALUES (?,?,?,?,?)",
                                    (int(key[0]), key[1], position, article_id, features.to_bytes()))

    def ordered(self, decode):
        """``(article_id, features)`` in placement order (``decode``: the features of their ``to_bytes()``)."""
        if self.store is None:
            self.rows.sort(key=lambda row: (row[0], row[1]))
            for _key, _position, article_id, features in self.rows:
                yield article_id, features
            return
        cursor = self.store.conn.execute(
            "SELECT article_id, data FROM temp.story_spool ORDER BY undated, published, position")
        while rows := cursor.fetchmany(500):
            for article_id, data in rows:
                yield article_id, decode(data)

    def close(self) -> None:
        self.rows = []
        if self.store is not None:
            self.store.conn.execute("DELETE FROM temp.story_spool")


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


def statement_order(row: dict) -> tuple:
    """The order the corpus phase reads statements in: by article id, then position (one order for a batch of
    any size, so a batch cut into SQL chunks, or into Dask partitions, is read in the same order)."""
    return (row["article_id"], row["start"], row["quote_id"])


def statements_of(store: Store, ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
    """Statements of these kinds in these articles, in :func:`statement_order`."""
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
    rows.sort(key=statement_order)
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
    """Statements of the articles of these stories, with story id (for paraphrase candidates), in
    :func:`statement_order`."""
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
    rows.sort(key=lambda r: (r["article_id"], r["quote_id"]))
    return rows


def article_texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """Text of each article (for the gap between a lead-in and its quote)."""
    texts: dict[str, str] = {}
    for chunk in chunks(list(ids)):
        texts.update(store.conn.execute(
            f"SELECT article_id, text FROM articles WHERE article_id IN ({placeholders(chunk)})", chunk))
    return texts


def write_links(store: Store, links: Iterable[Link] | FoundLinks) -> int | None:
    """Insert or replace links, in key order (so the stored order is the same in every run); the links
    an update found (:class:`FoundLinks`) in one ``INSERT … SELECT``, returning their number."""
    if isinstance(links, FoundLinks):
        return links.flush()
    store.conn.executemany(
        "INSERT OR REPLACE INTO links(quote_a, quote_b, relation, diff) VALUES (?,?,?,?)",
        sorted((link.quote_a, link.quote_b, link.relation,
                json.dumps([list(part) for part in link.diff], ensure_ascii=False)) for link in links))


class FoundLinks:
    """The links one corpus update finds, kept in a temporary table until one sorted write (so memory does not
    grow with them). ``step`` tells which link step found a link (text rules 0, paraphrases 1, embeddings 2,
    lead-ins 3)."""

    def __init__(self, store: Store) -> None:
        self.store, self.conn = store, store.conn
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS found_links(quote_a TEXT NOT NULL, quote_b TEXT NOT NULL,"
                          " relation TEXT, diff TEXT, step INTEGER, PRIMARY KEY (quote_a, quote_b))")
        self.conn.execute("CREATE INDEX IF NOT EXISTS temp.found_links_b ON found_links(quote_b)")
        self.conn.execute("DELETE FROM temp.found_links")

    def put(self, links: Iterable[Link], step: int, *, replace: bool) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self.conn.executemany(f"{verb} INTO temp.found_links(quote_a, quote_b, relation, diff, step)"
                              " VALUES (?,?,?,?,?)",
                              [(k.quote_a, k.quote_b, k.relation,
                                json.dumps([list(part) for part in k.diff], ensure_ascii=False), step) for k in links])

    def _touching(self, quote_ids: Iterable[str], where: str = "1") -> Iterable[tuple[str, str]]:
        for chunk in chunks(list(set(quote_ids))):
            marks = placeholders(chunk)
            yield from self.conn.execute(
                f"SELECT quote_a, quote_b FROM temp.found_links WHERE quote_a IN ({marks}) AND {where}"
                f" UNION SELECT quote_a, quote_b FROM temp.found_links WHERE quote_b IN ({marks}) AND {where}",
                [*chunk, *chunk])

    def pairs_touching(self, quote_ids: Iterable[str]) -> set[frozenset[str]]:
        return {frozenset(pair) for pair in self._touching(quote_ids)}

    def linked(self, quote_ids: Iterable[str], *, before_step: int) -> set[str]:
        """Those of ``quote_ids`` in a link found by a step before ``before_step``."""
        wanted = set(quote_ids)
        return {q for pair in self._touching(wanted, f"step < {int(before_step)}") for q in pair} & wanted

    def verbatim_ends(self, quote_ids: Iterable[str]) -> set[str]:
        """Those of ``quote_ids`` in a link that is not a paraphrase."""
        wanted = set(quote_ids)
        return {q for pair in self._touching(wanted, "relation != 'paraphrase'") for q in pair} & wanted

    def verbatim_articles(self) -> list[str]:
        """Articles (sorted) of the statements in a link that is not a paraphrase."""
        return sorted({q.rsplit(":", 1)[0] for pair in self.conn.execute(
            "SELECT quote_a, quote_b FROM temp.found_links WHERE relation != 'paraphrase'") for q in pair})

    def pairs(self) -> Iterable[tuple[str, str]]:
        for quote_a, quote_b in self.conn.execute("SELECT quote_a, quote_b FROM temp.found_links ORDER BY rowid"):
            yield quote_a, quote_b

    def write(self) -> int:
        """Insert or replace the links in key order (through :func:`write_links`); their number."""
        return write_links(self.store, self)

    def flush(self) -> int:
        count = self.conn.execute("SELECT count(*) FROM temp.found_links").fetchone()[0]
        self.conn.execute("INSERT OR REPLACE INTO links(quote_a, quote_b, relation, diff)"
                          " SELECT quote_a, quote_b, relation, diff FROM temp.found_links ORDER BY quote_a, quote_b")
        self.conn.execute("DELETE FROM temp.found_links")
        return count


class MemoryFoundLinks:
    """:class:`FoundLinks` in a dict (an in-memory index: the Dask tasks, ``cluster_articles``)."""

    def __init__(self, ix) -> None:
        self.ix = ix
        self.found: dict[tuple[str, str], tuple[Link, int]] = {}

    def put(self, links: Iterable[Link], step: int, *, replace: bool) -> None:
        for link in links:
            if replace:
                self.found[(link.quote_a, link.quote_b)] = (link, step)
            else:
                self.found.setdefault((link.quote_a, link.quote_b), (link, step))

    def pairs_touching(self, quote_ids: Iterable[str]) -> set[frozenset[str]]:
        wanted = set(quote_ids)
        return {frozenset(k) for k in self.found if k[0] in wanted or k[1] in wanted}

    def linked(self, quote_ids: Iterable[str], *, before_step: int) -> set[str]:
        wanted = set(quote_ids)
        return {q for k, (_link, step) in self.found.items() if step < before_step for q in k} & wanted

    def verbatim_ends(self, quote_ids: Iterable[str]) -> set[str]:
        wanted = set(quote_ids)
        return {q for k, (link, _s) in self.found.items() if link.relation != "paraphrase" for q in k} & wanted

    def verbatim_articles(self) -> list[str]:
        return sorted({q.rsplit(":", 1)[0] for k, (link, _s) in self.found.items() if link.relation != "paraphrase"
                       for q in k})

    def pairs(self) -> Iterable[tuple[str, str]]:
        return list(self.found)

    def write(self) -> int:
        self.ix.write_links([link for link, _step in self.found.values()])
        return len(self.found)


def found_links(ix):
    """Where one update keeps the links it finds: a temporary table of the store, or a dict for a memory index."""
    return FoundLinks(ix.store) if isinstance(ix, StoreIndex) else MemoryFoundLinks(ix)


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


# -- the corpus indexes as the link steps see them ------------------------------------------------

#: What the link steps read and write: these functions of this module, bound to one store (``StoreIndex``) or
#: answered from memory (``MemoryIndex``, for ``cluster_articles`` and each task of the Dask corpus phase).
INDEX_API = frozenset({
    "article_dates", "article_texts", "load_signatures", "signature_dates", "add_term_counts", "signature_count",
    "term_counts",
    "story_row", "story_band_hits", "stories_of", "story_members", "new_story_id", "merge_story",
    "place_in_story", "save_story_signature", "write_story", "local_entities", "entity_key_hits",
    "entity_keys_with_prefix", "add_entity_keys", "new_entity_id", "entity_rows", "write_entity",
    "set_local_entity_ids", "entity_ids_in_articles", "statements_of", "statements_by_id", "set_speaker_ids",
    "add_quote_shingles", "quote_shingle_hits", "statements_in_stories_by_speaker", "write_links",
})


class StoreIndex:
    """The corpus indexes of a :class:`Store`: each function of :data:`INDEX_API` with the store bound."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def iter_articles(self, ids: Iterable[str]):
        return self.store.iter_articles(ids)

    def __getattr__(self, name: str):
        if name not in INDEX_API:
            raise AttributeError(name)
        function = globals()[name]
        return lambda *args, **kwargs: function(self.store, *args, **kwargs)


def as_index(store):
    """A :class:`StoreIndex` for a store; an index (``MemoryIndex``) as it is."""
    return StoreIndex(store) if isinstance(store, Store) else store


def statement_row(article_id: str, statement) -> dict:
    """A ``quotes`` row of a :class:`~newsprism.records.Statement` as :func:`statements_of` returns it."""
    return {"quote_id": statement.quote_id(article_id), "article_id": article_id, "start": statement.start,
            "end": statement.end, "text": statement.text, "kind": statement.kind, "speaker": statement.speaker,
            "speaker_key": statement.speaker_key, "speaker_id": None, "addressee": statement.addressee,
            "quoted": [tuple(q) for q in statement.quoted]}


def local_entity_row(article_id: str, entity) -> dict:
    """A ``local_entities`` row of a :class:`~newsprism.records.LocalEntity` as :func:`local_entities` returns it."""
    return {"article_id": article_id, "key": entity.key, "name": entity.name, "type": entity.type,
            "aliases": list(entity.aliases), "roles": list(entity.roles)}


class MemoryIndex:
    """The corpus tables of some articles in memory, answering :data:`INDEX_API` exactly as SQLite would on a
    store holding only those articles (same orders: rowid = insertion order, ``INSERT OR REPLACE`` = a new rowid).

    ``df`` presets the term counts (a Dask task: the corpus's counts, fixed for the batch); ids are allocated
    from ``s000001`` / ``e000001`` in order of creation (``created_stories``, ``created_entities``).
    """

    def __init__(self, results=(), *, df: dict[str, int] | None = None) -> None:
        self.articles: dict = {}
        self.quotes: dict[str, dict] = {}
        self.quotes_of: dict[str, list[str]] = {}
        self.locals: dict[str, list[dict]] = {}
        self.local_ids: dict[tuple[str, int], str] = {}
        self.signatures: dict[str, tuple[str, bytes]] = {}
        self.bands: dict[tuple[int, int], list[str]] = {}
        self.df: dict[str, int] = dict(df or {})
        self.story_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}   # story → articles in rowid order
        self.rowid: dict[str, int] = {}           # story_articles rowid of each placed article
        self.stories: dict[str, tuple] = {}       # insertion (rowid) order
        self.created_stories: list[str] = []
        self.opened_by: dict[str, str] = {}      # story → the article it was opened for
        self.bands_of: dict[str, list[int]] = {}
        self.keys: dict[str, dict[str, int]] = {}
        self.key_rows: dict[tuple[str, str], None] = {}  # (key, entity) in rowid order
        self.surnames: dict[str, set[str]] = {}   # "person:last:" → full keys
        self.entities: dict[str, dict] = {}
        self.created_entities: list[str] = []
        self.shingles: dict[int, list[str]] = {}
        self.shingle_rows: list[tuple[int, str]] = []
        self.links: dict[tuple[str, str], Link] = {}
        self.counters = {"story": 0, "entity": 0, "rowid": 0}
        for result in results:
            self.add_result(result)

    def add_result(self, result) -> None:
        """One analysed article (as the store's ``write_results`` would take it; first quote id wins)."""
        aid = result.article.article_id
        self.articles[aid] = result.article
        ids = self.quotes_of.setdefault(aid, [])
        for statement in result.statements:
            row = statement_row(aid, statement)
            if row["quote_id"] not in self.quotes:
                self.quotes[row["quote_id"]] = row
                ids.append(row["quote_id"])
        entities = {e.key: local_entity_row(aid, e) for e in result.entities}  # INSERT OR REPLACE: last wins
        self.locals[aid] = [entities[k] for k in sorted(entities)]

    # articles
    def iter_articles(self, ids: Iterable[str]):
        return (self.articles[a] for a in ids if a in self.articles)

    def article_dates(self, ids: Iterable[str]) -> dict[str, str | None]:
        return {a: self.articles[a].published for a in ids if a in self.articles}

    def article_texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {a: self.articles[a].text for a in ids if a in self.articles}

    # signatures, terms, bands
    def load_signatures(self, ids: Iterable[str], kind: str) -> dict[str, bytes]:
        return {a: self.signatures[a][1] for a in ids if a in self.signatures and self.signatures[a][0] == kind}

    def signature_dates(self, ids: Iterable[str], kind: str) -> dict[str, str | None]:
        return {a: json.loads(data)["published"] for a, data in self.load_signatures(ids, kind).items()}

    def signature_count(self, kind: str) -> int:
        return sum(1 for k, _ in self.signatures.values() if k == kind)

    def add_term_counts(self, counts: dict[str, int]) -> None:
        for term, count in counts.items():
            self.df[term] = self.df.get(term, 0) + count

    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: self.df[t] for t in terms if t in self.df}

    def save_story_signature(self, article_id: str, kind: str, data: bytes, bands: list[int], *,
                             replace: bool = False) -> None:
        self.signatures.pop(article_id, None)
        self.signatures[article_id] = (kind, data)
        self.bands_of[article_id] = list(bands)
        if replace:
            for rows in self.bands.values():
                while article_id in rows:
                    rows.remove(article_id)
        for i, bucket in enumerate(bands):
            self.bands.setdefault((i, bucket), []).append(article_id)

    def story_band_hits(self, bands: list[int], *, limit: int) -> dict[str, int]:
        hits: dict[str, int] = {}
        for i, bucket in enumerate(bands):
            for article_id in self.bands.get((i, bucket), [])[-limit:][::-1]:
                hits[article_id] = hits.get(article_id, 0) + 1
        return hits

    # stories
    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        return {a: self.story_of[a] for a in ids if a in self.story_of}

    def story_members(self, story_ids: Iterable[str], *, newest: int | None = None,
                      oldest: int | None = None) -> dict[str, list[str]]:
        found = {}
        for story_id in story_ids:
            ids = self.members.get(story_id)
            if not ids:
                continue
            found[story_id] = ids[-newest:] if newest is not None else ids[:oldest] if oldest is not None else list(ids)
        return found

    def new_story_id(self) -> str:
        self.counters["story"] += 1
        story_id = f"s{self.counters['story']:06d}"
        self.created_stories.append(story_id)
        return story_id

    def place_in_story(self, article_id: str, story_id: str) -> None:
        old = self.story_of.get(article_id)
        if old is not None:
            self.members[old].remove(article_id)
        self.counters["rowid"] += 1
        self.rowid[article_id] = self.counters["rowid"]
        self.story_of[article_id] = story_id
        self.opened_by.setdefault(story_id, article_id)
        self.members.setdefault(story_id, []).append(article_id)

    def merge_story(self, story_id: str, *, into: str) -> None:
        moved = self.members.pop(story_id, [])
        for article_id in moved:
            self.story_of[article_id] = into
        self.members[into] = sorted(self.members.get(into, []) + moved, key=self.rowid.__getitem__)
        self.stories.pop(story_id, None)

    def write_story(self, story_id: str, title: str, first_date: str | None, last_date: str | None) -> None:
        self.stories.pop(story_id, None)
        self.stories[story_id] = (title, first_date, last_date)

    def story_row(self, story_id: str) -> dict | None:
        row = self.stories.get(story_id)
        return None if row is None else {"story_id": story_id, "title": row[0], "first_date": row[1],
                                         "last_date": row[2]}

    # entities
    def local_entities(self, ids: Iterable[str]) -> list[dict]:
        return [dict(row, aliases=list(row["aliases"]), roles=list(row["roles"]))
                for a in sorted(set(ids)) for row in self.locals.get(a, [])]

    def entity_key_hits(self, keys: Iterable[str]) -> dict[str, dict[str, int]]:
        return {k: dict(self.keys[k]) for k in set(keys) if self.keys.get(k)}

    def entity_keys_with_prefix(self, prefix: str) -> list[tuple[str, str]]:
        return sorted((key, entity) for key in self.surnames.get(prefix, ()) for entity in self.keys[key])

    def add_entity_keys(self, entity_id: str, keys: Iterable[str]) -> None:
        for key in sorted(set(keys)):
            bucket = self.keys.setdefault(key, {})
            bucket[entity_id] = bucket.get(entity_id, 0) + 1
            self.key_rows.setdefault((key, entity_id), None)
            if key.count(":") == 2:
                self.surnames.setdefault(key.rsplit(":", 1)[0] + ":", set()).add(key)

    def new_entity_id(self) -> str:
        self.counters["entity"] += 1
        entity_id = f"e{self.counters['entity']:06d}"
        self.created_entities.append(entity_id)
        return entity_id

    def entity_rows(self, entity_ids: Iterable[str]) -> dict[str, dict]:
        return {e: dict(self.entities[e], aliases=list(self.entities[e]["aliases"]),
                        roles=list(self.entities[e]["roles"])) for e in set(entity_ids) if e in self.entities}

    def write_entity(self, entity_id: str, name: str, type_: str | None, aliases: Iterable[str],
                     roles: Iterable[str]) -> None:
        self.entities.pop(entity_id, None)
        self.entities[entity_id] = {"entity_id": entity_id, "name": name, "type": type_,
                                    "aliases": sorted(set(aliases)), "roles": sorted(set(roles))}

    def set_local_entity_ids(self, assignments: Iterable[tuple[str, int, str]]) -> None:
        for article_id, key, entity_id in assignments:
            if any(row["key"] == key for row in self.locals.get(article_id, [])):
                self.local_ids[(article_id, key)] = entity_id

    def entity_ids_in_articles(self, ids: Iterable[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for article_id in set(ids):
            for row in self.locals.get(article_id, []):
                entity_id = self.local_ids.get((article_id, row["key"]))
                if entity_id is not None:
                    counts[entity_id] = counts.get(entity_id, 0) + 1
        return counts

    # statements and links
    def statements_of(self, ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
        rows = [dict(self.quotes[q]) for a in set(ids) for q in self.quotes_of.get(a, ())
                if self.quotes[q]["kind"] in kinds]
        rows.sort(key=statement_order)
        return rows

    def statements_by_id(self, quote_ids: Iterable[str]) -> dict[str, dict]:
        return {q: dict(self.quotes[q]) for q in set(quote_ids) if q in self.quotes}

    def set_speaker_ids(self, assignments: Iterable[tuple[str, str | None]]) -> None:
        for quote_id, entity_id in assignments:
            if quote_id in self.quotes:
                self.quotes[quote_id]["speaker_id"] = entity_id

    def add_quote_shingles(self, quote_id: str, shingles: Iterable[int]) -> None:
        for shingle in sorted(set(shingles)):
            self.shingles.setdefault(shingle, []).append(quote_id)
            self.shingle_rows.append((shingle, quote_id))

    def quote_shingle_hits(self, shingles: Iterable[int], *, limit: int) -> dict[str, int]:
        hits: dict[str, int] = {}
        for shingle in sorted(set(shingles)):
            for quote_id in self.shingles.get(shingle, [])[-limit:][::-1]:
                hits[quote_id] = hits.get(quote_id, 0) + 1
        return hits

    def statements_in_stories_by_speaker(self, story_ids: Iterable[str], kinds: tuple[str, ...]) -> list[dict]:
        rows = []
        for story_id in set(story_ids):
            for article_id in self.members.get(story_id, []):
                for q in self.quotes_of.get(article_id, ()):
                    row = self.quotes[q]
                    if row["kind"] in kinds and row["speaker_id"] is not None:
                        rows.append({"quote_id": q, "article_id": article_id, "text": row["text"],
                                     "kind": row["kind"], "speaker_id": row["speaker_id"],
                                     "quoted": list(row["quoted"]), "story_id": story_id})
        rows.sort(key=lambda r: (r["article_id"], r["quote_id"]))
        return rows

    def write_links(self, links: Iterable[Link]) -> None:
        for link in sorted(links, key=lambda k: (k.quote_a, k.quote_b)):
            self.links.pop((link.quote_a, link.quote_b), None)
            self.links[(link.quote_a, link.quote_b)] = link


# -- a corpus phase computed elsewhere (Dask), written in one go ---------------------------------------------


def is_fresh(store: Store) -> bool:
    """No article placed yet: the corpus tables are empty (what a Dask corpus phase starts from)."""
    return not any(store.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                   for t in ("story_articles", "signatures", "entities", "links", "entity_keys", "term_df"))


def pending_with_hashes(store: Store) -> list[tuple[str, str]]:
    """``(article_id, text_hash)`` of the queued articles, in queue order."""
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT p.article_id, a.text_hash FROM pending p JOIN articles a USING (article_id) ORDER BY p.rowid")]


def write_computed(store: Store, tables) -> None:
    """Write a corpus phase computed outside the store (``engine.corpus.CorpusTables``) and empty the queue,
    inside the caller's transaction; every table in the order the local phase inserts its rows."""
    conn = store.conn
    conn.executemany("INSERT INTO term_df(term, df) VALUES (?, ?)", tables.term_df)
    conn.executemany("INSERT INTO story_articles(article_id, story_id) VALUES (?, ?)", tables.story_articles)
    conn.executemany("INSERT INTO signatures(article_id, kind, data) VALUES (?,?,?)", tables.signatures)
    conn.executemany("INSERT INTO story_bands(band, bucket, article_id) VALUES (?,?,?)", tables.story_bands)
    conn.executemany("INSERT INTO stories(story_id, title, first_date, last_date) VALUES (?,?,?,?)", tables.stories)
    conn.executemany("INSERT INTO entity_keys(key, entity_id, weight) VALUES (?,?,?)", tables.entity_keys)
    for row in tables.entities:
        write_entity(store, row["entity_id"], row["name"], row["type"], row["aliases"], row["roles"])
    set_local_entity_ids(store, tables.local_entity_ids)
    set_speaker_ids(store, tables.speaker_ids)
    conn.executemany("INSERT INTO quote_shingles(shingle, quote_id) VALUES (?, ?)", tables.quote_shingles)
    write_links(store, tables.links)
    for key, value in (("next_story", tables.next_story), ("next_entity", tables.next_entity)):
        if value > 1:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))
    store.clear_pending([a for a, _s in tables.story_articles])
