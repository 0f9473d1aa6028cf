"""The explorer: FastAPI serving the report's pages live, read-only, with JSON and CSV twins.

Each page is declared once (:class:`newsprism.web.pages.Page`: address, parameters, data, template,
CSV downloads) and registered as HTML, ``.json`` and ``.csv``; errors are answered by one table of
exception handlers (``pages.install_error_handlers``: each error's ``http_status``). Each worker thread keeps one read-only connection
(``mode=ro``); every request reads inside one snapshot under a time limit, so a running ``analyze``
never blocks it and a slow search is cut off rather than piling up. No route takes a file path:
static files come from a fixed list, pages from database ids.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import secrets
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders

from newsprism import __version__
from newsprism.records import STATEMENT_KINDS
from newsprism.store import corrections as fixes_store
from newsprism.store import queries
from newsprism.store.db import Store, writer_lock
from newsprism.store.search_syntax import SYNTAX_HELP
from newsprism.web import outlet_pages, views
from newsprism.web.pages import (CSV_MAX_ROWS, BadRequest, Csv, Page, Read, Site,
                                 install_error_handlers, no_params, page_id, register, to_csv)
from newsprism.web.render import API_DOCS_FILES, GZIPPED, STATIC_FILES, api_docs_bytes, static_bytes, static_gzipped

__all__ = ["CSV_MAX_ROWS", "LOCAL_HOSTS", "create_app", "explorer_pages", "host_allowed", "to_csv"]

#: Host names a browser on this machine uses for the explorer. Any other Host header is refused,
#: so a web page whose DNS name is rebound to 127.0.0.1 cannot read the database (DNS rebinding).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "ip6-localhost"})

#: Content-Security-Policy for our pages: scripts only from /static, nothing inline can run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
       " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _host_name(header: str) -> str:
    """The name in a Host header, without the port: "[::1]:8000" -> "::1", "Example.org:80" -> "example.org"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(header: str | None, extra: Iterable[str] = ()) -> bool:
    """True when a request's Host header names this machine (or the --host the server was given)."""
    if not header:
        return False
    name = _host_name(header)
    allowed = LOCAL_HOSTS | {_host_name(h) for h in extra}
    return name in allowed or name.endswith(".localhost")


#: Example queries shown on the SQL page (docs/schema.md describes every table).
SQL_EXAMPLES = (
    ("Articles per outlet", "SELECT outlet, count(*) AS articles FROM articles GROUP BY outlet ORDER BY articles DESC"),
    ("Most quoted speakers", "SELECT coalesce(e.name, q.speaker) AS speaker, count(*) AS statements FROM quotes q"
                             " LEFT JOIN entities e ON e.entity_id = q.speaker_id WHERE q.kind != 'term'"
                             " GROUP BY 1 ORDER BY 2 DESC LIMIT 20"),
    ("Altered quotes", "SELECT l.quote_a, l.quote_b, qa.text FROM links l JOIN quotes qa ON qa.quote_id = l.quote_a"
                       " WHERE l.relation = 'altered' LIMIT 50"),
    ("Attribution verbs by outlet", "SELECT a.outlet, q.cue_lemma, count(*) AS n FROM quotes q JOIN articles a"
                                    " ON a.article_id = q.article_id WHERE q.cue_lemma IS NOT NULL"
                                    " GROUP BY 1, 2 ORDER BY 1, 3 DESC"),
)


#: Columns of /corrections.csv.
CORRECTION_COLUMNS = ("id", "action", "target", "value", "who", "at", "why", "target_name", "target_type",
                      "value_name", "undone_by", "applied", "status")


def fixes_store_json(correction) -> dict:
    """A Correction as a JSON-able dict, with its status."""
    return {**asdict(correction), "status": correction.status}


def _article_of(correction) -> str | None:
    """The article of a statement correction's target (ids are ARTICLE_ID:START-END)."""
    if correction.action in fixes_store.STATEMENT_ACTIONS and ":" in correction.target:
        return correction.target.rsplit(":", 1)[0]
    return None


