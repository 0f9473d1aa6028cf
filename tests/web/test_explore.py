"""Explorer items of issue 17 and the web items of issue 12, over the (fictional) sample store.

Speakers by name (ambiguous names list the matches), paging and whole-view downloads,
prefix and stemmed search, friendly errors, the Host check, ids ending in .json.
"""

from __future__ import annotations

import csv
import io

import pytest

from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store
from web.sample_store import IDS, fill_sample_store


@pytest.mark.parametrize("typed, expected_refs", [
    ("Ada Quill", {IDS.quill}),          # full name, any case below
    ("ada quill", {IDS.quill}),
    ("Quill", {IDS.quill}),              # an alias
    (IDS.quill, {IDS.quill}),            # the entity id
    ("Tom Fenn", {IDS.fenn_name}),       # a name never linked to an entity
    ("a", {IDS.quill, "Eve <b>Marlow</b>"}),  # a part: every speaker containing it
    ("Zeppelin", set()),
])
def test_speaker_filter_resolves_names(client, typed, expected_refs):
    found = client.get("/search.json", params={"speaker": typed}).json()
    speakers = {s["speaker_id"] or s["speaker"] for s in found["statements"]}
    assert speakers == expected_refs
    assert found["total"] == len(found["statements"])


@pytest.mark.parametrize("ref, status, name", [
    ("Ada Quill", 200, "Ada Quill"), ("quill", 200, "Ada Quill"), (IDS.quill, 200, "Ada Quill"),
    ("Fenn", 200, "Tom Fenn"), ("nobody here", 404, None),
])
def test_speaker_page_takes_names(client, ref, status, name):
    response = client.get(f"/speaker/{ref}.json")
    assert response.status_code == status
    if name:
        assert response.json()["speaker"]["name"] == name


def test_ambiguous_speaker_name_lists_the_matches(client):
    response = client.get("/speaker/a.json")
    assert response.status_code == 300
    assert {m["ref"] for m in response.json()["matches"]} == {IDS.quill, "Eve <b>Marlow</b>"}
    page = client.get("/speaker/a")
    assert page.status_code == 300 and "Which “a”?" in page.text
    assert page.text.count('class="speaker-link"') == 2 and "<b>Marlow" not in page.text


def test_results_page_on_and_csv_holds_every_row(client):
    first = client.get("/search.json", params={"limit": 4}).json()
    second = client.get("/search.json", params={"limit": 4, "offset": 4}).json()
    third = client.get("/search.json", params={"limit": 4, "offset": 8}).json()
    ids = [s["quote_id"] for page in (first, second, third) for s in page["statements"]]
    assert first["more_statements"] and second["more_statements"] and not third["more_statements"]
    assert len(ids) == len(set(ids)) == first["total"] == 11
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"limit": 4}).text)))
    assert sorted(r["quote_id"] for r in rows) == sorted(ids)  # the download is the whole view, not a page
    html = client.get("/search", params={"limit": 4, "offset": 4}).text
    assert 'class="next"' in html and 'class="prev"' in html and "offset=8" in html


@pytest.mark.parametrize("sort, first_article", [("newest", IDS.blog), ("oldest", IDS.other)])
def test_browse_sorts_by_date(client, sort, first_article):
    found = client.get("/search.json", params={"sort": sort}).json()
    assert found["statements"][0]["article_id"] == first_article


def test_facets_count_the_filtered_view(client):
    facets = client.get("/search.json", params={"outlet": "Riverside Gazette"}).json()["facets"]
    assert {f["value"]: f["n"] for f in facets["speaker"]} == {IDS.quill: 1, IDS.fenn_name: 1}
    assert {f["value"]: f["n"] for f in facets["kind"]} == {"direct": 2}
    both = client.get("/search.json", params={"outlet": "Riverside Gazette", "speaker": "Fenn"}).json()
    assert [s["article_id"] for s in both["statements"]] == [IDS.other] and both["total"] == 1


@pytest.mark.parametrize("typed, expected", [
    ("bridg*", {IDS.gazette, IDS.ledger, IDS.blog}),     # prefix
    ("bridges", {IDS.gazette, IDS.ledger, IDS.blog}),    # plural finds the singular
    ("bridge -toll", {IDS.gazette, IDS.ledger, IDS.blog}),
    ("bridge -old", {IDS.blog}),
    ("noon OR delay", {IDS.other, IDS.gazette, IDS.ledger}),
    ("zeppelin*", set()),
])
def test_prefix_stems_or_and_not(client, typed, expected):
    found = client.get("/search.json", params={"q": typed}).json()
    assert {s["article_id"] for s in found["statements"]} == expected


def test_prefix_matches_are_highlighted(client):
    found = client.get("/search.json", params={"q": "bridg*"}).json()
    assert all("\x02" in s["snippet"] for s in found["statements"])


@pytest.mark.parametrize("path, message", [
    ("/search?date_from=2024-02-30", "not a date"),
    ("/search?date_to=yesterday", "not a date"),
    ("/search?kind=speech", "not a statement kind"),
    ("/search?limit=many", "cannot use"),
    ("/?offset=-5", "cannot use"),
])
def test_bad_values_give_a_readable_html_page(client, path, message):
    response = client.get(path)
    assert response.status_code in (400, 422) and response.headers["content-type"].startswith("text/html")
    assert message in response.text and '{"detail"' not in response.text


