"""Read queries behind the report and the explorer: plain dicts out, nothing written.

Every function takes a :class:`~newsprism.store.db.Store` (usually opened with
``readonly=True``) and returns JSON-able rows, so one call feeds an HTML page, its
JSON twin and its CSV download alike. Lists are capped by the caller's ``limit``;
:func:`time_limit` cuts a query that runs too long.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from newsprism.store.db import Store, StoreError

__all__ = [
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "QueryTimeout",
    "SearchFilters",
    "article",
    "article_ids",
    "article_spans",
    "coverage",
    "data_version",
    "fts_query",
    "make_snippet",
    "outlets",
    "search_articles",
    "search_statements",
    "snapshot",
    "source_label",
    "speaker",
    "speaker_refs",
    "speaker_statements",
    "story",
    "story_claims",
    "story_links",
    "story_list",
    "story_loaded",
    "story_mentions",
    "story_statements",
    "story_total",
    "time_limit",
    "top_speakers",
    "unplaced_articles",
]

#: Markers ``snippet()`` puts around matched words; control characters that no
#: article text keeps, replaced by ``<mark>`` only after the text is escaped.
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"

_QUOTE_COLUMNS = (
    'q.quote_id, q.article_id, q.start, q."end", q.text, q.kind, q.speaker, q.speaker_id,'
    " q.speaker_type, q.speaker_start, q.speaker_end, q.cue, q.cue_lemma, q.cue_start, q.cue_end,"
    " q.addressee"
)
_ARTICLE_COLUMNS = "a.article_id, a.outlet, a.title, a.published, a.url, a.word_count"


class QueryTimeout(StoreError):
    """A read query ran past its time limit and was interrupted."""


@dataclass(frozen=True)
class SearchFilters:
    """Optional narrowing of a full-text search; ``None`` means no filter."""

    speaker: str | None = None  # entity id or speaker name
    outlet: str | None = None
    story: str | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    kind: str | None = None  # statement kind (statements only)


# -- helpers -------------------------------------------------------------------


@contextmanager
def time_limit(store: Store, seconds: float) -> Iterator[None]:
    """Interrupt any query on ``store`` that runs longer than ``seconds``; raise QueryTimeout."""
    deadline = time.monotonic() + seconds
    store.conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTimeout(f"query took longer than {seconds:g} s") from exc
        raise
    finally:
        store.conn.set_progress_handler(None, 0)


@contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Run the enclosed reads in one read transaction: one consistent, committed state.

    While ``analyze`` writes (WAL), the reader keeps seeing the last commit that
    existed when the snapshot began.
    """
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.rollback()


def data_version(store: Store) -> int:
    """A number that changes whenever another connection commits: the key for cached pages."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0]


def _params(params):
    return params if isinstance(params, dict) else tuple(params)


def _rows(store: Store, sql: str, params=()) -> list[dict]:
    return [dict(row) for row in store.conn.execute(sql, _params(params))]


def _one(store: Store, sql: str, params=()) -> dict | None:
    row = store.conn.execute(sql, _params(params)).fetchone()
    return dict(row) if row is not None else None


def source_label(row: dict) -> str:
    """What to call an article's source: its outlet, else its title, else its id."""
    return row.get("outlet") or row.get("title") or row["article_id"]


