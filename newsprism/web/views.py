"""Page data shared by the explorer and the static report: one dict per page, JSON-able.

The HTML templates, the ``.json`` twins and the CSV downloads all draw from these
dicts, so the three can never disagree. Grouping linked statements into rows is
layout, not analysis: the links themselves come from the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from markupsafe import escape

from newsprism.compare import compare_story
from newsprism.compare.alterations import annotate_links
from newsprism.compare.claims import compare_claims
from newsprism.compare.loaded import loaded_spans
from newsprism.compare.outlets import outlet_keys, outlet_order
from newsprism.compare.verbs import verb_profile
from newsprism.link.components import linked_components
from newsprism.store import framing, queries
from newsprism.store.db import Store
from newsprism.web.markup import invert_diff

__all__ = [
    "CSV_COLUMNS",
    "Ambiguous",
    "FILTER_NAMES",
    "NotFound",
    "article_page",
    "coverage_figure",
    "index_page",
    "search_page",
    "speaker_page",
    "speakers_page",
    "story_page",
]


class NotFound(LookupError):
    """No story, speaker or article has that id."""


#: Columns of each CSV download, in order.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "stories": ("story_id", "title", "first_date", "last_date", "n_articles", "n_statements", "outlets"),
    "speakers": ("ref", "name", "type", "n_statements", "n_articles"),
    "statements": ("quote_id", "article_id", "source", "published", "story_id", "kind", "speaker_name",
                   "cue", "text"),
    "story": ("row", "quote_id", "article_id", "source", "kind", "speaker_name", "relation", "compared_to",
              "text"),
    "articles": ("article_id", "source", "title", "published", "story_id", "snippet"),
}


# -- index ---------------------------------------------------------------------


def time_unit(dates: list[str]) -> str:
    """The bar width that keeps a chart readable over these dates: day, month or year."""
    valid = sorted(d[:10] for d in dates if d and len(d) >= 10)
    if not valid:
        return "day"
    first, last = date.fromisoformat(valid[0]), date.fromisoformat(valid[-1])
    span = (last - first).days
    return "day" if span <= 120 else "month" if span <= 366 * 6 else "year"


def bin_date(value: str, unit: str) -> str:
    """The first day of the day, month or year ``value`` falls in (ISO)."""
    if unit == "year":
        return value[:4] + "-01-01"
    if unit == "month":
        return value[:7] + "-01"
    return value[:10]


_PERIOD_WORD = {"day": "day", "month": "month", "year": "year"}


def _bar_layout(title: str, unit: str, y_title: str, height: int) -> dict:
    xaxis = {"type": "date", "title": {"text": f"published (bars per {_PERIOD_WORD[unit]})"}}
    if unit == "year":
        xaxis["dtick"] = "M12"
        xaxis["tickformat"] = "%Y"
    elif unit == "month":
        xaxis["tickformat"] = "%b %Y"
    return {"barmode": "stack", "title": {"text": title}, "xaxis": xaxis,
            "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"}, "height": height,
            "bargap": 0.15, "legend": {"orientation": "h", "y": -0.3, "x": 0},
            "margin": {"l": 50, "r": 20, "t": 50, "b": 40}}


def coverage_figure(rows: list[dict]) -> dict:
    """A plotly figure (as a plain dict) of articles over time, one bar trace per outlet.

    Bars are days, months or years depending on the span, so ten years of articles are not
    drawn as one-day slivers.
    """
    unit = time_unit([row["published"] for row in rows])
    by_outlet: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row["published"] and len(row["published"]) >= 10:
            by_outlet[row["outlet"]][bin_date(row["published"], unit)] += row["n_articles"]
    # plotly reads a little HTML in names; escaped, an outlet's name is shown as it is.
    data = [{"type": "bar", "name": str(escape(outlet)), "x": sorted(days), "y": [days[d] for d in sorted(days)],
             "xperiod": {"day": 86400000, "month": "M1", "year": "M12"}[unit], "xperiodalignment": "start"}
            for outlet, days in sorted(by_outlet.items())]
    layout = _bar_layout("Coverage: articles over time", unit, "articles", 340)
    return {"data": data, "layout": layout}


def index_aggregates(store: Store, *, speakers: int = 20, unplaced: int = 50) -> dict:
    """The parts of the index that do not depend on the page of stories shown."""
    coverage = queries.coverage(store)
    return {
        "story_total": queries.story_total(store),
        "unplaced": queries.unplaced_articles(store, limit=unplaced),
        "speakers": queries.top_speakers(store, limit=speakers),
        "coverage": coverage,
        "figure": coverage_figure(coverage),
    }


def index_stories(store: Store, *, limit: int = 50, offset: int = 0) -> dict:
    return {"stories": queries.story_list(store, limit=limit, offset=offset), "offset": offset, "limit": limit}


def index_page(store: Store, *, limit: int = 50, offset: int = 0, speakers: int = 20,
               unplaced: int = 50) -> dict:
    return {**index_stories(store, limit=limit, offset=offset),
            **index_aggregates(store, speakers=speakers, unplaced=unplaced)}


# -- story -----------------------------------------------------------------------


def _relation_to(quote_id: str, anchor: str, links_of: dict[str, list[dict]]) -> dict | None:
    """The link from ``anchor`` to ``quote_id`` (diff read anchor → quote), else any link of the quote."""
    candidates = links_of.get(quote_id, [])
    for link in candidates:
        if {link["quote_a"], link["quote_b"]} == {anchor, quote_id}:
            return _oriented(link, quote_id)
    return _oriented(candidates[0], quote_id) if candidates else None


def _oriented(link: dict, quote_id: str) -> dict:
    changed = {"alteration": link.get("alteration"), "reasons": link.get("reasons", [])}
    if link["quote_b"] == quote_id:
        return {"relation": link["relation"], "compared_to": link["quote_a"], "diff": link["diff"], **changed}
    return {"relation": link["relation"], "compared_to": link["quote_b"], "diff": invert_diff(link["diff"]), **changed}


def align_statements(articles: list[dict], statements: list[dict], links: list[dict]) -> list[dict]:
    """Rows of statements told by several articles (linked ones first), one cell per article.

    A cell with no statement is an omission: that article does not report it.
    """
    order = {a["article_id"]: i for i, a in enumerate(articles)}
    by_id = {s["quote_id"]: s for s in statements if s["kind"] != "term" and s["article_id"] in order}
    links_of: dict[str, list[dict]] = defaultdict(list)
    for link in links:
        links_of[link["quote_a"]].append(link)
        links_of[link["quote_b"]].append(link)
    rows = []
    for group in linked_components(list(by_id), links):
        group.sort(key=lambda q: (order[by_id[q]["article_id"]], by_id[q]["start"]))
        anchor = group[0]
        cells: list[list[dict]] = [[] for _ in articles]
        for q in group:
            st = by_id[q]
            cell = {key: st[key] for key in ("quote_id", "article_id", "kind", "text", "speaker_name",
                                             "speaker_id", "speaker", "cue", "cue_lemma")}
            cell.update(relation=None, compared_to=None, diff=None, alteration=None, reasons=[])
            if q != anchor:
                cell.update(_relation_to(q, anchor, links_of) or {})
            cells[order[st["article_id"]]].append(cell)
        n_sources = sum(1 for c in cells if c)
        rows.append({"cells": cells, "n_sources": n_sources,
                     "altered": any(c["relation"] == "altered" for cell in cells for c in cell),
                     "speaker_name": by_id[anchor]["speaker_name"]})
    rows.sort(key=lambda r: (r["n_sources"] < 2, min(
        (order[c["article_id"]], by_id[c["quote_id"]]["start"]) for cell in r["cells"] for c in cell)))
    return rows


def claims_table(articles: list[dict], claims: list[dict], *, compared: list[dict] | None = None) -> list[dict]:
    """Claims grouped by quantity, one cell per article, with the verdict of ``newsprism.compare.claims``.

    ``compared``: rows of :func:`newsprism.compare.claims.compare_claims` (the story comparison); when
    None they are computed from ``claims`` here by the same function. ``differs`` = status "differing".
    """
    outlet_of = outlet_keys(articles)
    if compared is None:
        compared = compare_claims(claims, outlet_of, outlet_order(articles))
    order = {a["article_id"]: i for i, a in enumerate(articles)}
    rows = []
    for row in compared:
        cells: list[list[dict]] = [[] for _ in articles]
        for found in row["by_outlet"].values():
            for claim in found:
                if claim["article_id"] in order:
                    cells[order[claim["article_id"]]].append(claim)
        units = sorted({c.get("unit") for cell in cells for c in cell if c.get("unit")})
        rows.append({"about": row["about"], "unit": "/".join(units) or None, "noun": row.get("noun"),
                     "status": row["status"],
                     "cells": cells, "differs": row["status"] == "differing",
                     "missing": any(not cell for cell in cells)})
    return rows


def actors_table(articles: list[dict], actors: list[dict], *, limit: int = 8) -> list[dict]:
    """Per-actor labels (``newsprism.compare.labels``), one cell per article: the outlet's own-voice
    labels with counts, evaluative ones marked; ``quoted``: labels in the sources' quoted words."""
    outlet_of = outlet_keys(articles)
    return [{"entity": actor["entity"], "entity_id": actor["entity_id"],
             "cells": [actor["cells"].get(outlet_of[a["article_id"]], []) for a in articles],
             "quoted": [actor.get("quoted", {}).get(outlet_of[a["article_id"]], []) for a in articles]}
            for actor in actors[:limit]]


