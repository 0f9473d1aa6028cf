"""The explorer: FastAPI serving the report's pages live, read-only, with JSON and CSV twins.

Each worker thread keeps one read-only connection (``mode=ro``); every request
reads inside one snapshot under a time limit, so a running ``analyze`` never
blocks it and a slow search is cut off rather than piling up. No route takes a
file path: static files come from a fixed list, pages from database ids.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsprism import __version__
from newsprism.records import STATEMENT_KINDS
from newsprism.store import queries
from newsprism.store.db import Store, StoreError
from newsprism.web import views
from newsprism.web.render import API_DOCS_FILES, STATIC_FILES, api_docs_bytes, make_env, static_bytes
from newsprism.web.urls import LiveUrls

__all__ = ["create_app", "to_csv"]

#: Content-Security-Policy for our pages: scripts only from /static, nothing inline can run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
       " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

_DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2})?$"

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


def create_app(db_path: str | Path, *, query_seconds: float = 2.0, max_results: int = 200) -> FastAPI:
    """The explorer over the database at ``db_path`` (opened read-only, never written)."""
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
        return local.store

    def read(build: Callable[[Store], dict]) -> dict:
        """Run ``build`` in one snapshot of the database, under the time limit."""
        s = store()
        with queries.time_limit(s, query_seconds), queries.snapshot(s):
            return build(s)

    def memo(s: Store, key: tuple, build: Callable[[], dict]) -> dict:
        """Reuse a result (of this thread's connection) until the database changes."""
        version = queries.data_version(s)
        cache = getattr(local, "cache", None)
        if cache is None or local.cache_version != version or len(cache) > 32:
            cache = local.cache = {}
            local.cache_version = version
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def html(template: str, page: dict, status_code: int = 200, **extra) -> HTMLResponse:
        body = env.get_template(template).render(page=page, urls=urls, **extra)
        return HTMLResponse(body, status_code=status_code)

    def error_page(status: int, message: str, as_json: bool) -> Response:
        if as_json:
            return JSONResponse({"detail": message}, status_code=status)
        return html("error.html", {}, status, status=status, message=message)

    def answer(build: Callable[[Store], dict], *, template: str | None = None,
               csv_of: tuple[Callable[[dict], Iterable[dict]], tuple[str, ...], str] | None = None,
               **extra) -> Response:
        """One page in the requested shape: HTML (template), JSON (no template, no csv) or CSV."""
        as_json = template is None and csv_of is None
        try:
            page = read(build)
        except views.NotFound as exc:
            return error_page(404, str(exc), as_json)
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
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

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
    def stories_csv(limit: int = Query(max_results, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10**7)):
        return answer(lambda s: {"stories": queries.story_list(s, limit=limit, offset=offset)},
                      csv_of=(lambda p: p["stories"], views.CSV_COLUMNS["stories"], "stories"))

    @app.get("/speakers.csv", tags=["speakers"], summary="Speakers by number of statements (CSV)")
    def speakers_csv(limit: int = Query(max_results, ge=1, le=10_000)):
        return answer(lambda s: {"speakers": queries.top_speakers(s, limit=limit)},
                      csv_of=(lambda p: p["speakers"], views.CSV_COLUMNS["speakers"], "speakers"))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(limit: int = Query(50, ge=1, le=max_results), offset: int = Query(0, ge=0, le=10**7)):
        return answer(index_builder(limit, offset), template="index.html")

    # -- story, speaker, article: JSON and CSV routes first, they end in a suffix ---

    @app.get("/story/{story_id:path}.json", tags=["stories"], summary="A story: aligned statements, claims, framing")
    def story_json(story_id: str):
        return answer(lambda s: views.story_page(s, story_id))

    @app.get("/story/{story_id:path}.csv", tags=["stories"], summary="A story's aligned statements (CSV)")
    def story_csv(story_id: str):
        return answer(lambda s: views.story_page(s, story_id),
                      csv_of=(views.story_csv_rows, views.CSV_COLUMNS["story"], "story"))

    @app.get("/story/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: str):
        return answer(lambda s: views.story_page(s, story_id), template="story.html")

    @app.get("/speaker/{ref:path}.json", tags=["speakers"], summary="A speaker's statements over time")
    def speaker_json(ref: str):
        return answer(lambda s: views.speaker_page(s, ref))

    @app.get("/speaker/{ref:path}.csv", tags=["speakers"], summary="A speaker's statements over time (CSV)")
    def speaker_csv(ref: str):
        return answer(lambda s: views.speaker_page(s, ref),
                      csv_of=(lambda p: p["statements"], views.CSV_COLUMNS["statements"], "speaker"))

    @app.get("/speaker/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker(ref: str):
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
        return answer(lambda s: views.article_page(s, article_id), template="article.html")

    # -- search --------------------------------------------------------------------

    def parse_date(value: str | None, name: str) -> str | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise HTTPException(422, f"{name}: not a date: {value!r}") from None

    kind_pattern = "^(" + "|".join(STATEMENT_KINDS) + ")?$"

    def search_params(
        q: str = Query("", max_length=200, description="Words; put a phrase in double quotes."),
        speaker: str | None = Query(None, max_length=200, description="Speaker entity id or name."),
        outlet: str | None = Query(None, max_length=200),
        story: str | None = Query(None, max_length=200, description="Story id."),
        date_from: str | None = Query(None, pattern=_DATE_PATTERN, description="Published on or after (YYYY-MM-DD)."),
        date_to: str | None = Query(None, pattern=_DATE_PATTERN, description="Published on or before (YYYY-MM-DD)."),
        kind: str | None = Query(None, pattern=kind_pattern,
                                 description="Statement kind (statements only): " + ", ".join(STATEMENT_KINDS)),
        limit: int = Query(50, ge=1, le=max_results, description="Results per list."),
    ):
        """Search parameters; empty form fields mean "no filter"."""
        filters = queries.SearchFilters(
            speaker=speaker or None, outlet=outlet or None, story=story or None,
            date_from=parse_date(date_from, "date_from"), date_to=parse_date(date_to, "date_to"),
            kind=kind or None)
        return lambda s: views.search_page(s, q, filters, limit=limit)

    @app.get("/search.json", tags=["search"], summary="Full-text search over statements and articles")
    def search_json(build=Depends(search_params)):
        return answer(build)

    @app.get("/search.csv", tags=["search"], summary="Full-text search: matching statements (CSV)")
    def search_csv(build=Depends(search_params)):
        return answer(build, csv_of=(lambda p: p["statements"], views.CSV_COLUMNS["statements"], "search"))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(build=Depends(search_params)):
        extra = read(lambda s: memo(s, ("outlets",), lambda: {"outlets": queries.outlets(s)}))
        return answer(build, template="search.html", outlets=extra["outlets"], kinds=STATEMENT_KINDS)

    # -- static files from a fixed list --------------------------------------------

    def listed_file(name: str, files: dict[str, str], read: Callable[[str], bytes]) -> Response:
        if name not in files:
            return error_page(404, "no such file", as_json=True)
        return Response(read(name), media_type=files[name], headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        return listed_file(name, STATIC_FILES, static_bytes)

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