def _labelled(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["source"] = source_label(row)
    return rows


_FTS_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: phrases in double quotes, words ANDed.

    No FTS5 operator or column filter typed by the user reaches SQLite, so no
    input can raise a syntax error or widen the search.
    """
    parts = []
    for phrase, word in _FTS_TERM.findall(text):
        words = _WORD.findall(phrase if phrase else word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    return " ".join(parts) or None


def _speaker_match(alias: str = "q") -> str:
    return f"({alias}.speaker_id = :speaker OR ({alias}.speaker_id IS NULL AND {alias}.speaker = :speaker))"


# -- index ---------------------------------------------------------------------


def story_total(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]


def story_list(store: Store, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Stories, most recent first, with their outlets, article and statement counts."""
    stories = _rows(
        store,
        "SELECT s.story_id, s.title, s.first_date, s.last_date FROM stories s"
        " ORDER BY s.last_date IS NULL, s.last_date DESC, s.story_id LIMIT ? OFFSET ?",
        (limit, offset),
    )
    if not stories:
        return []
    ids = [row["story_id"] for row in stories]
    members: dict[str, list[dict]] = {story_id: [] for story_id in ids}
    for article in _rows(
        store,
        "SELECT sa.story_id, a.article_id, a.outlet, a.title,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id AND q.kind != 'term')"
        " AS n_statements"
        " FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
        f" WHERE sa.story_id IN ({','.join('?' * len(ids))})",
        ids,
    ):
        members[article["story_id"]].append(article)
    for row in stories:
        articles = members[row["story_id"]]
        row["n_articles"] = len(articles)
        row["n_statements"] = sum(a["n_statements"] for a in articles)
        row["outlets"] = sorted({source_label(a) for a in articles})
    return stories


def unplaced_articles(store: Store, *, limit: int = 50) -> list[dict]:
    """Articles in no story yet (the corpus phase has not placed them), newest first."""
    ids = [r[0] for r in store.conn.execute(
        "SELECT a.article_id FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.article_id)"
        " ORDER BY a.published DESC, a.outlet DESC, a.article_id DESC LIMIT ?", (limit,))]
    if not ids:
        return []
    rows = {r["article_id"]: r for r in _rows(
        store,
        f"SELECT {_ARTICLE_COLUMNS},"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id AND q.kind != 'term')"
        f" AS n_statements FROM articles a WHERE a.article_id IN ({','.join('?' * len(ids))})",
        ids)}
    return _labelled([rows[i] for i in ids])


def top_speakers(store: Store, *, limit: int = 20) -> list[dict]:
    """Speakers with the most statements (scare-quoted terms not counted).

    Linked speakers are counted from an index alone; statements not yet linked to an
    entity are grouped by the name the article gives.
    """
    linked = _rows(
        store,
        "SELECT q.speaker_id AS ref, count(*) AS n_statements, count(DISTINCT q.article_id) AS n_articles"
        " FROM quotes q"
        " WHERE q.speaker_id IS NOT NULL AND q.kind != 'term'"
        " GROUP BY q.speaker_id ORDER BY n_statements DESC, ref LIMIT ?",
        (limit,),
    )
    unlinked = _rows(
        store,
        "SELECT q.speaker AS ref, q.speaker AS name, max(q.speaker_type) AS type, count(*) AS n_statements,"
        " count(DISTINCT q.article_id) AS n_articles FROM quotes q"
        " WHERE q.speaker_id IS NULL AND q.speaker IS NOT NULL AND q.kind != 'term'"
        " GROUP BY q.speaker ORDER BY n_statements DESC, ref LIMIT ?",
        (limit,),
    )
    for row in linked:
        entity = _one(store, "SELECT name, type FROM entities WHERE entity_id = ?", (row["ref"],)) or {}
        if not entity.get("type"):
            entity["type"] = (_one(store, "SELECT speaker_type FROM quotes WHERE speaker_id = ? LIMIT 1",
                                   (row["ref"],)) or {}).get("speaker_type")
        row["name"] = entity.get("name") or row["ref"]
        row["type"] = entity.get("type")
    ranked = sorted(linked + unlinked, key=lambda r: (-r["n_statements"], r["name"] or ""))
    return ranked[:limit]


def coverage(store: Store) -> list[dict]:
    """Articles per publication date and outlet: the data of the coverage timeline."""
    return _rows(
        store,
        "SELECT a.published, coalesce(a.outlet, 'unknown outlet') AS outlet, count(*) AS n_articles"
        " FROM articles a WHERE a.published IS NOT NULL"
        " GROUP BY a.published, a.outlet ORDER BY a.published, outlet",
    )


def article_ids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT article_id FROM articles ORDER BY rowid")]


def speaker_refs(store: Store) -> list[str]:
    """Every speaker reference (entity id, or name before linking) that has a statement."""
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT coalesce(speaker_id, speaker) FROM quotes"
        " WHERE kind != 'term' AND coalesce(speaker_id, speaker) IS NOT NULL ORDER BY 1")]


