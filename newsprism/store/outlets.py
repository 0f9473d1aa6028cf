"""Outlets in the store: the user's outlet metadata (``outlet_meta``), outlet groups, the coverage matrix with
filters, one outlet's profile, and attention counts (articles and statements by day and outlet).

Reads work on databases made before ``outlet_meta`` existed (no metadata then).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone

from newsprism.records import OutletMeta
from newsprism.store.db import Store
from newsprism.store.queries import (_ARTICLE_FROM, _STATEMENT_FROM, SearchFilters, _filter_sql, _joined, _rows,
                                     outlet_sql, outlet_summary)
from newsprism.store.search_syntax import parse_search

__all__ = ["GROUP_FIELDS", "OutletGroup", "attention_counts", "coverage_matrix", "outlet_groups", "outlet_meta",
           "outlet_profile", "parse_group", "write_outlet_meta"]

#: An article's outlet in SQL: the one definition (``queries.outlet_of``), never the raw column.
OUTLET = outlet_sql()

#: Metadata fields outlets can be grouped by, besides any extra column of the user's file.
GROUP_FIELDS = ("country", "owner", "lean")


def write_outlet_meta(store: Store, records: Iterable[OutletMeta]) -> dict[str, int]:
    """Store the records (an outlet's row is replaced by a newer file's); counts: added, changed, unchanged."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    with store.transaction():
        for r in records:
            extra = json.dumps([list(pair) for pair in r.extra], ensure_ascii=False)
            old = store.conn.execute("SELECT country, owner, lean, extra FROM outlet_meta WHERE outlet = ?",
                                     (r.outlet,)).fetchone()
            if old is None:
                counts["added"] += 1
            elif tuple(old) == (r.country, r.owner, r.lean, extra):
                counts["unchanged"] += 1
            else:
                counts["changed"] += 1
            store.conn.execute("INSERT OR REPLACE INTO outlet_meta(outlet, country, owner, lean, extra, source,"
                               " loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (r.outlet, r.country, r.owner, r.lean, extra, r.source, now))
    return counts


def _has_table(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'outlet_meta'").fetchone() is not None


def outlet_meta(store: Store) -> dict[str, dict]:
    """outlet -> {country, owner, lean, extra: [[column, value]…], source}, for every outlet the user described."""
    if not _has_table(store):
        return {}
    found = {}
    for row in _rows(store, "SELECT outlet, country, owner, lean, extra, source FROM outlet_meta ORDER BY outlet"):
        row["extra"] = json.loads(row["extra"] or "[]")
        found[row.pop("outlet")] = row
    return found


class OutletGroup(tuple):
    """(field, value): e.g. ("lean", "centre"); ``str`` is "lean=centre", as the ``group`` parameter."""

    def __new__(cls, field: str, value: str):
        return super().__new__(cls, (field, value))

    def __str__(self) -> str:
        return f"{self[0]}={self[1]}"


def parse_group(text: str | None) -> OutletGroup | None:
    """"lean=centre" -> ("lean", "centre"); None for none; ValueError when it is not FIELD=VALUE."""
    if not text or not text.strip():
        return None
    field, sep, value = text.partition("=")
    if not sep or not field.strip() or not value.strip():
        raise ValueError(f"group: {text!r} is not FIELD=VALUE, e.g. lean=centre or country=Valdoria")
    return OutletGroup(field.strip(), value.strip())


def _values(meta: dict) -> dict[str, str]:
    """A described outlet's groupable fields and values (known fields first, then the extra columns)."""
    values = {f: meta[f] for f in GROUP_FIELDS if meta.get(f)}
    values.update({name: value for name, value in meta["extra"] if value and name not in values})
    return values


def outlet_groups(meta: dict[str, dict]) -> list[dict]:
    """Every (field, value) some outlet has: {"group": "lean=centre", "field", "value", "outlets": [...]}."""
    groups: dict[OutletGroup, list[str]] = {}
    for outlet, described in meta.items():
        for field, value in _values(described).items():
            groups.setdefault(OutletGroup(field, value), []).append(outlet)
    order = {f: i for i, f in enumerate(GROUP_FIELDS)}
    return [{"group": str(g), "field": g[0], "value": g[1], "outlets": sorted(outlets)}
            for g, outlets in sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0]))]