def framing_table(articles: list[dict], statements: list[dict], mentions: list[dict],
                  loaded: list[dict]) -> list[dict]:
    """Per article: attribution verbs used (with counts), labels given to entities, loaded wording in the
    outlet's own voice, and (``loaded_quoted``) loaded words inside the sources' quotes, with the speaker.
    Verbs and voices come from ``newsprism.compare``."""
    ids = {a["article_id"]: a["article_id"] for a in articles}
    verbs = verb_profile(statements, ids)
    spans = loaded_spans(loaded, statements)
    table = []
    for art in articles:
        aid = art["article_id"]
        listed = verbs.get(aid, {}).get("verbs", {})
        labels = Counter((m["text"], m["entity_name"]) for m in mentions if m["article_id"] == aid)
        own = Counter((x["text"], x["category"]) for x in spans if x["article_id"] == aid and x["voice"] is None)
        quoted = Counter((x["text"], x["category"], x["voice"]) for x in spans
                         if x["article_id"] == aid and x["voice"] is not None)
        table.append({
            "article_id": aid,
            "verbs": [{"verb": v, "n": x["count"], "class": x["class"]} for v, x in listed.items()],
            "labels": [{"text": t, "entity": e, "n": n} for (t, e), n in labels.most_common()],
            "loaded": [{"text": t, "category": c, "n": n} for (t, c), n in own.most_common()],
            "loaded_quoted": [{"text": t, "category": c, "speaker": v, "n": n}
                              for (t, c, v), n in quoted.most_common()],
        })
    return table


