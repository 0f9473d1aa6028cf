"""The explorer: FastAPI serving the report's pages live, read-only, with JSON and CSV twins.

Each worker thread keeps one read-only connection (``mode=ro``); every request
reads inside one snapshot under a time limit, so a running ``analyze`` never
blocks it and a slow search is cut off rather than piling up. No route takes a
file path: static files come from a fixed list, pages from database ids.
"""

from __future__ import annotations

import csv
import hmac
import io
import ipaddress
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism import __version__
from newsprism.records import STATEMENT_KINDS
from newsprism.store import corrections as fixes_store
from newsprism.store import queries
from newsprism.store.db import Store, StoreError, StoreLocked, writer_lock
from newsprism.store.search_syntax import SYNTAX_HELP
from newsprism.web import outlet_pages, views
from newsprism.web.cache import PageCache, db_version
from newsprism.web.render import (API_DOCS_FILES, GZIPPED, STATIC_FILES, api_docs_bytes, make_env, static_bytes,
                                  static_gzipped)
from newsprism.web.urls import LiveUrls

__all__ = ["LOCAL_HOSTS", "create_app", "host_allowed", "to_csv"]

#: Host names a browser on this machine uses for the explorer. Any other Host header is refused,
#: so a web page whose DNS name is rebound to 127.0.0.1 cannot read the database (DNS rebinding).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "ip6-localhost"})

#: Rows a CSV download holds at most: a filtered view is downloaded whole, not one page of it.
CSV_MAX_ROWS = 100_000

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


def _page_id(value: str) -> str:
    """The id in an HTML page's address: ``x.json/`` is the page of the id ``x.json`` (urls.py adds the slash)."""
    stripped = value[:-1] if value.endswith("/") else value
    return stripped if stripped.endswith((".json", ".csv")) else value


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


