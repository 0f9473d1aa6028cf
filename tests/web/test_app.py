"""The explorer over the sample store: pages, JSON twins, CSV, validation, hostile content, WAL reads."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import time
from urllib.parse import quote

import pytest

from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store
from web.sample_store import IDS, XSS_PROBES, fill_sample_store


def q(value: str) -> str:
    return quote(value, safe="")


PAGES = ["/", f"/story/{IDS.story}", f"/story/{q(IDS.xss_story)}", f"/speaker/{IDS.quill}",
         f"/speaker/{q('Eve <b>Marlow</b>')}", f"/article/{IDS.ledger}", f"/article/{q(IDS.xss)}",
         "/search?q=bridge", "/search?q=fine&speaker=Eve+%3Cb%3EMarlow%3C%2Fb%3E", "/search?q=alert"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = client.get(("/index" if base == "/" else base) + ".json" + (f"?{query}" if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict)


@pytest.mark.parametrize("path, first_column, min_rows", [
    ("/stories.csv", "story_id", 3),
    ("/speakers.csv", "ref", 3),
    (f"/story/{IDS.story}.csv", "row", 4),
    (f"/speaker/{IDS.quill}.csv", "quote_id", 4),
    (f"/article/{IDS.ledger}.csv", "quote_id", 2),
    ("/search.csv?q=bridge", "quote_id", 3),
])
def test_lists_download_as_csv(client, path, first_column, min_rows):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][0] == first_column and len(rows) - 1 >= min_rows


def test_csv_cells_cannot_become_formulas():
    from newsprism.web.app import to_csv

    out = to_csv([{"a": "=HYPERLINK(\"x\")", "b": "-1", "c": "plain"}], ("a", "b", "c"))
    assert list(csv.reader(io.StringIO(out)))[1] == ["'=HYPERLINK(\"x\")", "'-1", "plain"]


def test_story_page_aligns_outlets_and_marks_differences(client):
    html = client.get(f"/story/{IDS.story}").text
    for source in ("Riverside Gazette", "Northern Ledger", "A year without the bridge"):  # no outlet: its title still shows (tooltip, text)
        assert source in html
    assert "<del>at all.</del>" in html
    # the ferry quote is only in the Ledger: listed under that article, not a row of "not reported" cells
    assert html.count('class="omitted"') == 0
    single = html[html.index('id="single"'):html.index('id="texts"')]
    assert single.count('<li class="stmt"') == 1 and "Northern Ledger" in single
    assert html.index('id="framing"') < html.index('id="single"')
    assert re.search(r'<tr class="differs">\s*<th>cost \(usd\)', html)
    assert 'class="loaded"' in html and 'class="label' in html and 'class="cue"' in html


def test_diff_words_are_escaped(client):
    html = client.get(f"/story/{q(IDS.xss_story)}").text
    assert "<ins>&lt;script&gt;alert(6)&lt;/script&gt;</ins>" in html


def test_story_json_rows(client):
    page = client.get(f"/story/{IDS.story}.json").json()
    shared = [row for row in page["rows"] if row["n_sources"] == 3]
    assert len(shared) == 1 and shared[0]["altered"]
    ledger_cell = shared[0]["cells"][1][0]
    assert ledger_cell["relation"] == "altered" and ["-", "at all."] in ledger_cell["diff"]


def test_speaker_timeline_is_in_date_order(client):
    html = client.get(f"/speaker/{IDS.quill}").text
    dates = re.findall(r'<time class="when">([^<]+)</time>', html)
    assert dates == sorted(dates) and len(dates) == 4


def test_article_page_links_only_web_urls(client):
    html = client.get(f"/article/{IDS.ledger}").text  # its url is javascript:alert(1)
    assert 'href="javascript' not in html and "<code>javascript:alert(1)</code>" in html
    html = client.get(f"/article/{IDS.gazette}").text
    assert '<a href="https://gazette.example/bridge"' in html


@pytest.mark.parametrize("path, status", [
    ("/story/nope", 404), ("/story/nope.json", 404), ("/speaker/nope", 404), ("/article/nope.csv", 404),
    ("/search?q=x&limit=0", 422), ("/search?q=x&limit=100000", 422), ("/search?q=" + "x" * 201, 422),
    ("/search?q=x&kind=speech", 400), ("/search?q=x&date_from=2020-13-40", 400),
    ("/search?q=x&date_to=2020-1-1", 400), ("/search?q=x&sort=random", 400), ("/?offset=-1", 422), ("/static/secret.txt", 404), ("/static/..%2F..%2Fpyproject.toml", 404),
    ("/static/../app.py", 404), ("/../../etc/passwd", 404),
])
def test_bad_requests_are_refused(client, path, status):
    assert client.get(path).status_code == status


@pytest.mark.parametrize("typed", ["NEAR(", "col:x", "a AND b", "'; DROP TABLE quotes; --", "x^2 {y}"])
def test_search_accepts_any_text(client, typed):
    """Text that holds words is searched for, whatever operators of FTS5 it contains."""
    response = client.get("/search.json", params={"q": typed})
    assert response.status_code == 200


@pytest.mark.parametrize("typed, reason", [
    ('"', "double quote is not closed"), ("bridge OR", "OR needs a word"), ("-bridge", "only left-out words"),
    ("t*", "two letters"), ("col:x*", "a * goes right after"), ("NOT", "NOT needs a word"), ("***", "a * goes"),
])
def test_unreadable_search_says_why(client, typed, reason):
    """Bad syntax is a 400 with the reason: JSON for the twin, the search form with the message for HTML."""
    response = client.get("/search.json", params={"q": typed})
    assert response.status_code == 400 and reason in response.json()["detail"]
    assert "fts5" not in response.text.lower() and "syntax error" not in response.text.lower()
    page = client.get("/search", params={"q": typed})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert reason in page.text and 'class="error search-error"' in page.text and "How to search" in page.text


def test_empty_form_fields_mean_no_filter(client):
    empty = client.get("/search.json?q=bridge&speaker=&outlet=&story=&date_from=&date_to=&kind=")
    assert empty.status_code == 200
    assert empty.json()["statements"] == client.get("/search.json?q=bridge").json()["statements"]


def test_no_route_writes(client):
    for route in client.app.routes:
        assert set(getattr(route, "methods", None) or {"GET"}) <= {"GET", "HEAD"}, route.path


def test_openapi_describes_the_json_api(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/index.json", "/search.json", "/story/{story_id}.json", "/speaker/{ref}.json"} <= paths
    kind = next(p for p in spec["paths"]["/search.json"]["get"]["parameters"] if p["name"] == "kind")
    assert "block" in kind["description"]


def test_pages_carry_a_content_security_policy(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


# -- hostile content ---------------------------------------------------------------------

_RAW = re.compile(r"<(script|img|svg|iframe|textarea|b)\b(?![^>]*\bsrc=\"/static/)(?![^>]*type=\"application/json\")",
                  re.IGNORECASE)


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_stays_text(client, path):
    html = client.get(path).text
    assert not _RAW.findall(html), _RAW.findall(html)
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))


def test_probe_texts_are_shown_escaped(client):
    html = client.get(f"/article/{q(IDS.xss)}").text
    for probe in XSS_PROBES:
        assert probe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in html


def test_chart_data_cannot_close_its_script_tag(client):
    html = client.get("/").text
    data = re.search(r'<script type="application/json" id="coverage-figure">(.*?)</script>', html, re.DOTALL).group(1)
    assert "<" not in data and "alert(5)" in data


# -- reading while analyze writes (WAL) ----------------------------------------------------


@pytest.fixture
def live_db(tmp_path):
    path = tmp_path / "live.db"
    with Store(path) as store:
        fill_sample_store(store)
    return path


def test_serves_last_commit_while_a_writer_is_busy(live_db):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    with TestClient(create_app(live_db, query_seconds=1.0), base_url="http://localhost:8000") as client:
        before = client.get("/index.json").json()
        writer = sqlite3.connect(live_db, timeout=0.1)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE stories SET title = 'renamed' WHERE story_id = ?", (IDS.story,))
        during = client.get("/index.json")  # must neither block nor see the uncommitted title
        assert during.status_code == 200 and during.json()["stories"] == before["stories"]
        writer.commit()
        writer.close()
        with Store(live_db) as store:
            store.write_results([ArticleResult(Article("late-1", "A late article about the bridge.",
                                                       title="Late", published="2031-04-01"))])
        after = client.get("/index.json").json()
        assert "renamed" in {s["title"] for s in after["stories"]}
        assert "late-1" in {a["article_id"] for a in after["unplaced"]}


def test_app_refuses_a_missing_database(tmp_path):
    from newsprism.store.db import StoreError
    from newsprism.web.app import create_app

    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")


def test_slow_queries_are_cut_off(sample_db, monkeypatch):
    from fastapi.testclient import TestClient

    from newsprism.web import views
    from newsprism.web.app import create_app

    def endless(store, *args, **kwargs):
        store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                           " SELECT count(*) FROM n").fetchone()

    monkeypatch.setattr(views, "search_page", endless)
    with TestClient(create_app(sample_db, query_seconds=0.1), base_url="http://127.0.0.1") as slow_client:
        started = time.monotonic()
        assert slow_client.get("/search.json?q=bridge").status_code == 503
        assert slow_client.get("/search?q=bridge").status_code == 503
        assert time.monotonic() - started < 5
        assert slow_client.get("/index.json").status_code == 200  # the connection is still usable


def test_api_docs_load_swagger_from_the_server_not_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-static/swagger-ui-bundle.js" in page.text and "/openapi.json" in page.text
    assert "cdn." not in page.text and "https://" not in page.text
    script = client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert b"SwaggerUIBundle" in script.content
    redoc = client.get("/redoc")
    assert "/docs-static/redoc.standalone.js" in redoc.text and "https://" not in redoc.text
    assert client.get("/docs-static/core.py").status_code == 404  # only the listed files
    assert client.get("/docs-static/..%2Fswagger-ui.css").status_code == 404