def story_page(store: Store, story_id: str) -> dict:
    story = queries.story(store, story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    articles = story["articles"]
    comparison = compare_story(store, story_id)
    statements = queries.story_statements(store, story_id)
    quoted = framing.statements_in(store, [a["article_id"] for a in articles])
    links = annotate_links(queries.story_links(store, story_id), quoted)  # class and verbatim diff
    texts = []
    for art in articles:
        full = queries.article(store, art["article_id"])
        texts.append({"article_id": art["article_id"], "text": full["text"] if full else "",
                      "spans": queries.article_spans(store, art["article_id"])})
    return {
        "story": {k: story[k] for k in ("story_id", "title", "first_date", "last_date")},
        "articles": articles,
        "rows": align_statements(articles, statements, links),
        "links": links,
        "claims": claims_table(articles, [], compared=comparison["claims"]),
        "actors": actors_table(articles, comparison["labels"]),
        "framing": framing_table(articles, quoted, queries.story_mentions(store, story_id),
                                 queries.story_loaded(store, story_id)),
        "texts": texts,
    }


def story_csv_rows(page: dict) -> list[dict]:
    rows = []
    sources = {a["article_id"]: a["source"] for a in page["articles"]}
    for i, row in enumerate(page["rows"], 1):
        for cell in row["cells"]:
            for c in cell:
                rows.append({**c, "row": i, "source": sources[c["article_id"]]})
    return rows


# -- speaker, article, search -------------------------------------------------------


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def speaker_figure(statements: list[dict]) -> dict:
    """A plotly chart of a speaker's dated statements over time: stacked bars per source.

    Counted bars, not one dot per statement: many statements of one day would hide each other.
    """
    dated = [st for st in statements if st["published"] and len(st["published"]) >= 10]
    unit = time_unit([st["published"] for st in dated])
    by_source: dict[str, Counter] = defaultdict(Counter)
    for st in dated:
        by_source[st["source"]][bin_date(st["published"], unit)] += 1
    data = [{"type": "bar", "name": str(escape(_short(source, 40))), "x": sorted(days),
             "y": [days[d] for d in sorted(days)],
             "xperiod": {"day": 86400000, "month": "M1", "year": "M12"}[unit], "xperiodalignment": "start",
             "hovertemplate": "%{x}: %{y} statements<extra>%{fullData.name}</extra>"}
            for source, days in sorted(by_source.items())]
    legend_rows = 1 + len(data) // 3
    layout = _bar_layout("Statements over time", unit, "statements", 300 + 22 * legend_rows)
    layout["legend"]["y"] = -0.25 - 0.05 * legend_rows
    layout["margin"]["b"] = 40 + 22 * legend_rows
    return {"data": data, "layout": layout}


class Ambiguous(LookupError):
    """A typed speaker name fits several speakers: the page lists them to choose from."""

    def __init__(self, typed: str, matches: list[dict]) -> None:
        super().__init__(f"{len(matches)} speakers match {typed!r}")
        self.typed = typed
        self.matches = matches


def speaker_page(store: Store, ref: str) -> dict:
    """A speaker by entity id, exact name or alias; a part of a name that fits one speaker only."""
    speaker = queries.speaker(store, ref)
    if speaker is None:
        matches = queries.resolve_speakers(store, ref)
        if not matches:
            raise NotFound(f"no speaker {ref!r}")
        if len(matches) > 1:
            raise Ambiguous(ref, matches)
        ref = matches[0]["ref"]
        speaker = queries.speaker(store, ref)
    statements = queries.speaker_statements(store, ref)
    return {"speaker": speaker, "statements": statements, "figure": speaker_figure(statements),
            "n_stories": len({s["story_id"] for s in statements if s["story_id"]}),
            "sources": sorted({s["source"] for s in statements})}


def speakers_page(store: Store, text: str = "", *, kind: str | None = None, limit: int = 100,
                  offset: int = 0) -> dict:
    """The speakers directory: every speaker (or those whose name or alias contains ``text``)."""
    rows = queries.speaker_directory(store, text, type_=kind, limit=limit + 1, offset=offset)
    return {"q": text, "type": kind, "limit": limit, "offset": offset, "speakers": rows[:limit],
            "more": len(rows) > limit, "types": queries.speaker_types(store)}


def article_page(store: Store, article_id: str) -> dict:
    article = queries.article(store, article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    return {"article": article, "spans": queries.article_spans(store, article_id)}


def search_page(store: Store, text: str, filters: queries.SearchFilters, *, limit: int = 50, offset: int = 0,
                sort: str | None = None, facets: bool = True) -> dict:
    """Statements and articles matching ``text`` and the filters (all of them when ``text`` has no word).

    ``more_*`` say whether a next page exists; ``total`` counts the matching statements;
    SearchSyntaxError (a ValueError) when ``text`` cannot be read.
    """
    statements = queries.search_statements(store, text, filters, limit=limit + 1, offset=offset, sort=sort)
    articles = queries.search_articles(store, text, filters, limit=limit + 1, offset=offset, sort=sort)
    page = {
        "q": text,
        "filters": {k: getattr(filters, k) for k in FILTER_NAMES},
        "sort": sort or "",
        "limit": limit,
        "offset": offset,
        "statements": statements[:limit],
        "articles": articles[:limit],
        "more_statements": len(statements) > limit,
        "more_articles": len(articles) > limit,
        "speakers_matched": queries.resolve_speakers(store, filters.speaker) if filters.speaker else [],
    }
    if facets:
        page["facets"] = queries.statement_facets(store, text, filters)
        page["total"] = page["facets"].pop("total")
    return page


FILTER_NAMES = ("speaker", "outlet", "story", "date_from", "date_to", "kind")
