"""Pages declared once, rendered three ways, and errors turned into HTTP answers at the edge.

A :class:`Page` names its address, its parameters (a FastAPI dependency giving a record), the
function that builds its data from the store, its template and its CSV downloads;
:func:`register` adds its HTML page, its ``.json`` twin and each ``.csv`` download, so the three
always show the same data (the way Datasette gives every view its renderers). Builders raise
and never answer: every newsprism error carries its ``http_status`` (:data:`HTTP_MESSAGES` adds hints), and
:func:`install_error_handlers` answers it as JSON (``.json``, ``.csv``, ``/openapi…``) or as a
page.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism.errors import NewsprismError
from newsprism.store import corrections as fixes_store
from newsprism.store import queries
from newsprism.store.db import Store, StoreError, StoreLocked
from newsprism.web import views
from newsprism.web.cache import PageCache, db_version
from newsprism.web.render import make_env
from newsprism.web.urls import LiveUrls

__all__ = ["CSV_MAX_ROWS", "HTTP_MESSAGES", "READ_PRAGMAS", "BadRequest", "Csv", "Page", "Read", "Site",
           "install_error_handlers", "no_params", "page_id", "register", "to_csv", "wants_json"]

#: Rows a CSV download holds at most: a filtered view is downloaded whole, not one page of it.
CSV_MAX_ROWS = 100_000

#: Set on each worker thread's read-only connection: pages are read through the OS's page cache
#: (mmap) and a larger SQLite cache, and the connection refuses any write even if opened otherwise.
READ_PRAGMAS = ("PRAGMA query_only = 1", "PRAGMA mmap_size = 268435456", "PRAGMA cache_size = -32768",
                "PRAGMA temp_store = MEMORY")


class BadRequest(NewsprismError, ValueError):
    """A parameter the user typed that cannot be used; the message says why (answered 400)."""

    code = "NP-E701"


# -- declarations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """What a page builder reads with: the store, inside one snapshot under the time limit,
    ``memo(key, build)``, which keeps a value (for every worker) until the database changes, and
    ``facet_index()``: every statement's facet values as this worker keeps them for the database's
    present state, or None while they are being read (count with SQL meanwhile)."""

    store: Store
    memo: Callable[[tuple, Callable[[], Any]], Any]
    facet_index: Callable[[], queries.FacetIndex | None] | None = None


@dataclass(frozen=True)
class Csv:
    """One CSV download of a page's data.

    ``params``: the download's own FastAPI dependency giving the page's parameter record (e.g. with
    the row cap instead of one page); the page's own when None. ``build``: the page's when None.
    ``columns``: fixed, or computed from the data (the SQL page's).
    """

    path: str
    summary: str
    rows: Callable[[dict], Iterable[dict]]
    columns: tuple[str, ...] | Callable[[dict], tuple[str, ...]]
    filename: str
    params: Callable[..., Any] | None = None
    build: Callable[[Read, Any], dict] | None = None

    @property
    def name(self) -> str:
        """The route's name (OpenAPI operation id): ``/search-articles.csv`` -> ``search_articles_csv``."""
        return _route_name(self.path, "csv")


@dataclass(frozen=True)
class Page:
    """One page of the explorer: HTML at ``path``, JSON at ``json_path`` (``path`` + ``.json``), CSVs.

    ``params``: a FastAPI dependency (its arguments are the query and path parameters, with their
    limits and descriptions) returning the record ``build(read, params)`` takes. ``html_params``:
    applied to that record for the HTML page only (``page_id`` for ids that may end in .json).
    ``html_key``: cache the rendered HTML under this key until the database changes. ``form``: a
    400 shows the page's own template with the error (a search form keeps what was typed);
    ``html_extra(read, params)``: what else that template gets, read before the page.
    """

    name: str
    path: str
    params: Callable[..., Any]
    build: Callable[[Read, Any], dict]
    template: str
    summary: str
    tags: tuple[str, ...]
    csv: tuple[Csv, ...] = ()
    json_path: str | None = None
    html_params: Callable[[Any], Any] | None = None
    html_key: Callable[[Any], tuple] | None = None
    form: bool = False
    html_extra: Callable[[Read, Any], dict] | None = None


def no_params() -> None:
    """The parameters of a page that takes none."""
    return None


def page_id(value: str) -> str:
    """The id in an HTML page's address: ``x.json/`` is the page of the id ``x.json`` (urls.py adds the slash)."""
    stripped = value[:-1] if value.endswith("/") else value
    return stripped if stripped.endswith((".json", ".csv")) else value


def _route_name(path: str, suffix: str) -> str:
    return path.strip("/").split("/")[0].split(".")[0].replace("-", "_") + "_" + suffix


# -- CSV -----------------------------------------------------------------------------------------------

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


# -- the running explorer -----------------------------------------------------------------------------


class Site:
    """One explorer's reading side: a read-only connection per worker thread, the page cache, the
    templates, and what every page gets besides its data (corrections to mark, the edit forms' token)."""

    def __init__(self, db_path: Path, *, query_seconds: float, cache_dir: str | Path | None,
                 csrf_token: str | None) -> None:
        self.db_path = db_path
        self.query_seconds = query_seconds
        self.csrf_token = csrf_token
        self.env = make_env()
        self.urls = LiveUrls()
        self.pages = PageCache(cache_dir)
        self._local = threading.local()
        self._facets: tuple[str, queries.FacetIndex] | None = None
        self._facets_lock = threading.Lock()
        self._facets_reading = False

    def store(self) -> Store:
        if getattr(self._local, "store", None) is None:
            self._local.store = Store(self.db_path, readonly=True)
            for pragma in READ_PRAGMAS:
                self._local.store.conn.execute(pragma)
        return self._local.store

    def read(self, build: Callable[[Read], Any], seconds: float | None = None) -> Any:
        """Run ``build`` in one snapshot of the database, under the time limit."""
        s = self.store()
        with queries.time_limit(s, seconds or self.query_seconds), queries.snapshot(s):
            return build(Read(s, self.memo, self.facet_index))

    def memo(self, key: tuple, build: Callable[[], Any]) -> Any:
        """Reuse a result, across threads and (with ``cache_dir``) worker processes, until the database
        changes; one thread per process builds it."""
        return self.pages.get_or_build(key, db_version(self.db_path), build)

    def facet_index(self, *, wait: bool = False) -> queries.FacetIndex | None:
        """Every statement's facet values (:func:`queries.facet_index`) for the database's present
        version, kept by this worker (about 1 MB per 50,000 statements; not shared: it is not a page).

        When the database changed (or on first use) they are read again by a thread of their own,
        outside any request and its time limit, and None is the answer until they are ready (the
        caller counts with SQL); ``wait``: read them now instead. An index is kept only when the
        database did not change while it was read, so it is never taken for a version it is not."""
        version = db_version(self.db_path)
        with self._facets_lock:
            if self._facets is not None and self._facets[0] == version:
                return self._facets[1]
            start = not self._facets_reading and not wait
            if start:
                self._facets_reading = True
        if wait:
            self._read_facets()
            version = db_version(self.db_path)  # a first reader may have made the WAL file: a new version
            with self._facets_lock:
                return self._facets[1] if self._facets is not None and self._facets[0] == version else None
        if start:
            threading.Thread(target=self._read_facets, args=(True,), name="newsprism-facets", daemon=True).start()
        return None

    def _read_facets(self, background: bool = False) -> None:
        try:
            for _ in range(3):  # the database changed while it was read: read again, then give up
                version = db_version(self.db_path)
                with Store(self.db_path, readonly=True) as store:
                    store.conn.execute("PRAGMA query_only = 1")
                    with queries.snapshot(store):
                        index = queries.facet_index(store)
                if db_version(self.db_path) == version:
                    with self._facets_lock:
                        self._facets = (version, index)
                    return
        except (sqlite3.Error, StoreError, OSError):
            return  # not kept: facets are counted with SQL, and the next request tries again
        finally:
            if background:
                with self._facets_lock:
                    self._facets_reading = False

    def marks(self, r: Read) -> dict:
        """What the pages mark as corrected (statement id -> correction, merged speaker ref -> merge)."""
        def build() -> dict:
            by_id = {c.id: c for c in fixes_store.list_corrections(r.store)}
            merged = fixes_store.merged_speakers(r.store)
            merged_into: dict[str, list] = {}
            for merge in merged.values():
                merged_into.setdefault(merge.value, []).append(merge)
            return {"statements": {q: by_id[n] for q, n in fixes_store.corrected_statements(r.store).items()
                                   if n in by_id},
                    "merged": merged, "merged_into": merged_into}
        return r.memo(("corrections",), build)

    def render(self, template: str, page: dict, r: Read | None = None, **extra) -> str:
        """A template filled with ``page``, the corrections to mark (read with ``r``, or in a snapshot of
        their own) and the edit forms' token."""
        try:
            marks = self.marks(r) if r is not None else self.read(self.marks)
        except (StoreError, queries.QueryTimeout):
            marks = {}
        context = {"fixes": marks, "edit": {"csrf": self.csrf_token} if self.csrf_token else None}
        return self.env.get_template(template).render(page=page, urls=self.urls, **{**context, **extra})

    def html(self, template: str, page: dict, status_code: int = 200, **extra) -> HTMLResponse:
        return HTMLResponse(self.render(template, page, **extra), status_code=status_code)

    def error(self, status: int, message: str, as_json: bool, body: dict | None = None) -> Response:
        """An error as JSON (``detail`` and what ``body`` adds) or as the error page."""
        if as_json:
            return JSONResponse({"detail": message, **(body or {})}, status_code=status)
        return self.html("error.html", {}, status, status=status, message=message)


# -- routes --------------------------------------------------------------------------------------------


def register(app: FastAPI, site: Site, page: Page) -> None:
    """Add a page's routes: its ``.json`` twin and ``.csv`` downloads first (their addresses end in a
    suffix, so an id path parameter does not swallow them), then its HTML page."""

    def as_json(p=Depends(page.params)) -> Response:
        return JSONResponse(site.read(lambda r: page.build(r, p)))

    app.add_api_route(page.json_path or page.path + ".json", as_json, methods=["GET"],
                      name=_route_name(page.json_path or page.path, "json"), tags=list(page.tags),
                      summary=page.summary)
    for download in page.csv:
        _register_csv(app, site, page, download)

    def as_html(request: Request, p=Depends(page.params)) -> Response:
        if page.html_params is not None:
            p = page.html_params(p)
        extra = site.read(lambda r: page.html_extra(r, p)) if page.html_extra is not None else {}
        if page.form:
            request.state.form = (page.template, extra)  # a 400 re-renders the form (install_error_handlers)

        def rendered(r: Read) -> str:
            return site.render(page.template, page.build(r, p), r, **extra)

        if page.html_key is None:
            return HTMLResponse(site.read(rendered))
        key = ("html", page.template, *page.html_key(p))
        return HTMLResponse(site.read(lambda r: r.memo(key, lambda: {"body": rendered(r)}))["body"])

    app.add_api_route(page.path, as_html, methods=["GET"], name=page.name, response_class=HTMLResponse,
                      include_in_schema=False)


def _register_csv(app: FastAPI, site: Site, page: Page, download: Csv) -> None:
    build = download.build or page.build

    def as_csv(p=Depends(download.params or page.params)) -> Response:
        data = site.read(lambda r: build(r, p), seconds=site.query_seconds * 10)
        columns = download.columns(data) if callable(download.columns) else download.columns
        return _csv_response(download.rows(data), columns, download.filename)

    app.add_api_route(download.path, as_csv, methods=["GET"], name=download.name, tags=list(page.tags),
                      summary=download.summary)


# -- errors at the edge ----------------------------------------------------------------------------------

#: How a page answers an error: every :class:`~newsprism.errors.NewsprismError` with its own
#: ``http_status`` (newsprism/errors.py, docs/errors.md), and the message with these hints for a reader
#: of the web (the most specific class listed decides; ``{}`` is the error's own message).
#: Ambiguous (300) has its own answer: the choice of speakers.
HTTP_MESSAGES: dict[type[Exception], str] = {
    fixes_store.CorrectionError: "Not corrected: {}",
    StoreLocked: "{}; try again in a moment",
    queries.QueryTimeout: "{}; narrow the search",
}


def wants_json(request: Request) -> bool:
    """Errors of ``.json`` twins, CSV downloads and the OpenAPI document are JSON; pages' are pages."""
    return request.url.path.endswith((".json", ".csv")) or request.url.path.startswith("/openapi")


def http_status(exc: Exception) -> tuple[int, str]:
    """The status and message of a newsprism error (any other is a bug: KeyError, answered as a plain 500)."""
    if not isinstance(exc, NewsprismError):
        raise KeyError(type(exc).__name__)
    hint = next((HTTP_MESSAGES[cls] for cls in type(exc).__mro__ if cls in HTTP_MESSAGES), "{}")
    return exc.http_status, hint.format(exc)


def install_error_handlers(app: FastAPI, site: Site) -> None:
    """Answer every newsprism error (by its ``http_status``), an ambiguous speaker, an invalid parameter (422)
    and Starlette's own (404 for no route) as JSON or as a page, by :func:`wants_json`."""

    def listed_error(request: Request, exc: Exception) -> Response:
        status, message = http_status(exc)
        as_json = wants_json(request)
        form = getattr(request.state, "form", None)
        if status == 400 and form is not None and not as_json:
            template, extra = form
            return site.html(template, {"error": str(exc)}, 400, **extra)
        code = getattr(exc, "code", None)
        return site.error(status, message, as_json, {"code": code} if code is not None else None)

    app.add_exception_handler(NewsprismError, listed_error)

    def ambiguous(request: Request, exc: views.Ambiguous) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(exc), "matches": exc.matches}, status_code=300)
        return site.html("choose_speaker.html", {"typed": exc.typed, "matches": exc.matches}, 300)

    app.add_exception_handler(views.Ambiguous, ambiguous)

    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
                             for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        return site.error(422, f"That address has a value the explorer cannot use — {problems}.", False)

    app.add_exception_handler(RequestValidationError, invalid_request)

    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request) or exc.status_code < 400:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return site.error(exc.status_code, str(exc.detail), False)

    app.add_exception_handler(StarletteHTTPException, http_error)