class BadRequest(ValueError):
    """A parameter the user typed that cannot be used; the message says why."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Iterable[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _csv_response(rows: Iterable[dict], columns: tuple[str, ...], name: str) -> Response:
    return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


#: Set on each worker thread's read-only connection: pages are read through the OS's page cache
#: (mmap) and a larger SQLite cache, and the connection refuses any write even if opened otherwise.
READ_PRAGMAS = ("PRAGMA query_only = 1", "PRAGMA mmap_size = 268435456", "PRAGMA cache_size = -32768",
                "PRAGMA temp_store = MEMORY")

#: The environment variable through which ``newsprism serve --workers N`` configures each worker.
SERVE_ENV = "NEWSPRISM_SERVE"


def app_from_environment() -> FastAPI:
    """The explorer configured by ``NEWSPRISM_SERVE`` (JSON: the arguments of :func:`create_app`):
    the factory each worker process of ``newsprism serve --workers N`` imports."""
    options = json.loads(os.environ[SERVE_ENV])
    return create_app(options.pop("db_path"), **options)


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
    csrf_token = secrets.token_urlsafe(32) if edit else None
    db_path = Path(db_path)
    Store(db_path, readonly=True).close()  # fail now, clearly, when the file is missing or not a database
    env = make_env()
    urls = LiveUrls()
    local = threading.local()
    app = FastAPI(title="newsprism explorer", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only view of a newsprism database: stories, statements, speakers, "
                              "articles and full-text search. Every page has a `.json` twin; lists have "
                              "a `.csv` download.")

    def store() -> Store:
        if getattr(local, "store", None) is None:
            local.store = Store(db_path, readonly=True)
            for pragma in READ_PRAGMAS:
                local.store.conn.execute(pragma)
        return local.store

    def read(build: Callable[[Store], dict], seconds: float | None = None) -> dict:
        """Run ``build`` in one snapshot of the database, under the time limit."""
        s = store()
        with queries.time_limit(s, seconds or query_seconds), queries.snapshot(s):
            return build(s)

    pages = PageCache(cache_dir)

    def memo(s: Store, key: tuple, build: Callable[[], dict]) -> dict:
        """Reuse a result, across threads and (with ``cache_dir``) worker processes, until the database
        changes; one thread per process builds it."""
        return pages.get_or_build(key, db_version(db_path), build)

    def corrections_now(s: Store) -> dict:
        """What the pages mark as corrected (statement id -> correction, merged speaker ref -> merge)."""
        def build() -> dict:
            by_id = {c.id: c for c in fixes_store.list_corrections(s)}
            merged = fixes_store.merged_speakers(s)
            merged_into: dict[str, list] = {}
            for merge in merged.values():
                merged_into.setdefault(merge.value, []).append(merge)
            return {"statements": {q: by_id[n] for q, n in fixes_store.corrected_statements(s).items() if n in by_id},
                    "merged": merged, "merged_into": merged_into}
        return memo(s, ("corrections",), build)

    def context(s: Store | None = None) -> dict:
        """What every template gets besides the page: corrections to mark, the edit forms' token."""
        try:
            marks = corrections_now(s) if s is not None else read(corrections_now)
        except (StoreError, queries.QueryTimeout):
            marks = {}
        return {"fixes": marks, "edit": {"csrf": csrf_token} if edit else None}

    def html(template: str, page: dict, status_code: int = 200, **extra) -> HTMLResponse:
        body = env.get_template(template).render(page=page, urls=urls, **{**context(), **extra})
        return HTMLResponse(body, status_code=status_code)

    def error_page(status: int, message: str, as_json: bool, **extra) -> Response:
        if as_json:
            return JSONResponse({"detail": message}, status_code=status)
        return html("error.html", {}, status, status=status, message=message, **extra)

    def answer(build: Callable[[Store], dict], *, template: str | None = None,
               csv_of: tuple[Callable[[dict], Iterable[dict]], tuple[str, ...], str] | None = None,
               error_template: str | None = None, cache_key: tuple | None = None, **extra) -> Response:
        """One page in the requested shape: HTML (template), JSON (no template, no csv) or CSV.

        With ``cache_key`` the rendered HTML is kept (for every worker) until the database changes.
        """
        as_json = template is None and csv_of is None
        if cache_key is not None and template is not None:
            def rendered(s: Store) -> dict:
                return memo(s, ("html", template, *cache_key), lambda: {
                    "body": env.get_template(template).render(page=build(s), urls=urls, **{**context(s), **extra})})
            try:
                return HTMLResponse(read(rendered)["body"])
            except (views.NotFound, views.Ambiguous, queries.QueryTimeout, StoreError, BadRequest,
                    queries.SearchSyntaxError, outlet_pages.PageError):
                pass  # answered below, as an uncached page
        try:
            page = read(build, seconds=query_seconds * 10 if csv_of is not None else None)
        except views.NotFound as exc:
            return error_page(404, str(exc), as_json)
        except views.Ambiguous as exc:
            if as_json or csv_of is not None:
                return JSONResponse({"detail": str(exc), "matches": exc.matches}, status_code=300)
            return html("choose_speaker.html", {"typed": exc.typed, "matches": exc.matches}, 300)
        except (BadRequest, queries.SearchSyntaxError, outlet_pages.PageError) as exc:
            if as_json or error_template is None:
                return error_page(400, str(exc), as_json=True)
            return html(error_template, {"error": str(exc)}, 400, **extra)
        except queries.QueryTimeout as exc:
            return error_page(503, f"{exc}; narrow the search", as_json)
        except StoreError as exc:
            return error_page(500, str(exc), as_json)
        if csv_of is not None:
            rows_of, columns, name = csv_of
            return _csv_response(rows_of(page), columns, name)
        if template is None:
            return JSONResponse(page)
        return html(template, page, **extra)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        if not host_allowed(request.headers.get("host"), hosts):
            return Response("Host not allowed: the explorer answers only requests for this machine"
                            " (localhost or the --host it was started with).\n", status_code=421,
                            media_type="text/plain; charset=utf-8")
        if request.method not in ("GET", "HEAD"):
            refused = write_refused(request)
            if refused is not None:
                return refused
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    def write_refused(request: Request) -> Response | None:
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

    def wants_json(request: Request) -> bool:
        return request.url.path.endswith((".json", ".csv")) or request.url.path.startswith("/openapi")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        return error_page(422, f"That address has a value the explorer cannot use — {problems}.", False)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request) or exc.status_code < 400:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return error_page(exc.status_code, str(exc.detail), False)

    # -- index -----------------------------------------------------------------

    def index_builder(limit: int, offset: int):
        def build(s: Store) -> dict:
            aggregates = memo(s, ("index",), lambda: views.index_aggregates(s))
            return {**views.index_stories(s, limit=limit, offset=offset), **aggregates}
        return build

    @app.get("/index.json", tags=["stories"], summary="Stories, top speakers and coverage (JSON)")
    def index_json(limit: int = Query(50, ge=1, le=max_results), offset: int = Query(0, ge=0, le=10**7)):
        return answer(index_builder(limit, offset))

    @app.get("/stories.csv", tags=["stories"], summary="Stories (CSV)")
    def stories_csv(limit: int = Query(CSV_MAX_ROWS, ge=1, le=CSV_MAX_ROWS), offset: int = Query(0, ge=0, le=10**7)):
        return answer(lambda s: {"stories": queries.story_list(s, limit=limit, offset=offset)},
                      csv_of=(lambda p: p["stories"], views.CSV_COLUMNS["stories"], "stories"))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(limit: int = Query(50, ge=1, le=max_results), offset: int = Query(0, ge=0, le=10**7)):
        return answer(index_builder(limit, offset), template="index.html", cache_key=(limit, offset))

    # -- story, speaker, article: JSON and CSV routes first, they end in a suffix ---

    @app.get("/story/{story_id:path}.json", tags=["stories"], summary="A story: aligned statements, claims, framing")
    def story_json(story_id: str):
        return answer(lambda s: memo(s, ("story", story_id), lambda: views.story_page(s, story_id)))

    @app.get("/story/{story_id:path}.csv", tags=["stories"], summary="A story's aligned statements (CSV)")
    def story_csv(story_id: str):
        return answer(lambda s: memo(s, ("story", story_id), lambda: views.story_page(s, story_id)),
                      csv_of=(views.story_csv_rows, views.CSV_COLUMNS["story"], "story"))

    @app.get("/story/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: str):
        story_id = _page_id(story_id)
        return answer(lambda s: memo(s, ("story", story_id), lambda: views.story_page(s, story_id)),
                      template="story.html", cache_key=(story_id,))

    @app.get("/speaker/{ref:path}.json", tags=["speakers"], summary="A speaker's statements over time")
    def speaker_json(ref: str):
        return answer(lambda s: views.speaker_page(s, ref))

    @app.get("/speaker/{ref:path}.csv", tags=["speakers"], summary="A speaker's statements over time (CSV)")
    def speaker_csv(ref: str):
        return answer(lambda s: views.speaker_page(s, ref),
                      csv_of=(lambda p: p["statements"], views.CSV_COLUMNS["statements"], "speaker"))

    @app.get("/speaker/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker(ref: str):
        ref = _page_id(ref)
        return answer(lambda s: views.speaker_page(s, ref), template="speaker.html")

    def article_statements(page: dict) -> list[dict]:
        art = page["article"]
        return [{**st, "source": art["source"], "published": art["published"], "story_id": art["story_id"]}
                for st in page["spans"]["statements"]]

    @app.get("/article/{article_id:path}.json", tags=["articles"], summary="An article with every span found in it")
    def article_json(article_id: str):
        return answer(lambda s: views.article_page(s, article_id))

    @app.get("/article/{article_id:path}.csv", tags=["articles"], summary="An article's statements (CSV)")
    def article_csv(article_id: str):
        return answer(lambda s: views.article_page(s, article_id),
                      csv_of=(article_statements, views.CSV_COLUMNS["statements"], "article"))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(article_id: str):
        article_id = _page_id(article_id)
        return answer(lambda s: views.article_page(s, article_id), template="article.html")

    # -- speakers directory -----------------------------------------------------------

    def speakers_params(
        q: str = Query("", max_length=200, description="Part of a name or alias (any case)."),
        type: str = Query("", max_length=50, description="Speaker type (person, org, …)."),
        limit: int = Query(100, ge=1, le=max_results),
        offset: int = Query(0, ge=0, le=10**7),
    ):
        return lambda s: views.speakers_page(s, q, kind=type or None, limit=limit, offset=offset)

    @app.get("/speakers.json", tags=["speakers"], summary="Speakers directory (JSON)")
    def speakers_json(build=Depends(speakers_params)):
        return answer(build)

    @app.get("/speakers.csv", tags=["speakers"], summary="Speakers directory, all of it (CSV)")
    def speakers_csv(q: str = Query("", max_length=200), type: str = Query("", max_length=50)):
        return answer(lambda s: views.speakers_page(s, q, kind=type or None, limit=CSV_MAX_ROWS),
                      csv_of=(lambda p: p["speakers"], views.CSV_COLUMNS["speakers"], "speakers"))

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers(build=Depends(speakers_params)):
        return answer(build, template="speakers.html")

    # -- search and browse ------------------------------------------------------------

    def parse_date(value: str | None, name: str) -> str | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise BadRequest(f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31") from None

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
    ):
        """Search parameters; empty form fields mean "no filter"."""
        def build(s: Store, *, limit: int = limit, offset: int = offset, facets: bool = True) -> dict:
            if kind and kind not in STATEMENT_KINDS:
                raise BadRequest(f"kind: {kind!r} is not a statement kind; choose one of {', '.join(STATEMENT_KINDS)}")
            if sort and sort not in queries.SORTS:
                raise BadRequest(f"sort: {sort!r}; choose one of {', '.join(queries.SORTS)}")
            filters = queries.SearchFilters(
                speaker=speaker or None, outlet=outlet or None, story=story or None,
                date_from=parse_date(date_from, "date_from"), date_to=parse_date(date_to, "date_to"),
                kind=kind or None)
            page = views.search_page(s, q, filters, limit=limit, offset=offset, sort=sort or None, facets=False)
            if facets:
                counted = memo(s, ("facets", q, filters), lambda: queries.statement_facets(s, q, filters))
                page["facets"] = {k: v for k, v in counted.items() if k != "total"}
                page["total"] = counted["total"]
            return page

        build.typed = {"q": q, "speaker": speaker, "outlet": outlet, "story": story, "date_from": date_from,
                       "date_to": date_to, "kind": kind, "sort": sort}
        build.key = ("search", *build.typed.values(), limit, offset)
        return build

    @app.get("/search.json", tags=["search"], summary="Search or browse statements and articles, with facets")
    def search_json(build=Depends(search_params)):
        return answer(build)

    @app.get("/search.csv", tags=["search"], summary="Every matching statement of a search or filtered view (CSV)")
    def search_csv(build=Depends(search_params)):
        return answer(lambda s: build(s, limit=CSV_MAX_ROWS, offset=0, facets=False),
                      csv_of=(lambda p: p["statements"], views.CSV_COLUMNS["statements"], "statements"))

    @app.get("/search-articles.csv", tags=["search"], summary="Every matching article of a search (CSV)")
    def search_articles_csv(build=Depends(search_params)):
        return answer(lambda s: build(s, limit=CSV_MAX_ROWS, offset=0, facets=False),
                      csv_of=(lambda p: p["articles"], views.CSV_COLUMNS["articles"], "articles"))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(build=Depends(search_params)):
        extra = read(lambda s: memo(s, ("outlets",), lambda: {"outlets": queries.outlets(s)}))
        return answer(build, template="search.html", error_template="search.html", outlets=extra["outlets"],
                      kinds=STATEMENT_KINDS, sorts=queries.SORTS, syntax=SYNTAX_HELP, typed=build.typed,
                      cache_key=build.key)

    # -- outlets, who covered what, attention over time (newsprism/web/outlet_pages.py) ----------------

    outlet_pages.register(app, answer=answer, max_results=max_results, csv_max_rows=CSV_MAX_ROWS)

    # -- read-only SQL -------------------------------------------------------------------

    def sql_build(sql: str, max_rows: int):
        def build(s: Store) -> dict:
            if not sql.strip():
                return {"sql": "", "columns": [], "rows": [], "truncated": False}
            try:
                return {"sql": sql, **queries.run_sql(s, sql, max_rows=max_rows, seconds=query_seconds)}
            except queries.SqlError as exc:
                raise BadRequest(str(exc)) from None
        return build

    sql_query = Query("", max_length=5000, description="One read-only SQL statement (SELECT, WITH …).")

    @app.get("/sql.json", tags=["sql"], summary="Run one read-only SQL query (time-limited, row-capped)")
    def sql_json(sql: str = sql_query, max_rows: int = Query(1000, ge=1, le=CSV_MAX_ROWS)):
        return answer(sql_build(sql, max_rows))

    @app.get("/sql.csv", tags=["sql"], summary="Run one read-only SQL query, as CSV")
    def sql_csv(sql: str = sql_query, max_rows: int = Query(CSV_MAX_ROWS, ge=1, le=CSV_MAX_ROWS)):
        build = sql_build(sql, max_rows)
        return _sql_csv(build)

    def _sql_csv(build) -> Response:
        try:
            page = read(build, seconds=query_seconds)
        except (BadRequest, queries.SqlError) as exc:
            return error_page(400, str(exc), as_json=True)
        except queries.QueryTimeout as exc:
            return error_page(503, str(exc), as_json=True)
        columns = tuple(page["columns"])
        return _csv_response([dict(zip(columns, row)) for row in page["rows"]], columns, "query")

    @app.get("/sql", response_class=HTMLResponse, include_in_schema=False)
    def sql_page(sql: str = sql_query, max_rows: int = Query(1000, ge=1, le=CSV_MAX_ROWS)):
        return answer(sql_build(sql, max_rows), template="sql.html", error_template="sql.html",
                      examples=SQL_EXAMPLES, typed={"sql": sql})

    # -- corrections by hand ------------------------------------------------------------

    def corrections_build(s: Store) -> dict:
        rows = [{**fixes_store_json(c), "article_id": _article_of(c)} for c in fixes_store.list_corrections(s)]
        return {"corrections": rows, "edit": edit}

    @app.get("/corrections.json", tags=["corrections"], summary="Corrections made by hand, with who, when, why")
    def corrections_json():
        return answer(corrections_build)

    @app.get("/corrections.csv", tags=["corrections"], summary="Corrections made by hand (CSV)")
    def corrections_csv():
        return answer(corrections_build, csv_of=(lambda p: p["corrections"], CORRECTION_COLUMNS, "corrections"))

    @app.get("/corrections", response_class=HTMLResponse, include_in_schema=False)
    def corrections_page():
        return answer(corrections_build, template="corrections.html")

    if edit:
        def write(request_body: bytes, make: Callable[[Store, dict], object]) -> Response:
            """Check the form's token, then make the correction under the writer lock; back to the page."""
            form = {k: v[0] for k, v in parse_qs(request_body.decode("utf-8", "replace"), max_num_fields=20).items()}
            if not hmac.compare_digest(form.get("csrf", ""), csrf_token):
                return error_page(403, "This form is stale or not from this explorer (CSRF token); reload the page.",
                                  False)
            back = form.get("back", "")
            if not back.startswith("/") or back.startswith("//") or "\\" in back or len(back) > 500:
                back = "/corrections"
            try:
                with writer_lock(db_path, wait=False), Store(db_path) as s:
                    make(s, form)
            except StoreLocked as exc:
                return error_page(409, f"{exc}; try again in a moment", False)
            except fixes_store.CorrectionError as exc:
                return error_page(400, f"Not corrected: {exc}", False)
            except StoreError as exc:
                return error_page(500, str(exc), False)
            return RedirectResponse(back, status_code=303)

        @app.post("/fix/merge", include_in_schema=False)
        async def fix_merge(request: Request):
            body = await request.body()
            return await run_in_threadpool(write, body, lambda s, f: fixes_store.add_correction(
                s, "merge", fixes_store.resolve_speaker(s, f.get("source", "")),
                fixes_store.resolve_speaker(s, f.get("into", "")), who=who, why=f.get("why", "")))

        @app.post("/fix/reassign", include_in_schema=False)
        async def fix_reassign(request: Request):
            body = await request.body()
            return await run_in_threadpool(write, body, lambda s, f: fixes_store.add_correction(
                s, "reassign", f.get("statement", ""), fixes_store.resolve_speaker(s, f.get("speaker", "")),
                who=who, why=f.get("why", "")))

        @app.post("/fix/reject", include_in_schema=False)
        async def fix_reject(request: Request):
            body = await request.body()
            return await run_in_threadpool(write, body, lambda s, f: fixes_store.add_correction(
                s, "reject", f.get("statement", ""), who=who, why=f.get("why", "")))

        @app.post("/fix/undo", include_in_schema=False)
        async def fix_undo(request: Request):
            body = await request.body()
            return await run_in_threadpool(write, body, lambda s, f: fixes_store.add_correction(
                s, "undo", f.get("id", ""), who=who, why=f.get("why", "")))

    # -- static files from a fixed list --------------------------------------------

    def listed_file(name: str, files: dict[str, str], read: Callable[[str], bytes],
                    request: Request | None = None) -> Response:
        if name not in files:
            return error_page(404, "no such file", as_json=True)
        headers = {"Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding"}
        if request is not None and "gzip" in request.headers.get("accept-encoding", "") and name in GZIPPED:
            # plotly.js: 4.8 MB, 1.5 MB compressed once, then served from memory
            return Response(static_gzipped(name), media_type=files[name],
                            headers={**headers, "Content-Encoding": "gzip"})
        return Response(read(name), media_type=files[name], headers=headers)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str, request: Request):
        return listed_file(name, STATIC_FILES, static_bytes, request)

    # -- API docs from installed files (FastAPI's default pages load their JS from a CDN) ----------

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

    return app
