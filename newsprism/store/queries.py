"""Read queries behind the report and the explorer: plain dicts out, nothing written.

Every function takes a :class:`~newsprism.store.db.Store` (usually opened with
``readonly=True``) and returns JSON-able rows, so one call feeds an HTML page, its
JSON twin and its CSV download alike. Lists are capped by the caller's ``limit``;
:func:`time_limit` cuts a query that runs too long.
"""

from __future__ import annotations

import heapq
import json
import re
import sqlite3
import time
from array import array
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from newsprism.store.db import Store, StoreError
from newsprism.store.search_syntax import ParsedSearch, SearchSyntaxError, fold, parse_search

__all__ = [
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "QueryTimeout",
    "SORTS",
    "SqlError",
    "SearchFilters",
    "SearchSyntaxError",
    "article",
    "article_ids",
    "article_spans",
    "coverage",
    "data_version",
    "FacetIndex",
    "facet_index",
    "fts_query",
    "count_statements",
    "make_snippet",
    "outlet_of",
    "outlet_sql",
    "outlet_summary",
    "outlets",
    "resolve_speakers",
    "run_sql",
    "search_articles",
    "search_statements",
    "snapshot",
    "speaker",
    "speaker_refs",
    "speaker_directory",
    "speaker_statements",
    "speaker_types",
    "statement_facets",
    "story_list",
    "story_total",
    "time_limit",
    "top_speakers",
    "totals",
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

    code = "NP-E303"


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


#: What :func:`outlet_of` trims off an outlet name (the characters SQL's ``trim`` in :func:`outlet_sql` is given).
_OUTLET_BLANKS = " \t\n\r"


def outlet_of(row) -> str:
    """The one definition of an article's outlet: its outlet name, else (unknown) the article's id.

    Articles of an unknown outlet are compared one by one, each its own outlet, so a story's
    verdicts never merge two unknown sources. ``row``: any mapping with ``article_id`` and ``outlet``.
    :func:`outlet_sql` is the same definition for SQL (the outlet pages group and filter by it).
    """
    return (row.get("outlet") or "").strip(_OUTLET_BLANKS) or row["article_id"]


def outlet_sql(alias: str = "a") -> str:
    """:func:`outlet_of` as an SQL expression over the articles table aliased ``alias``."""
    return f"coalesce(nullif(trim({alias}.outlet, char(32, 9, 10, 13)), ''), {alias}.article_id)"



def _labelled(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["source"] = outlet_of(row)
    return rows


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """What a user typed as a safe FTS5 query (see :mod:`newsprism.store.search_syntax`).

    Raises SearchSyntaxError, with a reason to show the user, when the text cannot be read.
    """
    parsed = parse_search(text)
    return parsed.match if parsed else None


def _speaker_match(alias: str = "q") -> str:
    return f"({alias}.speaker_id = :speaker OR ({alias}.speaker_id IS NULL AND {alias}.speaker = :speaker))"


# -- index ---------------------------------------------------------------------


def story_total(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]


#: The story list's order: newest last date first, undated stories last (index ``stories_recent``).
_STORY_ORDER = "last_date IS NULL, last_date DESC, story_id"


def story_list(store: Store, *, limit: int = 50, offset: int = 0) -> list[dict]:
    """Stories, most recent first, with their outlets, article and statement counts.

    Two queries whatever the page: the page of stories read from the ``stories_recent`` index,
    then one row per story counting its articles and statements (``quotes_article_facets``).
    """
    stories = _rows(
        store,
        f"SELECT story_id, title, first_date, last_date FROM stories ORDER BY {_STORY_ORDER} LIMIT ? OFFSET ?",
        (limit, offset),
    )
    if not stories:
        return []
    ids = [row["story_id"] for row in stories]
    counted = {row["story_id"]: row for row in _rows(
        store,
        "SELECT sa.story_id, count(*) AS n_articles,"
        " sum((SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id AND q.kind != 'term'))"
        " AS n_statements, json_group_array(json_array(a.outlet, a.article_id)) AS members"
        " FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
        f" WHERE sa.story_id IN ({','.join('?' * len(ids))}) GROUP BY sa.story_id",
        ids,
    )}
    for row in stories:
        found = counted.get(row["story_id"])
        row["n_articles"] = found["n_articles"] if found else 0
        row["n_statements"] = found["n_statements"] if found else 0
        members = json.loads(found["members"]) if found else []
        row["outlets"] = sorted({outlet_of({"outlet": outlet, "article_id": article_id})
                                 for outlet, article_id in members})
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
        f"SELECT a.published, {outlet_sql()} AS outlet, count(*) AS n_articles"
        " FROM articles a WHERE a.published IS NOT NULL"
        f" GROUP BY a.published, {outlet_sql()} ORDER BY a.published, outlet",
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
# A story's page is the story view (newsprism.compare.story), read through store.framing.


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
    row["source"] = outlet_of(row)
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




def resolve_speakers(store: Store, name: str, *, limit: int = 50) -> list[dict]:
    """Speakers a typed name or id may mean, most quoted first: ``ref``, ``name``, ``type``, ``n_statements``.

    An entity id, or a name or alias given in full (any case), is taken as meant; otherwise
    every speaker whose name or alias contains the text is a candidate.
    """
    typed = " ".join(name.split())
    if not typed:
        return []
    entity = _one(store, "SELECT entity_id AS ref, name, type FROM entities WHERE entity_id = ?", (typed,))
    if entity is not None:
        return [_with_count(store, entity)]
    folded = typed.casefold()
    exact, partial = [], []
    for row in _rows(store, "SELECT entity_id AS ref, name, type, aliases FROM entities"
                            " WHERE lower(name) LIKE :like OR lower(aliases) LIKE :like",
                     {"like": f"%{folded}%"}):
        names = [row["name"], *json.loads(row.pop("aliases") or "[]")]
        (exact if any((n or "").casefold() == folded for n in names) else partial).append(row)
    for row in _rows(store, "SELECT q.speaker AS ref, q.speaker AS name, max(q.speaker_type) AS type,"
                            " count(*) AS n_statements FROM quotes q"
                            " WHERE q.speaker_id IS NULL AND q.kind != 'term' AND lower(q.speaker) LIKE :like"
                            " GROUP BY q.speaker LIMIT 200", {"like": f"%{folded}%"}):
        (exact if row["name"].casefold() == folded else partial).append(row)
    chosen = exact or partial
    chosen = [row if "n_statements" in row else _with_count(store, row) for row in chosen]
    chosen = [row for row in chosen if row["n_statements"] > 0] or chosen
    return sorted(chosen, key=lambda r: (-r["n_statements"], r["name"] or "", r["ref"]))[:limit]


def _with_count(store: Store, row: dict) -> dict:
    row["n_statements"] = store.conn.execute(
        "SELECT count(*) FROM quotes WHERE speaker_id = ? AND kind != 'term'", (row["ref"],)).fetchone()[0]
    return row


def _speaker_in(store: Store, typed: str, params: dict, alias: str = "q") -> str:
    """SQL matching the statements of every speaker ``typed`` may mean (none: matches nothing)."""
    entity_ids, names = [], []
    for row in resolve_speakers(store, typed):
        (names if row["ref"] == row["name"] and _is_unlinked_name(store, row["ref"]) else entity_ids).append(
            row["ref"])
    clauses = []
    for key, values in (("spk_e", entity_ids), ("spk_n", names)):
        for i, value in enumerate(values):
            params[f"{key}{i}"] = value
    if entity_ids:
        clauses.append(f"{alias}.speaker_id IN ({','.join(f':spk_e{i}' for i in range(len(entity_ids)))})")
    if names:
        clauses.append(f"({alias}.speaker_id IS NULL AND {alias}.speaker IN"
                       f" ({','.join(f':spk_n{i}' for i in range(len(names)))}))")
    return "(" + " OR ".join(clauses) + ")" if clauses else "0"


def _is_unlinked_name(store: Store, ref: str) -> bool:
    return _one(store, "SELECT 1 AS x FROM entities WHERE entity_id = ?", (ref,)) is None


def _filter_sql(store: Store, filters: SearchFilters, *, statements: bool) -> tuple[str, dict]:
    clauses, params = [], {}
    if filters.speaker:
        match = _speaker_in(store, filters.speaker, params)
        clauses.append(match if statements else
                       f"a.article_id IN (SELECT q.article_id FROM quotes q WHERE {match})")
    if filters.outlet:
        clauses.append(f"{outlet_sql()} = :outlet")  # the one outlet definition (index articles_source_date)
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

#: Orders a result list can take; "relevance" needs words to search for.
SORTS = ("relevance", "newest", "oldest")

#: Undated last either way (DESC puts NULL last by itself, so the newest-first list reads the date index).
_DATE_ORDER = {"newest": "a.published DESC", "oldest": "a.published IS NULL, a.published"}

_STATEMENT_FROM = (" FROM quotes q JOIN articles a ON a.article_id = q.article_id"
                   " LEFT JOIN story_articles sa ON sa.article_id = q.article_id")
_ARTICLE_FROM = " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id"


def _sort(parsed: ParsedSearch | None, sort: str | None) -> str:
    if sort not in SORTS:
        sort = None
    if sort is None or (sort == "relevance" and parsed is None):
        return "relevance" if parsed is not None else "newest"
    return sort


def _matching_ids(store: Store, parsed: ParsedSearch | None, filters: SearchFilters, *, statements: bool,
                  limit: int, offset: int, sort: str, matches: int | None = None) -> list[int]:
    """Row ids (quotes or articles) of one page of results, in the order asked for; ``matches``: how many
    match, when the caller has counted them already (not counted again)."""
    table, fts = ("q", "quotes_fts") if statements else ("a", "articles_fts")
    where, params = _filter_sql(store, filters, statements=statements)
    if statements and not filters.kind and parsed is None:
        where += " AND q.kind != 'term'"  # scare-quoted terms are words, not statements: asked for by kind
    params.update(limit=limit, offset=offset)
    source = _STATEMENT_FROM if statements else _ARTICLE_FROM
    tie = ", q.article_id, q.start" if statements else ", a.article_id"
    if parsed is None:
        if statements and not filters.speaker:  # articles in date order, then their statements: no big sort
            source = source.replace("FROM quotes q JOIN articles a ON", "FROM articles a CROSS JOIN quotes q ON")
        sql = (f"SELECT {table}.rowid{source} WHERE 1{where}"
               f" ORDER BY {_DATE_ORDER[sort]}{tie} LIMIT :limit OFFSET :offset")
        return [r[0] for r in store.conn.execute(sql, params)]
    params["match"] = parsed.match
    if not where and sort == "relevance":
        if matches is None:
            matches = store.conn.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :match", params).fetchone()[0]
        order = f"bm25({fts})" if matches <= RANK_AT_MOST else "rowid DESC"
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH :match ORDER BY {order} LIMIT :limit OFFSET :offset"
        return [r[0] for r in store.conn.execute(sql, params)]
    order = f"bm25({fts})" if sort == "relevance" else _DATE_ORDER[sort] + tie
    sql = (f"SELECT {fts}.rowid FROM {fts} JOIN {_joined(statements)} WHERE {fts} MATCH :match{where}"
           f" ORDER BY {order} LIMIT :limit OFFSET :offset")
    return [r[0] for r in store.conn.execute(sql, params)]


def _joined(statements: bool) -> str:
    if statements:
        return ("quotes q ON q.rowid = quotes_fts.rowid JOIN articles a ON a.article_id = q.article_id"
                " LEFT JOIN story_articles sa ON sa.article_id = q.article_id")
    return "articles a ON a.rowid = articles_fts.rowid LEFT JOIN story_articles sa ON sa.article_id = a.article_id"


@lru_cache(maxsize=64)
def _hits_of(parsed: ParsedSearch):
    """``parsed.hits`` remembering its answer per token: a results page asks about the same words many times."""
    return lru_cache(maxsize=4096)(parsed.hits)


def make_snippet(text: str, words, size: int = 24) -> str:
    """Up to ``size`` words of ``text`` around the first matched word, matches between markers.

    ``words`` is a set of folded words or a ParsedSearch (which also knows prefixes). Done here
    rather than with FTS5's ``snippet()``, which re-runs the whole match for each row.
    """
    hits = _hits_of(words) if isinstance(words, ParsedSearch) else (lambda token: fold(token) in words)
    if not words and not isinstance(words, ParsedSearch):
        tokens = iter(())  # no word to look for: the opening words, without reading the whole text
    else:
        tokens = _WORD.finditer(text)
    recent: deque[re.Match] = deque(maxlen=size // 4 + 1)  # the words up to the first hit, that hit last
    window: list[re.Match] | None = None
    for token in tokens:  # read only as far as the snippet needs, not the whole article
        recent.append(token)
        if hits(token.group()):
            window = list(recent)
            break
    if window is None:  # no word matched as typed (FTS matched another form): the opening words
        window = list(islice(_WORD.finditer(text), size + 1))
        if not window:
            return ""
    else:
        window.extend(islice(tokens, max(0, size + 1 - len(window))))
    more, window = len(window) > size, window[:size]
    pieces, cursor = [], window[0].start()
    for token in window:
        if hits(token.group()):
            pieces.append(text[cursor:token.start()] + SNIPPET_OPEN + token.group() + SNIPPET_CLOSE)
            cursor = token.end()
    pieces.append(text[cursor:window[-1].end()])
    starts_late = _WORD.search(text, 0, window[0].start()) is not None
    return ("…" if starts_late else "") + "".join(pieces) + ("…" if more else "")


def _in_order(rows: list[dict], ids: list[int]) -> list[dict]:
    by_id = {row.pop("fts_rowid"): row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def search_statements(store: Store, text: str, filters: SearchFilters = SearchFilters(), *,
                      limit: int = 50, offset: int = 0, sort: str | None = None,
                      matches: int | None = None) -> list[dict]:
    """Statements matching ``text`` (all statements when it has no word) and the filters.

    Ordered by relevance (words given) or date (``sort``: newest, oldest); each with a
    snippet marked by SNIPPET_OPEN/CLOSE. SearchSyntaxError when ``text`` cannot be read.
    ``matches``: how many statements match, when already counted (:func:`statement_facets`' total).
    """
    parsed = parse_search(text)
    ids = _matching_ids(store, parsed, filters, statements=True, limit=limit, offset=offset,
                        sort=_sort(parsed, sort), matches=matches)
    if not ids:
        return []
    rows = _rows(
        store,
        f"SELECT q.rowid AS fts_rowid, {_QUOTE_COLUMNS},"
        f" {_ARTICLE_COLUMNS.replace('a.article_id, ', '')},"
        " sa.story_id, s.title AS story_title, coalesce(e.name, q.speaker) AS speaker_name"
        " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = q.article_id"
        " LEFT JOIN stories s ON s.story_id = sa.story_id"
        " LEFT JOIN entities e ON e.entity_id = q.speaker_id"
        f" WHERE q.rowid IN ({','.join(map(str, ids))})",
    )
    for row in rows:
        row["snippet"] = make_snippet(row["text"], parsed) if parsed else row["text"]
    return _labelled(_in_order(rows, ids))


def search_articles(store: Store, text: str, filters: SearchFilters = SearchFilters(), *,
                    limit: int = 50, offset: int = 0, sort: str | None = None) -> list[dict]:
    """Articles matching ``text`` (all articles when it has no word) and the filters, with a snippet."""
    parsed = parse_search(text)
    if filters.kind:
        return []  # a statement kind says nothing about whole articles
    ids = _matching_ids(store, parsed, filters, statements=False, limit=limit, offset=offset,
                        sort=_sort(parsed, sort))
    if not ids:
        return []
    rows = _rows(
        store,
        f"SELECT a.rowid AS fts_rowid, {_ARTICLE_COLUMNS}, a.text AS fts_text, sa.story_id"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id"
        f" WHERE a.rowid IN ({','.join(map(str, ids))})",
    )
    for row in rows:
        body = row.pop("fts_text") or ""
        row["snippet"] = make_snippet(body, parsed) if parsed else make_snippet(body, set())
    return _labelled(_in_order(rows, ids))


#: The facets of a statement list: name -> the SQL value counted.
_FACETS = {
    "kind": "q.kind",
    "outlet": outlet_sql(),
    "speaker": "coalesce(q.speaker_id, q.speaker)",
    "story": "sa.story_id",
}


@dataclass(frozen=True)
class FacetIndex:
    """Every statement's facet values (kind, outlet, speaker, story: :data:`_FACETS`) by its rowid
    in ``quotes``, read in one scan: :func:`statement_facets` then counts the matching rowids in
    memory instead of joining each matching statement to its article and story again.

    Compact: per facet, one 4-byte code per rowid from ``first`` (-1: no statement there) and the
    values the codes stand for (16 bytes a statement, about 1 MB for 50,000). True of the database
    state it was read from only: the explorer keeps one per worker process and database version
    (web/pages.py ``Site.facet_index``) and reads a new one after any commit.
    """

    first: int
    codes: tuple[array, ...]
    values: tuple[tuple, ...]

    def rowids(self) -> list[int]:
        """The rowids of the statements held."""
        return [self.first + i for i, code in enumerate(self.codes[0]) if code >= 0]


def facet_index(store: Store) -> FacetIndex:
    """The facet values of every statement that has an article (the joins of the statement lists);
    read inside one snapshot (:func:`snapshot`) to get one state of the database."""
    low, high = store.conn.execute("SELECT min(rowid), max(rowid) FROM quotes").fetchone()
    first, size = (low, high - low + 1) if low is not None else (0, 0)
    codes = tuple(array("i", [-1]) * size for _ in _FACETS)
    seen: tuple[dict, ...] = tuple({} for _ in _FACETS)
    columns = ", ".join(_FACETS.values())
    for rowid, *values in store.conn.execute(f"SELECT q.rowid, {columns}{_STATEMENT_FROM}"):
        at = rowid - first
        for facet_codes, known, value in zip(codes, seen, values):
            code = known.get(value)
            if code is None:
                code = known[value] = len(known)
            facet_codes[at] = code
    return FacetIndex(first, codes, tuple(tuple(known) for known in seen))


def _sql_order(value) -> tuple:
    """SQLite's order of values of mixed types (numbers, then text, then blobs; text by code point)."""
    return (0 if isinstance(value, (int, float)) else 1 if isinstance(value, str) else 2, value)


def _counted_in(index: FacetIndex, rowids, top: int) -> list[tuple]:
    """(facet, value, n) rows as the SQL of :func:`statement_facets` gives them, counted in memory."""
    first, kinds = index.first, index.codes[0]
    end = first + len(kinds)
    at = [r - first for r in rowids if first <= r < end]
    at = [i for i in at if kinds[i] >= 0]  # a statement the index holds (kind is never NULL)
    counted: list[tuple] = [("total", None, len(at))]
    for name, codes, values in zip(_FACETS, index.codes, index.values):
        counts = [(values[code], n) for code, n in Counter(map(codes.__getitem__, at)).items()
                  if values[code] is not None]
        ranked = heapq.nsmallest(top, counts, key=lambda kv: (-kv[1], _sql_order(kv[0])))
        counted.extend((name, value, n) for value, n in ranked)
    return counted


def statement_facets(store: Store, text: str, filters: SearchFilters = SearchFilters(), *,
                     top: int = 12, index: FacetIndex | None = None) -> dict:
    """Counts of the matching statements by kind, outlet, speaker and story (``top`` of each),
    and ``total``: how many match.

    Each facet is counted over the bare tables, or, with ``index`` (:func:`facet_index`, read from
    the same database state), over the matching rowids alone; names of speakers and titles of
    stories are looked up for the ``top`` values only.
    """
    parsed = parse_search(text)
    where, params = _filter_sql(store, filters, statements=True)
    if not filters.kind and parsed is None:
        where += " AND q.kind != 'term'"
    if parsed is None:
        source, rowid = _STATEMENT_FROM + " WHERE 1", "q.rowid"
    else:
        source, rowid = f" FROM quotes_fts JOIN {_joined(True)} WHERE quotes_fts MATCH :match", "quotes_fts.rowid"
        params["match"] = parsed.match
    if index is not None:
        if parsed is not None and not where:  # the index holds only statements the joins keep
            sql = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match"
        else:
            sql = f"SELECT {rowid}{source}{where}"
        counted = _counted_in(index, (r[0] for r in store.conn.execute(sql, params)), top)
    else:
        counted = _counted_sql(store, source + where, params, top)
    facets: dict = {name: [] for name in _FACETS}
    total = 0
    for facet, value, n in counted:
        if facet == "total":
            total = n
        else:
            facets[facet].append({"value": value, "n": n})
    for row in facets["kind"] + facets["outlet"]:
        row["label"] = row["value"]
    names = _names(store, facets["speaker"], "SELECT entity_id, name FROM entities WHERE entity_id IN")
    for row in facets["speaker"]:
        row["label"] = names[row["value"]] if row["value"] in names else row["value"]
    titles = _names(store, facets["story"], "SELECT story_id, title FROM stories WHERE story_id IN")
    for row in facets["story"]:
        row["label"] = titles.get(row["value"]) or row["value"]
    facets["total"] = total
    return facets


def _counted_sql(store: Store, source: str, params: dict, top: int) -> list[tuple]:
    """(facet, value, n) rows: the total, then each facet's ``top`` values, counted by SQLite."""
    params = {**params, "top": top}
    # One statement: the matching statements' facet values, kept once (MATERIALIZED), then each
    # facet grouped and cut to its ``top`` values inside SQLite; ties by value as Python orders text.
    counted = " UNION ALL ".join(
        f"SELECT * FROM (SELECT '{name}' AS facet, {name} AS value, count(*) AS n FROM matched"
        f" WHERE {name} IS NOT NULL GROUP BY {name} ORDER BY n DESC, {name} LIMIT :top)" for name in _FACETS)
    values = ", ".join(f"{sql} AS {name}" for name, sql in _FACETS.items())
    return [tuple(row) for row in store.conn.execute(
        f"WITH matched AS MATERIALIZED (SELECT {values}{source})"
        f" SELECT 'total' AS facet, NULL AS value, count(*) AS n FROM matched UNION ALL {counted}", params)]


def _names(store: Store, rows: list[dict], select: str) -> dict:
    """Id -> name for the facet rows' values, by ``select`` (id, name pairs; ``… IN``), in one query."""
    ids = [row["value"] for row in rows]
    return dict(store.conn.execute(f"{select} ({','.join('?' * len(ids))})", ids).fetchall()) if ids else {}


def count_statements(store: Store, text: str, filters: SearchFilters = SearchFilters()) -> int:
    """How many statements match (as listed by :func:`search_statements`)."""
    parsed = parse_search(text)
    where, params = _filter_sql(store, filters, statements=True)
    if not filters.kind and parsed is None:
        where += " AND q.kind != 'term'"
    if parsed is None:
        sql = f"SELECT count(*){_STATEMENT_FROM} WHERE 1{where}"
    else:
        params["match"] = parsed.match
        sql = f"SELECT count(*) FROM quotes_fts JOIN {_joined(True)} WHERE quotes_fts MATCH :match{where}"
    return store.conn.execute(sql, params).fetchone()[0]


def speaker_types(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT type FROM entities WHERE type IS NOT NULL ORDER BY type")]


def speaker_directory(store: Store, text: str = "", *, type_: str | None = None, limit: int = 100,
                      offset: int = 0) -> list[dict]:
    """Speakers (linked entities and, before linking, names) with their statement, article and story
    counts, most quoted first; ``text`` narrows to names or aliases containing it (any case)."""
    params: dict = {"limit": limit, "offset": offset, "like": f"%{' '.join(text.split()).casefold()}%"}
    type_clause = " AND coalesce(e.type, q.speaker_type) = :type" if type_ else ""
    if type_:
        params["type"] = type_
    rows = _rows(
        store,
        "SELECT coalesce(q.speaker_id, q.speaker) AS ref, max(coalesce(e.name, q.speaker)) AS name,"
        " max(coalesce(e.type, q.speaker_type)) AS type, max(e.aliases) AS aliases,"
        " count(*) AS n_statements, count(DISTINCT q.article_id) AS n_articles"
        " FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_id"
        " WHERE q.kind != 'term' AND coalesce(q.speaker_id, q.speaker) IS NOT NULL"
        " AND (lower(coalesce(e.name, q.speaker)) LIKE :like OR lower(coalesce(e.aliases, '')) LIKE :like)"
        f"{type_clause}"
        " GROUP BY coalesce(q.speaker_id, q.speaker) ORDER BY n_statements DESC, name, ref"
        " LIMIT :limit OFFSET :offset",
        params,
    )
    for row in rows:
        row["aliases"] = [a for a in json.loads(row["aliases"] or "[]") if a != row["name"]]
    return rows


def outlet_summary(store: Store) -> list[dict]:
    """Each outlet (:func:`outlet_of`) with article, statement and story counts and dates, most articles first."""
    outlet = outlet_sql()
    rows = _rows(
        store,
        f"SELECT {outlet} AS outlet, count(*) AS n_articles, count(DISTINCT sa.story_id) AS n_stories,"
        " min(a.published) AS first_date, max(a.published) AS last_date"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.article_id"
        f" GROUP BY {outlet} ORDER BY n_articles DESC, outlet",
    )
    statements = {r["outlet"]: r["n"] for r in _rows(
        store, f"SELECT {outlet} AS outlet, count(*) AS n FROM quotes q JOIN articles a ON a.article_id = q.article_id"
               f" WHERE q.kind != 'term' GROUP BY {outlet}")}
    return [{"outlet": r["outlet"], "n_articles": r["n_articles"], "n_statements": statements.get(r["outlet"], 0),
             **{k: r[k] for k in ("n_stories", "first_date", "last_date")}} for r in rows]


def totals(store: Store) -> dict[str, int]:
    """How many articles, statements (terms apart), speakers, stories and links the store holds."""
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "statements": one("SELECT count(*) FROM quotes WHERE kind != 'term'"),
        "speakers": one("SELECT count(DISTINCT coalesce(speaker_id, speaker)) FROM quotes WHERE kind != 'term'"),
        "stories": one("SELECT count(*) FROM stories"),
        "links": one("SELECT count(*) FROM links"),
    }


class SqlError(StoreError):
    """A user's SQL was refused or failed; the message says why."""

    code = "NP-E304"


def run_sql(store: Store, sql: str, *, max_rows: int = 1000, seconds: float = 5.0) -> dict:
    """Run one read-only statement typed by a user: ``columns``, ``rows`` (at most ``max_rows``),
    ``truncated``. The store must be opened read-only; SQLite's authorizer also refuses any write,
    attach or pragma, and the query is cut after ``seconds``."""
    if not store.readonly:
        raise SqlError("user SQL runs only on a read-only connection")
    text = sql.strip().rstrip(";").strip()
    if not text:
        raise SqlError("no SQL given")
    if ";" in text and sqlite3.complete_statement(text.split(";", 1)[0] + ";") and text.split(";", 1)[1].strip():
        raise SqlError("one statement at a time")

    def authorize(action, *args):
        allowed = (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE)
        return sqlite3.SQLITE_OK if action in allowed else sqlite3.SQLITE_DENY

    store.conn.set_authorizer(authorize)
    try:
        with time_limit(store, seconds):
            cursor = store.conn.execute(text)
            rows = cursor.fetchmany(max_rows + 1)
    except QueryTimeout as exc:
        raise SqlError(f"{exc}; add a LIMIT or narrow the query") from exc
    except sqlite3.DatabaseError as exc:
        raise SqlError(f"SQLite: {exc}") from exc
    finally:
        store.conn.set_authorizer(None)
    columns = [d[0] for d in cursor.description or ()]
    return {"columns": columns, "rows": [list(r) for r in rows[:max_rows]], "truncated": len(rows) > max_rows}
