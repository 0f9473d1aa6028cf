"""Reads for the framing comparison (``newsprism.compare``): plain dicts per article set.

Every function takes a :class:`Store` and article ids and returns rows as
dicts; the comparison itself happens in ``newsprism.compare`` without SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from newsprism.store.db import Store, chunks

__all__ = [
    "story_info",
    "story_article_ids",
    "all_story_ids",
    "articles_info",
    "mentions_in",
    "statements_in",
    "loaded_in",
    "claims_in",
    "article_texts",
    "links_among",
    "links_touching",
    "statements_by_id",
]


def _rows_in(store: Store, sql: str, ids: Iterable[str]) -> list[dict]:
    """Run ``sql`` (with one ``{marks}`` placeholder for the ids) in chunks and collect the rows."""
    ids = list(dict.fromkeys(ids))
    rows: list[dict] = []
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows.extend(dict(r) for r in store.conn.execute(sql.format(marks=marks), chunk))
    return rows


def story_info(store: Store, story_id: str) -> dict | None:
    row = store.conn.execute(
        "SELECT story_id, title, first_date, last_date FROM stories WHERE story_id = ?", (story_id,)
    ).fetchone()
    return dict(row) if row else None


def story_article_ids(store: Store, story_id: str) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,))]


def all_story_ids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT story_id FROM stories ORDER BY first_date, story_id")]


def articles_info(store: Store, ids: Iterable[str]) -> list[dict]:
    """Article metadata (no text), in the order of ``ids``."""
    rows = _rows_in(store, "SELECT article_id, outlet, title, published, url, word_count, source_path"
                           " FROM articles WHERE article_id IN ({marks})", ids)
    order = {a: i for i, a in enumerate(ids)}
    return sorted(rows, key=lambda r: order.get(r["article_id"], 0))


def mentions_in(store: Store, ids: Iterable[str]) -> list[dict]:
    """Mentions with their local entity and, once the corpus phase ran, their canonical entity."""
    return _rows_in(
        store,
        "SELECT m.article_id, m.start, m.\"end\", m.text, m.kind, m.entity_key,"
        " le.name AS local_name, le.type AS entity_type, le.entity_id, e.name AS entity_name"
        " FROM mentions m"
        " LEFT JOIN local_entities le ON le.article_id = m.article_id AND le.key = m.entity_key"
        " LEFT JOIN entities e ON e.entity_id = le.entity_id"
        " WHERE m.article_id IN ({marks}) ORDER BY m.article_id, m.start",
        ids,
    )


def statements_in(store: Store, ids: Iterable[str]) -> list[dict]:
    rows = _rows_in(
        store,
        "SELECT q.quote_id, q.article_id, q.start, q.\"end\", q.text, q.kind, q.speaker, q.speaker_id,"
        " q.speaker_type, coalesce(e.name, q.speaker) AS speaker_name, q.cue, q.cue_lemma, q.cue_start, q.cue_end,"
        " q.addressee, q.quoted FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_id"
        " WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start",
        ids,
    )
    for row in rows:
        row["quoted"] = json.loads(row["quoted"]) if row.get("quoted") else []
    return rows


def loaded_in(store: Store, ids: Iterable[str]) -> list[dict]:
    return _rows_in(store, "SELECT article_id, start, \"end\", text, category FROM loaded"
                           " WHERE article_id IN ({marks}) ORDER BY article_id, start", ids)


def claims_in(store: Store, ids: Iterable[str]) -> list[dict]:
    return _rows_in(store, "SELECT claim_id, article_id, start, \"end\", text, value, value_low, value_high,"
                           " unit, about FROM claims WHERE article_id IN ({marks}) ORDER BY article_id, start", ids)


def article_texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """article_id → text (to place claims in their sentence)."""
    return {r["article_id"]: r["text"] for r in _rows_in(
        store, "SELECT article_id, text FROM articles WHERE article_id IN ({marks})", ids)}


def links_among(store: Store, quote_ids: Iterable[str]) -> list[dict]:
    """Links whose two ends are both among ``quote_ids``."""
    wanted = set(quote_ids)
    rows = _rows_in(store, "SELECT quote_a, quote_b, relation, diff FROM links WHERE quote_a IN ({marks})", wanted)
    found = [r for r in rows if r["quote_b"] in wanted]
    for row in found:
        row["diff"] = json.loads(row["diff"]) if row.get("diff") else []
    return found


def links_touching(store: Store, quote_ids: Iterable[str]) -> list[dict]:
    """Links with at least one end among ``quote_ids`` (each once), diff decoded."""
    wanted = list(dict.fromkeys(quote_ids))
    found: dict[tuple[str, str], dict] = {}
    for sql in ("SELECT quote_a, quote_b, relation, diff FROM links WHERE quote_a IN ({marks})",
                "SELECT quote_a, quote_b, relation, diff FROM links WHERE quote_b IN ({marks})"):
        for row in _rows_in(store, sql, wanted):
            row["diff"] = json.loads(row["diff"]) if row.get("diff") else []
            found.setdefault((row["quote_a"], row["quote_b"]), row)
    return list(found.values())


def statements_by_id(store: Store, quote_ids: Iterable[str]) -> dict[str, dict]:
    """quote_id → the statement with its article's outlet and date and its story (id, title, first date)."""
    rows = _rows_in(
        store,
        "SELECT q.quote_id, q.article_id, q.start, q.text, q.kind, q.cue, q.addressee, q.speaker_id,"
        " a.outlet, a.published, sa.story_id, s.title AS story_title, s.first_date AS story_first_date"
        " FROM quotes q JOIN articles a ON a.article_id = q.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = q.article_id"
        " LEFT JOIN stories s ON s.story_id = sa.story_id"
        " WHERE q.quote_id IN ({marks})",
        quote_ids,
    )
    return {row["quote_id"]: row for row in rows}