def outlets(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]


# -- story -----------------------------------------------------------------------


def story(store: Store, story_id: str) -> dict | None:
    """One story and its articles (in date order), or None."""
    row = _one(store, "SELECT story_id, title, first_date, last_date FROM stories WHERE story_id = ?",
               (story_id,))
    if row is None:
        return None
    row["articles"] = _labelled(_rows(
        store,
        f"SELECT {_ARTICLE_COLUMNS} FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
        " WHERE sa.story_id = ? ORDER BY a.published, a.article_id",
        (story_id,),
    ))
    return row


def story_statements(store: Store, story_id: str) -> list[dict]:
    """Statements of a story's articles, in article and text order."""
    return _rows(
        store,
        f"SELECT {_QUOTE_COLUMNS}, coalesce(e.name, q.speaker) AS speaker_name"
        " FROM story_articles sa JOIN quotes q ON q.article_id = sa.article_id"
        " LEFT JOIN entities e ON e.entity_id = q.speaker_id"
        " WHERE sa.story_id = ? ORDER BY q.article_id, q.start",
        (story_id,),
    )


def story_links(store: Store, story_id: str) -> list[dict]:
    """Links whose two statements both belong to the story; ``diff`` decoded."""
    rows = _rows(
        store,
        "SELECT l.quote_a, l.quote_b, l.relation, l.diff FROM links l"
        " JOIN quotes qa ON qa.quote_id = l.quote_a JOIN story_articles sa ON sa.article_id = qa.article_id"
        " JOIN quotes qb ON qb.quote_id = l.quote_b JOIN story_articles sb ON sb.article_id = qb.article_id"
        " WHERE sa.story_id = :story AND sb.story_id = :story ORDER BY l.quote_a, l.quote_b",
        {"story": story_id},
    )
    for row in rows:
        row["diff"] = [list(op) for op in json.loads(row["diff"])] if row["diff"] else []
    return rows


def story_claims(store: Store, story_id: str) -> list[dict]:
    return _rows(
        store,
        "SELECT c.claim_id, c.article_id, c.start, c.\"end\", c.text, c.value, c.value_low, c.value_high,"
        " c.unit, c.about FROM story_articles sa JOIN claims c ON c.article_id = sa.article_id"
        " WHERE sa.story_id = ? ORDER BY c.about, c.unit, c.article_id, c.start",
        (story_id,),
    )


def story_mentions(store: Store, story_id: str, kinds=("title", "descriptor", "group")) -> list[dict]:
    """Labels (titles, descriptors, group names) each article uses, with the entity they name."""
    marks = ",".join("?" * len(kinds))
    return _rows(
        store,
        "SELECT m.article_id, m.start, m.\"end\", m.text, m.kind, le.name AS entity_name"
        " FROM story_articles sa JOIN mentions m ON m.article_id = sa.article_id"
        " LEFT JOIN local_entities le ON le.article_id = m.article_id AND le.key = m.entity_key"
        f" WHERE sa.story_id = ? AND m.kind IN ({marks}) ORDER BY m.article_id, m.start",
        (story_id, *kinds),
    )


def story_loaded(store: Store, story_id: str) -> list[dict]:
    return _rows(
        store,
        "SELECT l.article_id, l.start, l.\"end\", l.text, l.category"
        " FROM story_articles sa JOIN loaded l ON l.article_id = sa.article_id"
        " WHERE sa.story_id = ? ORDER BY l.article_id, l.start",
        (story_id,),
    )


# -- article ---------------------------------------------------------------------


def article(store: Store, article_id: str) -> dict | None:
    """One article with its text and story, or None."""
    row = _one(
        store,
        f"SELECT {_ARTICLE_COLUMNS}, a.text, a.authors, a.date_source, sa.story_id, s.title AS story_title"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id"
        " LEFT JOIN stories s ON s.story_id = sa.story_id WHERE a.article_id = ?",
        (article_id,),
    )
    if row is None:
        return None
    row["authors"] = json.loads(row["authors"] or "[]")
    row["source"] = source_label(row)
    return row