# -- the pages' parameters and data ----------------------------------------------------------


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


@dataclass(frozen=True)
class SpeakersQuery:
    q: str
    type: str
    limit: int
    offset: int


@dataclass(frozen=True)
class SearchQuery:
    """A search or filtered listing as typed; empty form fields mean "no filter"."""

    q: str
    speaker: str | None
    outlet: str | None
    story: str | None
    date_from: str | None
    date_to: str | None
    kind: str | None
    sort: str | None
    limit: int
    offset: int
    facets: bool = True

    @property
    def typed(self) -> dict:
        """What the search form shows again."""
        return {"q": self.q, "speaker": self.speaker, "outlet": self.outlet, "story": self.story,
                "date_from": self.date_from, "date_to": self.date_to, "kind": self.kind, "sort": self.sort}


@dataclass(frozen=True)
class SqlQuery:
    sql: str
    max_rows: int


def index_data(r: Read, p: Paging) -> dict:
    aggregates = r.memo(("index",), lambda: views.index_aggregates(r.store))
    return {**views.index_stories(r.store, limit=p.limit, offset=p.offset), **aggregates}


def stories_data(r: Read, p: Paging) -> dict:
    return {"stories": queries.story_list(r.store, limit=p.limit, offset=p.offset)}


def story_data(r: Read, story_id: str) -> dict:
    return r.memo(("story", story_id), lambda: views.story_page(r.store, story_id))


def speaker_data(r: Read, ref: str) -> dict:
    return views.speaker_page(r.store, ref)


def article_data(r: Read, article_id: str) -> dict:
    return views.article_page(r.store, article_id)


def article_statements(page: dict) -> list[dict]:
    art = page["article"]
    return [{**st, "source": art["source"], "published": art["published"], "story_id": art["story_id"]}
            for st in page["spans"]["statements"]]


def speakers_data(r: Read, p: SpeakersQuery) -> dict:
    return views.speakers_page(r.store, p.q, kind=p.type or None, limit=p.limit, offset=p.offset)


def parse_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31") from None


def search_data(r: Read, p: SearchQuery) -> dict:
    if p.kind and p.kind not in STATEMENT_KINDS:
        raise BadRequest(f"kind: {p.kind!r} is not a statement kind; choose one of {', '.join(STATEMENT_KINDS)}")
    if p.sort and p.sort not in queries.SORTS:
        raise BadRequest(f"sort: {p.sort!r}; choose one of {', '.join(queries.SORTS)}")
    filters = queries.SearchFilters(
        speaker=p.speaker or None, outlet=p.outlet or None, story=p.story or None,
        date_from=parse_date(p.date_from, "date_from"), date_to=parse_date(p.date_to, "date_to"),
        kind=p.kind or None)
    if not p.facets:
        return views.search_page(r.store, p.q, filters, limit=p.limit, offset=p.offset, sort=p.sort or None,
                                 facets=False)
    counted = r.memo(("facets", p.q, filters), lambda: queries.statement_facets(
        r.store, p.q, filters, index=r.facet_index() if r.facet_index else None))
    page = views.search_page(r.store, p.q, filters, limit=p.limit, offset=p.offset, sort=p.sort or None,
                             facets=False, total=counted["total"])  # the matches, counted once
    page["facets"] = {k: v for k, v in counted.items() if k != "total"}
    page["total"] = counted["total"]
    return page


def search_form(r: Read, p: SearchQuery) -> dict:
    """What the search page shows besides the results: the outlets, kinds and orders to choose, the syntax."""
    outlets = r.memo(("outlets",), lambda: {"outlets": queries.outlets(r.store)})["outlets"]
    return {"outlets": outlets, "kinds": STATEMENT_KINDS, "sorts": queries.SORTS, "syntax": SYNTAX_HELP,
            "typed": p.typed}


def sql_rows(page: dict) -> list[dict]:
    return [dict(zip(page["columns"], row)) for row in page["rows"]]


