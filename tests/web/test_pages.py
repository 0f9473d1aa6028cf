"""Pages declared once (web/pages.py): every declared page answers as HTML, JSON and CSV from the same data,
the routes are exactly the declared ones, the OpenAPI paths are the explorer's API, and errors are answered
by the one exception table, as JSON for .json/.csv addresses and as a page otherwise."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from web.sample_store import IDS

from newsprism.compare.story import StoryNotFound
from newsprism.store import queries
from newsprism.store.corrections import CorrectionError
from newsprism.store.db import StoreError, StoreLocked
from newsprism.store.search_syntax import SearchSyntaxError
from newsprism.web import views
from newsprism.web.app import explorer_pages
from newsprism.web.pages import BadRequest, http_status, to_csv

PAGES = explorer_pages(max_results=200, query_seconds=2.0, edit=False)

#: A value for each path parameter of the sample store (tests/web/sample_store.py), and a query that finds rows.
PATH_VALUES = {"story_id": IDS.story, "ref": IDS.quill, "article_id": IDS.ledger, "name": "Riverside Gazette"}
#: Downloads with no rows in the sample store (it holds no corrections; test_corrections_web.py has some).
EMPTY_IN_SAMPLE = {"/corrections.csv"}
QUERIES = {"search": "?q=bridge", "attention": "?q=bridge", "sql": "?sql=SELECT+quote_id,+text+FROM+quotes"}


def address(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace(f"{{{name}:path}}", quote(value, safe=""))
    assert "{" not in path, path
    return path


def test_the_pages_have_distinct_names_and_addresses():
    names = [p.name for p in PAGES]
    paths = [p.path for p in PAGES] + [p.json_path or p.path + ".json" for p in PAGES] + \
        [d.path for p in PAGES for d in p.csv]
    assert len(set(names)) == len(names) and len(set(paths)) == len(paths)
    assert all(p.csv for p in PAGES)  # every page downloads


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_answers_html_json_and_csv_from_the_same_data(client, page):
    query = QUERIES.get(page.name, "")
    html = client.get(address(page.path) + query)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html"), html.text[:300]
    twin = client.get(address(page.json_path or page.path + ".json") + query)
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    data = twin.json()
    for download in page.csv:
        got = client.get(address(download.path) + query)
        assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
        assert got.headers["content-disposition"] == f'attachment; filename="{download.filename}.csv"'
        columns = download.columns(data) if callable(download.columns) else download.columns
        expected = to_csv(download.rows(data), columns)
        assert got.text == expected, download.path  # the sample store is small: one page of JSON holds all rows
        if download.path not in EMPTY_IN_SAMPLE:
            assert got.text.count("\n") >= 2, download.path  # a header and rows, not an empty download


#: Not a page: the OpenAPI document, static files, the API docs.
FIXED_ROUTES = {"/openapi.json", "/static/{name}", "/docs", "/redoc", "/docs-static/{name}"}


def test_routes_are_the_declared_pages_and_the_fixed_files(client):
    declared = {p.path for p in PAGES} | {p.json_path or p.path + ".json" for p in PAGES} | \
        {d.path for p in PAGES for d in p.csv}
    assert {r.path for r in client.app.routes} == declared | FIXED_ROUTES


def test_edit_mode_adds_only_the_correction_forms(sample_db):
    from newsprism.web.app import CORRECTION_FORMS, create_app

    plain = {r.path for r in create_app(sample_db).routes}
    edit = {(r.path, tuple(sorted(r.methods))) for r in create_app(sample_db, edit=True).routes
            if r.path not in plain}
    assert edit == {(path, ("POST",)) for path in CORRECTION_FORMS}


#: The explorer's API as it was before pages were declared (path -> operation id, parameters): clients
#: generated from /openapi.json keep working.
OPENAPI = {
    "/index.json": ("index_json_index_json_get", ["limit", "offset"]),
    "/stories.csv": ("stories_csv_stories_csv_get", ["limit", "offset"]),
    "/story/{story_id}.json": ("story_json_story__story_id__json_get", ["story_id"]),
    "/story/{story_id}.csv": ("story_csv_story__story_id__csv_get", ["story_id"]),
    "/speaker/{ref}.json": ("speaker_json_speaker__ref__json_get", ["ref"]),
    "/speaker/{ref}.csv": ("speaker_csv_speaker__ref__csv_get", ["ref"]),
    "/article/{article_id}.json": ("article_json_article__article_id__json_get", ["article_id"]),
    "/article/{article_id}.csv": ("article_csv_article__article_id__csv_get", ["article_id"]),
    "/speakers.json": ("speakers_json_speakers_json_get", ["q", "type", "limit", "offset"]),
    "/speakers.csv": ("speakers_csv_speakers_csv_get", ["q", "type"]),
    "/search.json": ("search_json_search_json_get", ["q", "speaker", "outlet", "story", "date_from", "date_to",
                                                      "kind", "sort", "limit", "offset"]),
    "/search.csv": ("search_csv_search_csv_get", ["q", "speaker", "outlet", "story", "date_from", "date_to",
                                                   "kind", "sort", "limit", "offset"]),
    "/search-articles.csv": ("search_articles_csv_search_articles_csv_get", ["q", "speaker", "outlet", "story",
                                                                             "date_from", "date_to", "kind", "sort",
                                                                             "limit", "offset"]),
    "/outlets.json": ("outlets_json_outlets_json_get", ["group", "date_from", "date_to", "limit", "offset"]),
    "/outlets.csv": ("outlets_csv_outlets_csv_get", []),
    "/coverage.csv": ("coverage_csv_coverage_csv_get", ["group", "date_from", "date_to"]),
    "/outlet/{name}.json": ("outlet_json_outlet__name__json_get", ["name"]),
    "/outlet/{name}.csv": ("outlet_csv_outlet__name__csv_get", ["name"]),
    "/attention.json": ("attention_json_attention_json_get", ["q", "speaker", "story", "outlet", "date_from",
                                                              "date_to"]),
    "/attention.csv": ("attention_csv_attention_csv_get", ["q", "speaker", "story", "outlet", "date_from",
                                                           "date_to"]),
    "/sql.json": ("sql_json_sql_json_get", ["sql", "max_rows"]),
    "/sql.csv": ("sql_csv_sql_csv_get", ["sql", "max_rows"]),
    "/corrections.json": ("corrections_json_corrections_json_get", []),
    "/corrections.csv": ("corrections_csv_corrections_csv_get", []),
}


def test_openapi_lists_the_same_api(client):
    spec = client.get("/openapi.json").json()
    got = {path: (ops["get"]["operationId"], [p["name"] for p in ops["get"].get("parameters", [])])
           for path, ops in spec["paths"].items()}
    assert list(got) == list(OPENAPI) and got == OPENAPI
    assert all(set(ops) == {"get"} for ops in spec["paths"].values())
    limit = next(p for p in spec["paths"]["/stories.csv"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100_000 and limit["schema"]["default"] == 100_000


# -- errors at the edge ------------------------------------------------------------------------------


@pytest.mark.parametrize("error, status, message", [
    (views.NotFound("no article 'x'"), 404, "no article 'x'"),
    (StoryNotFound("no story 'x'"), 404, "no story 'x'"),
    (BadRequest("limit: too big"), 400, "limit: too big"),
    (SearchSyntaxError("a double quote is not closed"), 400, "a double quote is not closed"),
    (queries.SqlError("one statement at a time"), 400, "one statement at a time"),  # a StoreError, but 400
    (CorrectionError("unknown_statement", "no such statement"), 400, "Not corrected: no such statement"),
    (StoreLocked("news.db", "42"), 409, "another newsprism process (pid 42)"),
    (queries.QueryTimeout("query took longer than 2 s"), 503, "query took longer than 2 s; narrow the search"),
    (StoreError("database disk image is malformed"), 500, "database disk image is malformed"),
])
def test_errors_are_answered_by_the_table(sample_db, monkeypatch, error, status, message):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    def fails(store, article_id):
        raise error

    monkeypatch.setattr(views, "article_page", fails)
    assert http_status(error)[0] == status and message in http_status(error)[1]
    with TestClient(create_app(sample_db), base_url="http://127.0.0.1") as c:
        page = c.get("/article/x")
        assert page.status_code == status and page.headers["content-type"].startswith("text/html")
        assert message.replace("'", "&#39;") in page.text and "content-security-policy" in page.headers
        for suffix in (".json", ".csv"):
            answer = c.get("/article/x" + suffix)
            assert answer.status_code == status and answer.headers["content-type"] == "application/json"
            assert message in answer.json()["detail"] and answer.json().get("code") == getattr(error, "code", None)


def test_unlisted_errors_are_not_turned_into_answers(sample_db, monkeypatch):
    """Only the table's errors are answered; a bug stays a plain 500 (and is logged), not a page."""
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    def fails(store, article_id):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(views, "article_page", fails)
    with pytest.raises(KeyError):
        http_status(ZeroDivisionError("a bug"))
    with TestClient(create_app(sample_db), base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        answer = c.get("/article/x.json")
        assert answer.status_code == 500 and "a bug" not in answer.text


def test_an_error_code_is_part_of_the_json_answer(sample_db, monkeypatch):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    def fails(store, article_id):
        raise views.NotFound(f"no article {article_id!r}")

    monkeypatch.setattr(views, "article_page", fails)
    with TestClient(create_app(sample_db), base_url="http://127.0.0.1") as c:
        assert c.get("/article/x.json").json() == {"detail": "no article 'x'", "code": "NP-E403"}
        assert c.get("/article/x").status_code == 404


@pytest.mark.parametrize("path", [f"/story/nope{s}" for s in ("", ".json", ".csv")] +
                         [f"/speaker/nope{s}" for s in ("", ".json", ".csv")] +
                         [f"/outlet/Nowhere{s}" for s in ("", ".json", ".csv")] +
                         [f"/attention{s}?speaker=nobody" for s in ("", ".json", ".csv")])
def test_missing_things_are_404_in_every_form(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    if path.split("?")[0].endswith((".json", ".csv")):
        assert answer.headers["content-type"] == "application/json" and "no " in answer.json()["detail"]
    else:
        assert answer.headers["content-type"].startswith("text/html") and "<title>404" in answer.text


@pytest.mark.parametrize("path", ["/speaker/a", "/speaker/a.json", "/speaker/a.csv", "/attention.json?speaker=a"])
def test_an_ambiguous_speaker_offers_the_choice(client, path):
    answer = client.get(path)
    assert answer.status_code == 300
    if path.split("?")[0].endswith((".json", ".csv")):
        matches = answer.json()["matches"]
    else:
        assert answer.headers["content-type"].startswith("text/html") and "choose one" in answer.text
        matches = [{"ref": ref} for ref in re.findall(r'class="speaker-link" href="/speaker/([^"]+)"', answer.text)]
    assert len(matches) == 2
