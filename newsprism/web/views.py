"""Page data shared by the explorer and the static report: one dict per page, JSON-able.

The HTML templates, the ``.json`` twins and the CSV downloads all draw from these
dicts, so the three can never disagree. A story page is the story view of
``newsprism.compare.story`` (the same data ``newsprism compare --json`` and
``Corpus.compare()`` give) plus the articles' texts; nothing here computes a verdict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from markupsafe import escape

from newsprism.compare.story import StoryNotFound, story_view
from newsprism.compare.timeline import AmbiguousSpeaker, SpeakerNotFound, speaker_view
from newsprism.errors import NewsprismError
from newsprism.store import queries
from newsprism.store.db import Store

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


class NotFound(NewsprismError, LookupError):
    """No story, speaker or article has that id."""

    code = "NP-E403"


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


def story_page(store: Store, story_id: str) -> dict:
    """The story page: the story view (``newsprism.compare.story``) and, for the side-by-side reading,
    each article's text with its spans (``texts``, the only part the page adds)."""
    try:
        view = story_view(store, story_id).as_dict()
    except StoryNotFound as exc:
        raise NotFound(str(exc)) from exc
    texts = []
    for art in view["articles"]:
        full = queries.article(store, art["article_id"])
        texts.append({"article_id": art["article_id"], "text": full["text"] if full else "",
                      "spans": queries.article_spans(store, art["article_id"])})
    return {**view, "texts": texts}


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


#: A typed speaker name fits several speakers: the page lists them to choose from.
Ambiguous = AmbiguousSpeaker


def speaker_page(store: Store, ref: str) -> dict:
    """A speaker by entity id, exact name or alias; a part of a name that fits one speaker only:
    the speaker view (:func:`newsprism.compare.timeline.speaker_view`) plus its chart."""
    try:
        view = speaker_view(store, ref).as_dict()
    except SpeakerNotFound as exc:
        raise NotFound(f"no speaker {ref!r}") from exc
    statements = view["statements"]
    return {**view, "figure": speaker_figure(statements),
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
                sort: str | None = None, facets: bool = True, total: int | None = None) -> dict:
    """Statements and articles matching ``text`` and the filters (all of them when ``text`` has no word).

    ``more_*`` say whether a next page exists; ``total`` counts the matching statements (given:
    counted already, by the caller's facets); SearchSyntaxError (a ValueError) when ``text`` cannot be read.
    """
    statements = queries.search_statements(store, text, filters, limit=limit + 1, offset=offset, sort=sort,
                                           matches=total)
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