def in_group(meta: dict[str, dict], group: OutletGroup | None) -> set[str] | None:
    """The outlets of ``group`` (None: no group chosen, every outlet)."""
    if group is None:
        return None
    return {outlet for outlet, described in meta.items() if _values(described).get(group[0]) == group[1]}


def coverage_matrix(store: Store, *, group: OutletGroup | None = None, date_from: str | None = None,
                    date_to: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Who covered what: stories (newest first) × outlets, counting articles, optionally only the outlets of
    ``group`` and only articles published in [date_from, date_to] (undated articles then do not count).

    ``outlets``: the columns (None: outlet not known); each story has ``counts`` (one per column) and
    ``missing`` (named outlets of the columns that did not cover it); ``total``: stories in the view.
    """
    meta = outlet_meta(store)
    chosen = in_group(meta, group)
    outlets = [r["outlet"] for r in outlet_summary(store) if chosen is None or r["outlet"] in chosen]
    where, params = ["1"], {}
    if date_from:
        where.append("a.published >= :date_from")
        params["date_from"] = date_from
    if date_to:
        where.append("a.published <= :date_to")
        params["date_to"] = date_to
    if chosen is not None:
        if not outlets:
            return {"outlets": [], "stories": [], "total": 0}
        names = {f"o{i}": o for i, o in enumerate(outlets)}
        where.append(f"{OUTLET} IN ({', '.join(':' + k for k in names)})")
        params.update(names)
    condition = " AND ".join(where)
    in_view = (f"SELECT DISTINCT sa.story_id FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
               f" WHERE {condition}")
    total = store.conn.execute(f"SELECT count(*) FROM ({in_view})", params).fetchone()[0]
    stories = _rows(store, f"SELECT s.story_id, s.title, s.first_date, s.last_date FROM stories s"
                           f" WHERE s.story_id IN ({in_view})"
                           " ORDER BY s.last_date IS NULL, s.last_date DESC, s.story_id LIMIT :limit OFFSET :offset",
                    {**params, "limit": limit, "offset": offset})
    if stories:
        ids = {f"s{i}": s["story_id"] for i, s in enumerate(stories)}
        counts: dict[str, dict] = {s["story_id"]: {} for s in stories}
        for row in _rows(store, f"SELECT sa.story_id, {OUTLET} AS outlet, count(*) AS n FROM story_articles sa"
                                " JOIN articles a ON a.article_id = sa.article_id"
                                f" WHERE sa.story_id IN ({', '.join(':' + k for k in ids)}) AND {condition}"
                                f" GROUP BY sa.story_id, {OUTLET}", {**params, **ids}):
            counts[row["story_id"]][row["outlet"]] = row["n"]
        for story in stories:
            got = counts[story["story_id"]]
            story["counts"] = [got.get(o, 0) for o in outlets]
            story["missing"] = [o for o in outlets if o is not None and not got.get(o)]
    return {"outlets": outlets, "stories": stories, "total": total}


def outlet_profile(store: Store, outlet: str, *, statements: int = 50, terms: int = 15) -> dict | None:
    """One outlet: counts, the stories it covered and those it did not, its attribution verbs and its
    own-voice loaded wording against all other outlets (shares of their totals), and its latest statements."""
    summary = next((r for r in outlet_summary(store) if r["outlet"] == outlet), None)
    if summary is None:
        return None
    covered = _rows(store, "SELECT s.story_id, s.title, s.first_date, s.last_date, count(*) AS n_articles"
                           " FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id"
                           f" JOIN stories s ON s.story_id = sa.story_id WHERE {OUTLET} = ?"
                           " GROUP BY s.story_id ORDER BY s.last_date IS NULL, s.last_date DESC, s.story_id",
                    (outlet,))
    not_covered = _rows(store, "SELECT s.story_id, s.title, s.first_date, s.last_date,"
                               f" (SELECT count(DISTINCT {outlet_sql('b')}) FROM story_articles sb JOIN articles b"
                               "  ON b.article_id = sb.article_id WHERE sb.story_id = s.story_id) AS n_outlets"
                               " FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles sa JOIN articles a"
                               f"  ON a.article_id = sa.article_id WHERE sa.story_id = s.story_id AND {OUTLET} = ?)"
                               " ORDER BY n_outlets DESC, s.last_date IS NULL, s.last_date DESC, s.story_id LIMIT 50",
                        (outlet,))
    verbs = _compare(_rows(store, f"SELECT q.cue_lemma AS term, {OUTLET} IS ? AS ours, count(*) AS n FROM quotes q"
                                  " JOIN articles a ON a.article_id = q.article_id"
                                  " WHERE q.cue_lemma IS NOT NULL AND q.kind != 'term' GROUP BY 1, 2", (outlet,)),
                     terms)
    loaded = _compare(_rows(store, f"SELECT lower(l.text) AS term, {OUTLET} IS ? AS ours, count(*) AS n FROM loaded l"
                                   " JOIN articles a ON a.article_id = l.article_id"
                                   " WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = l.article_id"
                                   "  AND q.kind != 'term' AND q.start <= l.start AND q.\"end\" >= l.\"end\")"
                                   " GROUP BY 1, 2", (outlet,)), terms)
    latest = _rows(store, "SELECT q.quote_id, q.article_id, q.kind, q.text, q.cue, a.published, a.title,"
                          " coalesce(e.name, q.speaker) AS speaker_name, coalesce(q.speaker_id, q.speaker) AS speaker_ref"
                          " FROM articles a JOIN quotes q ON q.article_id = a.article_id"
                          " LEFT JOIN entities e ON e.entity_id = q.speaker_id"
                          f" WHERE {OUTLET} = ? AND q.kind != 'term'"
                          " ORDER BY a.published IS NULL, a.published DESC, a.article_id, q.start LIMIT ?",
                   (outlet, statements))
    return {"outlet": outlet, "summary": summary, "meta": outlet_meta(store).get(outlet),
            "covered": covered, "not_covered": not_covered, "verbs": verbs, "loaded": loaded,
            "statements": latest}


def _compare(rows: list[dict], top: int) -> list[dict]:
    """Terms counted for this outlet (``ours``) and the others: the outlet's top terms, each with its share of
    the outlet's total and of the others' total (what the outlet uses more or less than the rest)."""
    ours = {r["term"]: r["n"] for r in rows if r["ours"]}
    theirs = {r["term"]: r["n"] for r in rows if not r["ours"]}
    total_ours, total_theirs = sum(ours.values()), sum(theirs.values())
    out = []
    for term, n in sorted(ours.items(), key=lambda item: (-item[1], item[0]))[:top]:
        m = theirs.get(term, 0)
        out.append({"term": term, "n": n, "share": round(n / total_ours, 3) if total_ours else 0.0,
                    "others_n": m, "others_share": round(m / total_theirs, 3) if total_theirs else 0.0})
    return out


def attention_counts(store: Store, text: str = "", filters: SearchFilters = SearchFilters()) -> dict[str, list[dict]]:
    """Articles and statements matching ``text`` (the search syntax) and ``filters`` (speaker, story, dates…),
    counted per publication day and outlet: {"articles": [{published, outlet, n}], "statements": [...]}.
    Statements are speech only (no scare-quoted terms). SearchSyntaxError when ``text`` cannot be read."""
    parsed = parse_search(text)
    found = {}
    for name, statements in (("articles", False), ("statements", True)):
        where, params = _filter_sql(store, filters, statements=statements)
        if statements:
            where += " AND q.kind != 'term'"
        if parsed is None:
            source = (_STATEMENT_FROM if statements else _ARTICLE_FROM) + " WHERE 1"
        else:
            fts = "quotes_fts" if statements else "articles_fts"
            source = f" FROM {fts} JOIN {_joined(statements)} WHERE {fts} MATCH :match"
            params["match"] = parsed.match
        found[name] = _rows(store, f"SELECT a.published AS published, {OUTLET} AS outlet, count(*) AS n{source}{where}"
                                   f" GROUP BY a.published, {OUTLET}", params)
    return found