@pytest.mark.parametrize("host, allowed", [
    ("127.0.0.1:8000", True), ("localhost", True), ("LOCALHOST:1", True), ("[::1]:8000", True),
    ("app.localhost:8000", True), ("evil.example", False), ("127.0.0.1.evil.example", False),
    ("localhost.evil.example", False), ("", False), ("192.168.1.9:8000", False),
])
def test_host_header_is_checked(client, host, allowed):
    response = client.get("/index.json", headers={"host": host})
    assert (response.status_code == 200) is allowed
    if not allowed:
        assert response.status_code == 421 and "ada" not in response.text.lower()


def test_host_given_to_serve_is_allowed(sample_db):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    with TestClient(create_app(sample_db, hosts=["10.0.0.5"]), base_url="http://10.0.0.5:8000") as lan:
        assert lan.get("/index.json").status_code == 200
        assert lan.get("/index.json", headers={"host": "evil.example"}).status_code == 421


@pytest.fixture(scope="module")
def suffix_client(tmp_path_factory):
    """Two articles: ``x2`` and ``x2.json`` (FICTIONAL)."""
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    path = tmp_path_factory.mktemp("suffix") / "s.db"
    with Store(path) as store:
        fill_sample_store(store)
        for article_id, words in (("x2", "plain id"), ("x2.json", "dotted id"), ("y.csv", "csv id")):
            store.write_results([ArticleResult(article=Article(article_id, f"Text of the {words}.", title=words))])
    with TestClient(create_app(path), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_ids_ending_in_json_have_their_own_html_page(suffix_client):
    from newsprism.web.urls import LiveUrls

    urls = LiveUrls()
    assert urls.article("x2.json") == "/article/x2.json/" and urls.article("x2") == "/article/x2"
    assert suffix_client.get("/article/x2.json").json()["article"]["article_id"] == "x2"
    html = suffix_client.get(urls.article("x2.json"))
    assert html.status_code == 200 and "Text of the dotted id." in html.text
    assert suffix_client.get(urls.article("x2.json", ".json")).json()["article"]["article_id"] == "x2.json"
    assert "Text of the csv id." in suffix_client.get(urls.article("y.csv")).text


@pytest.mark.parametrize("sql, status, expected", [
    ("SELECT count(*) AS n FROM quotes", 200, "11"),
    ("DELETE FROM articles", 400, "not authorized"),
    ("SELECT 1; DROP TABLE quotes", 400, "one statement at a time"),
    ("SELECT '<script>alert(1)</script>' AS x", 200, "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_sql_page_reads_only(client, sql, status, expected):
    page = client.get("/sql", params={"sql": sql})
    assert page.status_code == status and expected in page.text
    assert "<script>alert(1)" not in page.text
    assert client.get("/index.json").json()["story_total"] == 3


def test_sql_downloads(client):
    rows = list(csv.reader(io.StringIO(client.get("/sql.csv", params={"sql": "SELECT quote_id FROM quotes"}).text)))
    assert rows[0] == ["quote_id"] and len(rows) == 12
    capped = client.get("/sql.json", params={"sql": "SELECT quote_id FROM quotes", "max_rows": 2}).json()
    assert len(capped["rows"]) == 2 and capped["truncated"]


def test_plotly_travels_compressed_and_cached(client):
    from newsprism.web.render import static_bytes

    zipped = client.get("/static/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and "max-age" in zipped.headers["cache-control"]
    assert zipped.content == static_bytes("plotly.min.js")  # decoded by the client
    assert int(zipped.headers["content-length"]) < len(static_bytes("plotly.min.js")) / 2
    plain = client.get("/static/plotly.min.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == static_bytes("plotly.min.js")


@pytest.mark.parametrize("path, has_plotly", [("/", True), ("/search", False), ("/speakers", False),
                                              (f"/speaker/{IDS.quill}", True), ("/sql", False)])
def test_plotly_only_on_pages_with_a_chart(client, path, has_plotly):
    assert ("plotly.min.js" in client.get(path).text) is has_plotly


def test_outlets_and_coverage_matrix(client):
    page = client.get("/outlets.json").json()
    by_outlet = {o["outlet"]: o for o in page["outlets"]}
    assert by_outlet["Riverside Gazette"]["n_articles"] == 2 and by_outlet[IDS.blog]["n_articles"] == 1
    assert None not in by_outlet  # an unknown outlet is the article's own (queries.outlet_of), as in a story
    rows = {s["story_id"]: s for s in page["matrix"]["stories"]}
    columns = page["matrix"]["outlets"]
    bridge = dict(zip(columns, rows[IDS.story]["counts"]))
    assert bridge["Riverside Gazette"] == 1 and bridge["Northern Ledger"] == 1 and bridge[IDS.blog] == 1
    assert set(rows[IDS.other_story]["missing"]) == {c for c in columns if c != "Riverside Gazette"}
    html = client.get("/outlets").text
    assert html.count('class="num covered"') == sum(1 for s in rows.values() for n in s["counts"] if n)
    assert "<script>alert(5)" not in html