#: The environment variable through which ``newsprism serve --workers N`` configures each worker.
SERVE_ENV = "NEWSPRISM_SERVE"


def app_from_environment() -> FastAPI:
    """The explorer configured by ``NEWSPRISM_SERVE`` (JSON: the arguments of :func:`create_app`):
    the factory each worker process of ``newsprism serve --workers N`` imports."""
    options = json.loads(os.environ[SERVE_ENV])
    return create_app(options.pop("db_path"), **options)


# -- the pages -------------------------------------------------------------------------------------


def explorer_pages(*, max_results: int, query_seconds: float, edit: bool) -> tuple[Page, ...]:
    """Every page of the explorer, in the order their routes are tried (and listed in /openapi.json)."""
    paging = {"limit": Query(50, ge=1, le=max_results), "offset": Query(0, ge=0, le=10**7)}

    def index_params(limit: int = paging["limit"], offset: int = paging["offset"]) -> Paging:
        return Paging(limit, offset)

    def stories_params(limit: int = Query(CSV_MAX_ROWS, ge=1, le=CSV_MAX_ROWS),
                       offset: int = Query(0, ge=0, le=10**7)) -> Paging:
        return Paging(limit, offset)

    def story_id(story_id: str) -> str:
        return story_id

    def speaker_ref(ref: str) -> str:
        return ref

    def article_id(article_id: str) -> str:
        return article_id

    def speakers_params(
        q: str = Query("", max_length=200, description="Part of a name or alias (any case)."),
        type: str = Query("", max_length=50, description="Speaker type (person, org, …)."),
        limit: int = Query(100, ge=1, le=max_results),
        offset: int = Query(0, ge=0, le=10**7),
    ) -> SpeakersQuery:
        return SpeakersQuery(q, type, limit, offset)

    def all_speakers(q: str = Query("", max_length=200), type: str = Query("", max_length=50)) -> SpeakersQuery:
        return SpeakersQuery(q, type, CSV_MAX_ROWS, 0)

    def search_params(
        q: str = Query("", max_length=200, description="Words; see the search page for the syntax "
                                                         "(phrases, word*, OR, -word). Empty: browse everything."),
        speaker: str | None = Query(None, max_length=200, description="Speaker entity id, name or part of one."),
        outlet: str | None = Query(None, max_length=200),
        story: str | None = Query(None, max_length=200, description="Story id."),
        date_from: str | None = Query(None, max_length=40, description="Published on or after (YYYY-MM-DD)."),
        date_to: str | None = Query(None, max_length=40, description="Published on or before (YYYY-MM-DD)."),
        kind: str | None = Query(None, max_length=40,
                                 description="Statement kind (statements only): " + ", ".join(STATEMENT_KINDS)),
        sort: str | None = Query(None, max_length=20, description="relevance (with words), newest or oldest."),
        limit: int = Query(50, ge=1, le=max_results, description="Results per page."),
        offset: int = Query(0, ge=0, le=10**6, description="Results to skip (paging)."),
    ) -> SearchQuery:
        return SearchQuery(q, speaker, outlet, story, date_from, date_to, kind, sort, limit, offset)

    def every_match(p: SearchQuery = Depends(search_params)) -> SearchQuery:
        return replace(p, limit=CSV_MAX_ROWS, offset=0, facets=False)

    sql_query = Query("", max_length=5000, description="One read-only SQL statement (SELECT, WITH …).")

    def sql_params(sql: str = sql_query, max_rows: int = Query(1000, ge=1, le=CSV_MAX_ROWS)) -> SqlQuery:
        return SqlQuery(sql, max_rows)

    def sql_download(sql: str = sql_query, max_rows: int = Query(CSV_MAX_ROWS, ge=1, le=CSV_MAX_ROWS)) -> SqlQuery:
        return SqlQuery(sql, max_rows)

    def sql_data(r: Read, p: SqlQuery) -> dict:
        if not p.sql.strip():
            return {"sql": "", "columns": [], "rows": [], "truncated": False}
        return {"sql": p.sql, **queries.run_sql(r.store, p.sql, max_rows=p.max_rows, seconds=query_seconds)}

    def corrections_data(r: Read, _: None) -> dict:
        rows = [{**fixes_store_json(c), "article_id": _article_of(c)} for c in fixes_store.list_corrections(r.store)]
        return {"corrections": rows, "edit": edit}

    statements = views.CSV_COLUMNS["statements"]
    return (
        Page("index", "/", index_params, index_data, "index.html", json_path="/index.json",
             summary="Stories, top speakers and coverage (JSON)", tags=("stories",),
             csv=(Csv("/stories.csv", "Stories (CSV)", lambda p: p["stories"], views.CSV_COLUMNS["stories"],
                      "stories", params=stories_params, build=stories_data),),
             html_key=lambda p: (p.limit, p.offset)),
        Page("story", "/story/{story_id:path}", story_id, story_data, "story.html",
             summary="A story: aligned statements, claims, framing", tags=("stories",),
             csv=(Csv("/story/{story_id:path}.csv", "A story's aligned statements (CSV)", views.story_csv_rows,
                      views.CSV_COLUMNS["story"], "story"),),
             html_params=page_id, html_key=lambda story: (story,)),
        Page("speaker", "/speaker/{ref:path}", speaker_ref, speaker_data, "speaker.html",
             summary="A speaker's statements over time", tags=("speakers",),
             csv=(Csv("/speaker/{ref:path}.csv", "A speaker's statements over time (CSV)",
                      lambda p: p["statements"], statements, "speaker"),),
             html_params=page_id),
        Page("article", "/article/{article_id:path}", article_id, article_data, "article.html",
             summary="An article with every span found in it", tags=("articles",),
             csv=(Csv("/article/{article_id:path}.csv", "An article's statements (CSV)", article_statements,
                      statements, "article"),),
             html_params=page_id),
        Page("speakers", "/speakers", speakers_params, speakers_data, "speakers.html",
             summary="Speakers directory (JSON)", tags=("speakers",),
             csv=(Csv("/speakers.csv", "Speakers directory, all of it (CSV)", lambda p: p["speakers"],
                      views.CSV_COLUMNS["speakers"], "speakers", params=all_speakers),)),
        Page("search", "/search", search_params, search_data, "search.html",
             summary="Search or browse statements and articles, with facets", tags=("search",),
             csv=(Csv("/search.csv", "Every matching statement of a search or filtered view (CSV)",
                      lambda p: p["statements"], statements, "statements", params=every_match),
                  Csv("/search-articles.csv", "Every matching article of a search (CSV)", lambda p: p["articles"],
                      views.CSV_COLUMNS["articles"], "articles", params=every_match)),
             html_key=lambda p: ("search", *p.typed.values(), p.limit, p.offset), form=True, html_extra=search_form),
        *outlet_pages.pages(max_results=max_results),
        Page("sql", "/sql", sql_params, sql_data, "sql.html",
             summary="Run one read-only SQL query (time-limited, row-capped)", tags=("sql",),
             csv=(Csv("/sql.csv", "Run one read-only SQL query, as CSV", sql_rows, lambda p: tuple(p["columns"]),
                      "query", params=sql_download),),
             form=True, html_extra=lambda r, p: {"examples": SQL_EXAMPLES, "typed": {"sql": p.sql}}),
        Page("corrections", "/corrections", no_params, corrections_data, "corrections.html",
             summary="Corrections made by hand, with who, when, why", tags=("corrections",),
             csv=(Csv("/corrections.csv", "Corrections made by hand (CSV)", lambda p: p["corrections"],
                      CORRECTION_COLUMNS, "corrections"),)),
    )


