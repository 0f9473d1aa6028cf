"""Explorer pages about outlets and attention: /outlets (with the coverage matrix, filterable by date range and
outlet group), /outlet/NAME, and /attention (articles and statements over time for a term, a speaker or a
story, by outlet). Each has a .json twin; lists have a .csv one. Page data are plain dicts, as in views.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from fastapi import Query
from markupsafe import escape

from newsprism.compare.attention import binned_series
from newsprism.store import framing, queries
from newsprism.store.db import Store
from newsprism.store.outlets import (attention_counts, coverage_matrix, outlet_groups, outlet_meta, outlet_profile,
                                     parse_group)
from newsprism.web.pages import CSV_MAX_ROWS, BadRequest, Csv, Page, Read, page_id
from newsprism.web.views import Ambiguous, NotFound

__all__ = ["attention_figure", "attention_page", "attention_csv_rows", "outlet_page", "outlets_page", "pages",
           "OUTLET_CSV_COLUMNS", "ATTENTION_CSV_COLUMNS", "MATRIX_CSV_COLUMNS"]

OUTLET_CSV_COLUMNS = ("outlet", "country", "owner", "lean", "n_articles", "n_statements", "n_stories", "first_date",
                      "last_date", "extra")
ATTENTION_CSV_COLUMNS = ("bin", "unit", "outlet", "articles", "statements")
MATRIX_CSV_COLUMNS = ("story_id", "title", "first_date", "last_date", "outlet", "articles")

#: Width of one bar per unit, for plotly (milliseconds or months).
_PERIOD = {"day": 86_400_000, "week": 7 * 86_400_000, "month": "M1", "year": "M12"}
#: Tick labels per unit: readable at any span (plotly picks how many).
_TICKS = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "year": "%Y"}


def _date(value: str | None, name: str) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31") from None


def _group(text: str | None):
    try:
        return parse_group(text)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


# -- /outlets ------------------------------------------------------------------------------------


def outlets_page(store: Store, *, group: str | None = None, date_from: str | None = None,
                 date_to: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Every outlet with its counts and the user's metadata, the groups to filter by, and the coverage
    matrix (stories × outlets) for the chosen group and date range."""
    chosen = _group(group)
    start, end = _date(date_from, "date_from"), _date(date_to, "date_to")
    meta = outlet_meta(store)
    groups = outlet_groups(meta)
    if chosen is not None and str(chosen) not in {g["group"] for g in groups}:
        raise BadRequest(f"group: no outlet has {chosen[0]} {chosen[1]!r}"
                        + (f"; choose one of {', '.join(g['group'] for g in groups)}" if groups else
                           "; no outlet metadata is loaded (newsprism outlets --meta FILE)"))
    outlets = []
    for row in queries.outlet_summary(store):
        described = meta.get(row["outlet"]) or {}
        outlets.append({**row, "country": described.get("country"), "owner": described.get("owner"),
                        "lean": described.get("lean"), "extra": described.get("extra", [])})
    return {"outlets": outlets, "groups": groups, "described": len(meta), "story_total": queries.story_total(store),
            "group": str(chosen) if chosen else "", "date_from": start or "", "date_to": end or "",
            "matrix": coverage_matrix(store, group=chosen, date_from=start, date_to=end, limit=limit, offset=offset),
            "limit": limit, "offset": offset,
            "extra_columns": sorted({name for d in meta.values() for name, _ in d["extra"]})}


def outlet_csv_rows(page: dict) -> list[dict]:
    return [{**o, "extra": "; ".join(f"{k}={v}" for k, v in o["extra"])} for o in page["outlets"]]


def matrix_csv_rows(page: dict) -> list[dict]:
    """One row per story and outlet column: 0 articles = not covered."""
    columns = page["matrix"]["outlets"]
    return [{**{k: s[k] for k in ("story_id", "title", "first_date", "last_date")},
             "outlet": o if o is not None else "outlet not known", "articles": n}
            for s in page["matrix"]["stories"] for o, n in zip(columns, s["counts"])]


# -- /outlet/NAME ------------------------------------------------------------------------------


def outlet_page(store: Store, name: str) -> dict:
    profile = outlet_profile(store, name)
    if profile is None:
        raise NotFound(f"no outlet {name!r} (newsprism outlets lists them)")
    return profile