def article_spans(store: Store, article_id: str) -> dict[str, list[dict]]:
    """Everything with offsets into the article's text: statements, mentions, loaded wording, claims."""
    return {
        "statements": _rows(
            store,
            f"SELECT {_QUOTE_COLUMNS}, coalesce(e.name, q.speaker) AS speaker_name FROM quotes q"
            " LEFT JOIN entities e ON e.entity_id = q.speaker_id WHERE q.article_id = ? ORDER BY q.start",
            (article_id,),
        ),
        "mentions": _rows(
            store,
            "SELECT m.start, m.\"end\", m.text, m.kind, le.name AS entity_name, le.entity_id"
            " FROM mentions m LEFT JOIN local_entities le"
            " ON le.article_id = m.article_id AND le.key = m.entity_key"
            " WHERE m.article_id = ? ORDER BY m.start",
            (article_id,),
        ),
        "loaded": _rows(store, "SELECT start, \"end\", text, category FROM loaded WHERE article_id = ?"
                               " ORDER BY start", (article_id,)),
        "claims": _rows(store, "SELECT claim_id, start, \"end\", text, value, value_low, value_high, unit, about"
                               " FROM claims WHERE article_id = ? ORDER BY start", (article_id,)),
    }


# -- speaker ---------------------------------------------------------------------


def speaker(store: Store, ref: str) -> dict | None:
    """A speaker by entity id (or, before linking, by name): name, type, aliases; None if unknown."""
    entity = _one(store, "SELECT * FROM entities WHERE entity_id = ?", (ref,))
    if entity is not None:
        for field in ("aliases", "roles"):
            entity[field] = json.loads(entity.get(field) or "[]")
        entity["ref"] = ref
        return entity
    row = _one(store, "SELECT speaker, speaker_type FROM quotes WHERE speaker_id IS NULL AND speaker = ?"
                      " LIMIT 1", (ref,))
    if row is None:
        return None
    return {"entity_id": None, "ref": ref, "name": row["speaker"], "type": row["speaker_type"], "aliases": [],
            "roles": []}


def speaker_statements(store: Store, ref: str, *, limit: int = 1000) -> list[dict]:
    """A speaker's statements across stories, oldest first (undated ones last)."""
    return _labelled(_rows(
        store,
        f"SELECT {_QUOTE_COLUMNS}, a.outlet, a.title, a.published, sa.story_id, s.title AS story_title"
        " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = q.article_id"
        " LEFT JOIN stories s ON s.story_id = sa.story_id"
        f" WHERE {_speaker_match()} AND q.kind != 'term'"
        " ORDER BY a.published IS NULL, a.published, q.article_id, q.start LIMIT :limit",
        {"speaker": ref, "limit": limit},
    ))


# -- search ------------------------------------------------------------------------


def _filter_sql(filters: SearchFilters, *, statements: bool) -> tuple[str, dict]:
    clauses, params = [], {}
    if filters.speaker:
        params["speaker"] = filters.speaker
        clauses.append(_speaker_match() if statements else
                       f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.article_id AND {_speaker_match()})")
    if filters.outlet:
        clauses.append("a.outlet = :outlet")
        params["outlet"] = filters.outlet
    if filters.story:
        clauses.append("sa.story_id = :story")
        params["story"] = filters.story
    if filters.date_from:
        clauses.append("a.published >= :date_from")
        params["date_from"] = filters.date_from
    if filters.date_to:
        clauses.append("a.published <= :date_to")
        params["date_to"] = filters.date_to
    if filters.kind and statements:
        clauses.append("q.kind = :kind")
        params["kind"] = filters.kind
    return "".join(f" AND {c}" for c in clauses), params


#: Above this many matches, results come newest first instead of by relevance: scoring every
#: match of a very common word costs more than a page of results is worth.
RANK_AT_MOST = 5000


def _ranked_ids(store: Store, fts: str, joins: str, where: str, params: dict) -> list[int]:
    """Row ids of the best matches, reading other tables only when a filter needs them."""
    if where:
        sql = (f"SELECT {fts}.rowid FROM {fts}{joins} WHERE {fts} MATCH :match{where}"
               f" ORDER BY bm25({fts}) LIMIT :limit")
    else:
        matches = store.conn.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :match", params).fetchone()[0]
        order = f"bm25({fts})" if matches <= RANK_AT_MOST else "rowid DESC"
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH :match ORDER BY {order} LIMIT :limit"
    return [r[0] for r in store.conn.execute(sql, params)]