# -- the app ---------------------------------------------------------------------------------------


def create_app(db_path: str | Path, *, query_seconds: float = 2.0, max_results: int = 200,
               hosts: Iterable[str] = (), edit: bool = False, who: str = "unknown",
               cache_dir: str | Path | None = None) -> FastAPI:
    """The explorer over the database at ``db_path`` (opened read-only, never written).

    Requests must name this machine in their Host header (``localhost``, a loopback address,
    or one of ``hosts``: the address the server was bound to). Any request but GET and HEAD is
    refused (405), except, with ``edit``, the correction forms' POSTs to ``/fix/…``: from a
    loopback address naming a loopback host, with this process's CSRF token; each is recorded
    as made by ``who`` and written under the writer lock (store/corrections.py). ``cache_dir``:
    a private folder where worker processes share computed pages (:mod:`newsprism.web.cache`).
    """
    hosts = tuple(hosts)
    db_path = Path(db_path)
    Store(db_path, readonly=True).close()  # fail now, clearly, when the file is missing or not a database
    site = Site(db_path, query_seconds=query_seconds, cache_dir=cache_dir,
                csrf_token=secrets.token_urlsafe(32) if edit else None)
    site.facet_index()  # start reading every statement's facet values now, in the background, not at the first search
    app = FastAPI(title="newsprism explorer", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only view of a newsprism database: stories, statements, speakers, "
                              "articles and full-text search. Every page has a `.json` twin; lists have "
                              "a `.csv` download.")

    app.add_middleware(Guard, hosts=hosts, edit=edit)

    app.state.site = site  # bench/serve_cpu.py waits for its facet index before timing
    install_error_handlers(app, site)
    for page in explorer_pages(max_results=max_results, query_seconds=query_seconds, edit=edit):
        register(app, site, page)
    if edit:
        add_correction_forms(app, site, db_path, who)
    add_files_and_docs(app)
    return app