# -- /attention -----------------------------------------------------------------------------------


def attention_figure(binned: dict, title: str, y_title: str) -> dict:
    """A plotly figure (plain dict): one stacked bar trace per outlet over the bins; names escaped."""
    unit = binned["unit"]
    data = [{"type": "bar", "name": str(escape(name)), "x": binned["bins"], "y": counts,
             "xperiod": _PERIOD[unit], "xperiodalignment": "start",
             "hovertemplate": f"%{{x}}: %{{y}} {y_title}<extra>%{{fullData.name}}</extra>"}
            for name, counts in binned["series"].items()]
    legend_rows = 1 + len(data) // 4
    layout = {"barmode": "stack", "title": {"text": title}, "height": 300 + 22 * legend_rows, "bargap": 0.1,
              "xaxis": {"type": "date", "tickformat": _TICKS[unit], "nticks": 12, "automargin": True,
                        "title": {"text": f"published (bars per {unit})"}},
              "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "automargin": True},
              "legend": {"orientation": "h", "x": 0, "y": -0.25 - 0.06 * legend_rows},
              "margin": {"l": 55, "r": 20, "t": 50, "b": 50 + 22 * legend_rows}}
    return {"data": data, "layout": layout}


def attention_page(store: Store, *, q: str = "", speaker: str | None = None, story: str | None = None,
                   outlet: str | None = None, date_from: str | None = None, date_to: str | None = None) -> dict:
    """Articles and statements over time, by outlet, for a term (search syntax), a speaker, a story, an
    outlet, or all of them together; bins chosen by the span (day, week, month, year)."""
    start, end = _date(date_from, "date_from"), _date(date_to, "date_to")
    speaker_name = None
    if speaker:
        found = queries.speaker(store, speaker)
        matches = [found] if found else queries.resolve_speakers(store, speaker)
        if not matches:
            raise NotFound(f"no speaker {speaker!r}")
        if len(matches) > 1:
            raise Ambiguous(speaker, matches)
        speaker = matches[0]["ref"]
        speaker_name = matches[0].get("name") or speaker
    story_title = None
    if story:
        found = framing.story_info(store, story)
        if found is None:
            raise NotFound(f"no story {story!r}")
        story_title = found["title"] or story
    filters = queries.SearchFilters(speaker=speaker or None, story=story or None, outlet=outlet or None,
                                    date_from=start, date_to=end)
    counts = attention_counts(store, q, filters)
    days = [r["published"] for rows in counts.values() for r in rows if r["published"]]
    first = min([d for d in (start, min(days, default=None)) if d], default=None)
    last = max([d for d in (end, max(days, default=None)) if d], default=None)
    articles = binned_series(counts["articles"], date_from=first, date_to=last)
    statements = binned_series(counts["statements"], unit=articles["unit"] if articles["bins"] else None,
                               date_from=first, date_to=last)
    about = [part for part in (f"“{q}”" if q.strip() else "", speaker_name or "", story_title or "", outlet or "")
             if part]
    subject = " · ".join(about) or "all articles"
    return {"q": q, "speaker": speaker or "", "speaker_name": speaker_name, "story": story or "",
            "story_title": story_title, "outlet": outlet or "", "date_from": start or "", "date_to": end or "",
            "subject": subject, "unit": articles["unit"],
            "totals": {"articles": sum(r["n"] for r in counts["articles"]),
                       "statements": sum(r["n"] for r in counts["statements"])},
            "articles": articles, "statements": statements,
            "figures": {"articles": attention_figure(articles, "Articles over time", "articles"),
                        "statements": attention_figure(statements, "Statements over time", "statements")}}


def attention_csv_rows(page: dict) -> list[dict]:
    """One row per bin and outlet with a count: bin start, unit, outlet, articles, statements."""
    rows: dict[tuple, dict] = {}
    for kind in ("articles", "statements"):
        binned = page[kind]
        for name, counts in binned["series"].items():
            for b, n in zip(binned["bins"], counts):
                if n:
                    row = rows.setdefault((b, name), {"bin": b, "unit": binned["unit"], "outlet": name,
                                                      "articles": 0, "statements": 0})
                    row[kind] = n
    return [rows[k] for k in sorted(rows)]


# -- the pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletsQuery:
    group: str
    date_from: str
    date_to: str
    limit: int
    offset: int