def _fold(word: str) -> str:
    """A word as FTS5's unicode61 tokenizer compares it: case and diacritics folded."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_snippet(text: str, words: set[str], size: int = 24) -> str:
    """Up to ``size`` words of ``text`` around the first matched word, matches between markers.

    Done here rather than with FTS5's ``snippet()``, which re-runs the whole match for each row.
    """
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""
    hit = next((i for i, token in enumerate(tokens) if _fold(token.group()) in words), 0)
    first = max(0, hit - size // 4)
    last = min(len(tokens), first + size)
    pieces, cursor = [], tokens[first].start()
    for token in tokens[first:last]:
        if _fold(token.group()) in words:
            pieces.append(text[cursor:token.start()] + SNIPPET_OPEN + token.group() + SNIPPET_CLOSE)
            cursor = token.end()
    pieces.append(text[cursor:tokens[last - 1].end()])
    return ("…" if first > 0 else "") + "".join(pieces) + ("…" if last < len(tokens) else "")


def _snippets(rows: list[dict], field: str, match: str) -> dict[int, str]:
    words = {_fold(w) for w in _WORD.findall(match)}
    return {row["fts_rowid"]: make_snippet(row.pop(field), words) for row in rows}


def _in_rank_order(rows: list[dict], ids: list[int], snippets: dict[int, str]) -> list[dict]:
    by_id = {}
    for row in rows:
        rowid = row.pop("fts_rowid")
        row["snippet"] = snippets.get(rowid)
        by_id[rowid] = row
    return [by_id[i] for i in ids if i in by_id]


def search_statements(store: Store, text: str, filters: SearchFilters = SearchFilters(), *,
                      limit: int = 50) -> list[dict]:
    """Statements matching ``text`` (best first), with a snippet marked by SNIPPET_OPEN/CLOSE."""
    match = fts_query(text)
    if match is None:
        return []
    where, params = _filter_sql(filters, statements=True)
    params.update(match=match, limit=limit)
    joins = (" JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN articles a ON a.article_id = q.article_id"
             " LEFT JOIN story_articles sa ON sa.article_id = q.article_id")
    ids = _ranked_ids(store, "quotes_fts", joins, where, params)
    if not ids:
        return []
    rows = _rows(
        store,
        f"SELECT q.rowid AS fts_rowid, {_QUOTE_COLUMNS},"
        f" {_ARTICLE_COLUMNS.replace('a.article_id, ', '')},"
        " sa.story_id, coalesce(e.name, q.speaker) AS speaker_name"
        " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = q.article_id"
        " LEFT JOIN entities e ON e.entity_id = q.speaker_id"
        f" WHERE q.rowid IN ({','.join(map(str, ids))})",
    )
    snippets = _snippets([{"fts_rowid": r["fts_rowid"], "text": r["text"]} for r in rows], "text", match)
    return _labelled(_in_rank_order(rows, ids, snippets))


def search_articles(store: Store, text: str, filters: SearchFilters = SearchFilters(), *,
                    limit: int = 50) -> list[dict]:
    """Articles matching ``text`` (best first), with a snippet of the text."""
    match = fts_query(text)
    if match is None or filters.kind:
        return []
    where, params = _filter_sql(filters, statements=False)
    params.update(match=match, limit=limit)
    joins = (" JOIN articles a ON a.rowid = articles_fts.rowid"
             " LEFT JOIN story_articles sa ON sa.article_id = a.article_id")
    ids = _ranked_ids(store, "articles_fts", joins, where, params)
    if not ids:
        return []
    rows = _rows(
        store,
        f"SELECT a.rowid AS fts_rowid, {_ARTICLE_COLUMNS}, a.text AS fts_text, sa.story_id"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id"
        f" WHERE a.rowid IN ({','.join(map(str, ids))})",
    )
    return _labelled(_in_rank_order(rows, ids, _snippets(rows, "fts_text", match)))