class Guard:
    """The explorer's gate, around every request (plain ASGI: no task and stream per request, as
    ``@app.middleware`` costs): the Host check, the write refusal, and the security headers."""

    def __init__(self, app, *, hosts: tuple[str, ...], edit: bool) -> None:
        self.app, self.hosts, self.edit = app, hosts, edit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not host_allowed(request.headers.get("host"), self.hosts):
            refused: Response | None = Response(
                "Host not allowed: the explorer answers only requests for this machine"
                " (localhost or the --host it was started with).\n", status_code=421,
                media_type="text/plain; charset=utf-8")
        elif request.method not in ("GET", "HEAD"):
            refused = write_refused(request, self.edit)
        else:
            refused = None
        if refused is not None:
            await refused(scope, receive, send)
            return
        with_csp = not scope["path"].startswith(("/docs", "/redoc"))

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if with_csp:
                    headers.setdefault("Content-Security-Policy", CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def write_refused(request: Request, edit: bool) -> Response | None:
    """Why a request that is not a GET may not go on (None: a correction form of ``serve --edit``)."""
    if not edit or request.method != "POST" or not request.url.path.startswith("/fix/"):
        return Response("This explorer is read-only: only GET and HEAD requests are answered"
                        " (corrections: `newsprism fix …`, or `newsprism serve --edit` on localhost).\n",
                        status_code=405, headers={"Allow": "GET, HEAD"}, media_type="text/plain; charset=utf-8")
    client = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(client).is_loopback
    except ValueError:
        loopback = client == "testclient"  # Starlette's in-process test client
    host = _host_name(request.headers.get("host", ""))
    if not loopback or not (host in LOCAL_HOSTS or host.endswith(".localhost")):
        return Response("Corrections are accepted only from this machine, at localhost.\n", status_code=403,
                        media_type="text/plain; charset=utf-8")
    # Our pages send no referrer, so a browser's form POST says "Origin: null"; Sec-Fetch-Site
    # then tells a form of this explorer ("same-origin") from any other. The CSRF token is checked too.
    origin = (request.headers.get("origin") or "").strip().lower()
    fetch_site = request.headers.get("sec-fetch-site")
    same_origin = origin in ("", "null") or origin.split("://", 1)[-1] == request.headers.get("host", "").lower()
    if not same_origin or fetch_site not in (None, "same-origin", "none") or (origin == "null" and fetch_site is None):
        return Response("Cross-site form refused.\n", status_code=403, media_type="text/plain; charset=utf-8")
    return None


#: The correction forms of ``serve --edit``: address -> the correction a form's fields make.
CORRECTION_FORMS: dict[str, Callable[[Store, dict, str], object]] = {
    "/fix/merge": lambda s, f, who: fixes_store.add_correction(
        s, "merge", fixes_store.resolve_speaker(s, f.get("source", "")),
        fixes_store.resolve_speaker(s, f.get("into", "")), who=who, why=f.get("why", "")),
    "/fix/reassign": lambda s, f, who: fixes_store.add_correction(
        s, "reassign", f.get("statement", ""), fixes_store.resolve_speaker(s, f.get("speaker", "")),
        who=who, why=f.get("why", "")),
    "/fix/reject": lambda s, f, who: fixes_store.add_correction(
        s, "reject", f.get("statement", ""), who=who, why=f.get("why", "")),
    "/fix/undo": lambda s, f, who: fixes_store.add_correction(
        s, "undo", f.get("id", ""), who=who, why=f.get("why", "")),
}


def add_correction_forms(app: FastAPI, site: Site, db_path: Path, who: str) -> None:
    """The POST routes of :data:`CORRECTION_FORMS` (the middleware lets only this machine's forms through)."""

    def write(request_body: bytes, make: Callable[[Store, dict, str], object]) -> Response:
        """Check the form's token, then make the correction under the writer lock; back to the page.
        A refused correction (CorrectionError) or a busy writer (StoreLocked) is answered by the error table."""
        form = {k: v[0] for k, v in parse_qs(request_body.decode("utf-8", "replace"), max_num_fields=20).items()}
        if not hmac.compare_digest(form.get("csrf", ""), site.csrf_token or ""):
            return site.error(403, "This form is stale or not from this explorer (CSRF token); reload the page.", False)
        back = form.get("back", "")
        if not back.startswith("/") or back.startswith("//") or "\\" in back or len(back) > 500:
            back = "/corrections"
        with writer_lock(db_path, wait=False), Store(db_path) as s:
            make(s, form, who)
        return RedirectResponse(back, status_code=303)

    def route(make: Callable[[Store, dict, str], object]):
        async def post(request: Request) -> Response:
            return await run_in_threadpool(write, await request.body(), make)
        return post

    for path, make in CORRECTION_FORMS.items():
        app.add_api_route(path, route(make), methods=["POST"], name=path.strip("/").replace("/", "_"),
                          include_in_schema=False)


def add_files_and_docs(app: FastAPI) -> None:
    """Static files from a fixed list; the API docs from installed files (FastAPI's default pages load
    their JS from a CDN)."""

    def listed_file(name: str, files: dict[str, str], read: Callable[[str], bytes],
                    request: Request | None = None) -> Response:
        if name not in files:
            return JSONResponse({"detail": "no such file"}, status_code=404)
        headers = {"Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding"}
        if request is not None and "gzip" in request.headers.get("accept-encoding", "") and name in GZIPPED:
            # plotly.js: 4.8 MB, 1.5 MB compressed once, then served from memory
            return Response(static_gzipped(name), media_type=files[name],
                            headers={**headers, "Content-Encoding": "gzip"})
        return Response(read(name), media_type=files[name], headers=headers)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str, request: Request):
        return listed_file(name, STATIC_FILES, static_bytes, request)

    @app.get("/docs", include_in_schema=False)
    def api_docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} — API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def api_redoc():
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} — API",
                              redoc_js_url="/docs-static/redoc.standalone.js",
                              redoc_favicon_url="/docs-static/favicon.png", with_google_fonts=False)

    @app.get("/docs-static/{name}", include_in_schema=False)
    def api_docs_static(name: str):
        return listed_file(name, API_DOCS_FILES, api_docs_bytes)