@dataclass(frozen=True)
class AttentionQuery:
    q: str
    speaker: str
    story: str
    outlet: str
    date_from: str
    date_to: str


def outlets_data(r: Read, p: OutletsQuery) -> dict:
    return outlets_page(r.store, group=p.group, date_from=p.date_from, date_to=p.date_to, limit=p.limit,
                        offset=p.offset)


def outlet_data(r: Read, name: str) -> dict:
    return outlet_page(r.store, name)


def attention_data(r: Read, p: AttentionQuery) -> dict:
    return attention_page(r.store, q=p.q, speaker=p.speaker or None, story=p.story or None, outlet=p.outlet or None,
                          date_from=p.date_from, date_to=p.date_to)


def pages(*, max_results: int) -> tuple[Page, ...]:
    """The outlet pages of the explorer (registered by app.py like every other page)."""
    limit_q = Query(50, ge=1, le=max_results)
    offset_q = Query(0, ge=0, le=10**7)
    group_q = Query("", max_length=300, description="Outlet group FIELD=VALUE from the outlet metadata, "
                                                     "e.g. lean=centre (see `groups` in /outlets.json).")
    from_q = Query("", max_length=40, description="Published on or after (YYYY-MM-DD).")
    to_q = Query("", max_length=40, description="Published on or before (YYYY-MM-DD).")
    q_q = Query("", max_length=200, description="Words, in the search syntax (phrases, word*, OR, -word).")
    speaker_q = Query("", max_length=200, description="Speaker entity id, name or part of one.")
    story_q = Query("", max_length=200, description="Story id.")
    outlet_q = Query("", max_length=200, description="Only this outlet.")

    def outlets_params(group: str = group_q, date_from: str = from_q, date_to: str = to_q, limit: int = limit_q,
                       offset: int = offset_q) -> OutletsQuery:
        return OutletsQuery(group, date_from, date_to, limit, offset)

    def every_outlet() -> OutletsQuery:
        return OutletsQuery("", "", "", 1, 0)

    def whole_matrix(group: str = group_q, date_from: str = from_q, date_to: str = to_q) -> OutletsQuery:
        return OutletsQuery(group, date_from, date_to, CSV_MAX_ROWS, 0)

    def outlet_name(name: str) -> str:
        return name

    def attention_params(q: str = q_q, speaker: str = speaker_q, story: str = story_q, outlet: str = outlet_q,
                         date_from: str = from_q, date_to: str = to_q) -> AttentionQuery:
        return AttentionQuery(q, speaker, story, outlet, date_from, date_to)

    return (
        Page("outlets", "/outlets", outlets_params, outlets_data, "outlets.html",
             summary="Outlets with their metadata, and the coverage matrix (stories x outlets) by date range "
                     "and outlet group", tags=("outlets",),
             csv=(Csv("/outlets.csv", "Outlets with their counts and metadata (CSV)", outlet_csv_rows,
                      OUTLET_CSV_COLUMNS, "outlets", params=every_outlet),
                  Csv("/coverage.csv", "The coverage matrix as rows: story, outlet, articles (CSV)", matrix_csv_rows,
                      MATRIX_CSV_COLUMNS, "coverage", params=whole_matrix)),
             html_key=lambda p: ("outlets", p.group, p.date_from, p.date_to, p.limit, p.offset), form=True),
        Page("outlet", "/outlet/{name:path}", outlet_name, outlet_data, "outlet.html",
             summary="One outlet: metadata, coverage, verbs, loaded wording, statements", tags=("outlets",),
             csv=(Csv("/outlet/{name:path}.csv", "One outlet's latest statements (CSV)", lambda p: p["statements"],
                      ("quote_id", "article_id", "published", "kind", "speaker_name", "cue", "text"), "outlet"),),
             html_params=page_id),
        Page("attention", "/attention", attention_params, attention_data, "attention.html",
             summary="Articles and statements over time by outlet, for a term, a speaker or a story",
             tags=("attention",),
             csv=(Csv("/attention.csv", "Attention over time: bin, outlet, articles, statements (CSV)",
                      attention_csv_rows, ATTENTION_CSV_COLUMNS, "attention"),),
             form=True, html_extra=lambda r, p: {"typed": asdict(p)}),
    )
