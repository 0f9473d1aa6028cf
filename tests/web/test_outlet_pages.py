"""Outlet pages, the filtered coverage matrix and attention over time, on the FICTIONAL sample store plus
outlet metadata (one value of which is an XSS probe)."""

from __future__ import annotations

import csv
import io

import pytest

from newsprism.records import OutletMeta
from newsprism.store.db import Store
from newsprism.store.outlets import write_outlet_meta
from web.sample_store import IDS, XSS_PROBES, fill_sample_store

META = [OutletMeta("Riverside Gazette", "Valdoria", "Gazette Trust", "centre", (("founded", "1911"),)),
        OutletMeta("Northern Ledger", "Valdoria", None, "left", (("founded", XSS_PROBES[0]),)),
        OutletMeta("Nowhere Times", "Estrania", None, "left")]  # no articles: listed in the groups only


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from newsprism.web.app import create_app

    db = tmp_path_factory.mktemp("outlet-pages") / "sample.db"
    with Store(db) as store:
        fill_sample_store(store)
        write_outlet_meta(store, META)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_write_outlet_meta_counts_changes(tmp_path):
    with Store(tmp_path / "x.db") as store:
        assert write_outlet_meta(store, META[:2]) == {"added": 2, "changed": 0, "unchanged": 0}
        changed = OutletMeta("Riverside Gazette", "Valdoria", "Gazette Trust", "centre-left", (("founded", "1911"),))
        assert write_outlet_meta(store, [changed, META[1]]) == {"added": 0, "changed": 1, "unchanged": 1}
        assert store.conn.execute("SELECT lean FROM outlet_meta WHERE outlet = 'Riverside Gazette'").fetchone()[0] \
            == "centre-left"


def test_outlets_show_only_the_metadata_supplied(client):
    page = client.get("/outlets.json").json()
    by_outlet = {o["outlet"]: o for o in page["outlets"]}
    assert (by_outlet["Riverside Gazette"]["country"], by_outlet["Riverside Gazette"]["lean"]) == ("Valdoria", "centre")
    assert by_outlet["Northern Ledger"]["owner"] is None  # empty in the file: unknown, not guessed
    # the blog (no outlet known) is its own outlet, named by its article id (queries.outlet_of), as in a story
    assert None not in by_outlet and by_outlet["blog-1"]["country"] is None and by_outlet["blog-1"]["lean"] is None
    groups = {g["group"]: g["outlets"] for g in page["groups"]}
    assert groups["lean=left"] == ["Northern Ledger", "Nowhere Times"]
    assert groups["country=Valdoria"] == ["Northern Ledger", "Riverside Gazette"]
    assert groups["founded=1911"] == ["Riverside Gazette"]  # an extra column is a group too


@pytest.mark.parametrize("params, columns, stories", [
    ({}, None, {IDS.story, IDS.other_story, IDS.xss_story}),
    ({"group": "lean=centre"}, ["Riverside Gazette"], {IDS.story, IDS.other_story}),
    ({"group": "country=Valdoria"}, ["Riverside Gazette", "Northern Ledger"], {IDS.story, IDS.other_story}),
    ({"date_to": "2030-12-31"}, None, {IDS.other_story}),
    ({"date_from": "2031-03-04", "group": "lean=left"}, ["Northern Ledger"], {IDS.story}),
    ({"date_from": "2032-01-01"}, None, set()),
])
def test_coverage_matrix_filters(client, params, columns, stories):
    matrix = client.get("/outlets.json", params=params).json()["matrix"]
    if columns is not None:
        assert matrix["outlets"] == columns
    assert {s["story_id"] for s in matrix["stories"]} == stories and matrix["total"] == len(stories)
    for s in matrix["stories"]:
        assert len(s["counts"]) == len(matrix["outlets"])
        assert set(s["missing"]) == {o for o, n in zip(matrix["outlets"], s["counts"]) if not n and o is not None}


def test_group_outlets_that_missed_a_story(client):
    matrix = client.get("/outlets.json", params={"group": "country=Valdoria"}).json()["matrix"]
    library = next(s for s in matrix["stories"] if s["story_id"] == IDS.other_story)
    assert library["missing"] == ["Northern Ledger"]


@pytest.mark.parametrize("params, says", [
    ({"group": "lean"}, "FIELD=VALUE"),
    ({"group": "lean=far-out"}, "no outlet has lean"),
    ({"date_from": "31/12/2030"}, "not a date"),
])
def test_bad_filters_are_explained(client, params, says):
    answer = client.get("/outlets.json", params=params)
    assert answer.status_code == 400 and says in answer.json()["detail"]
    page = client.get("/outlets", params=params)
    assert page.status_code == 400 and says in page.text and "Traceback" not in page.text


def test_coverage_csv_is_the_whole_matrix(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/coverage.csv", params={"group": "lean=centre"}).text)))
    assert {(r["story_id"], r["outlet"], r["articles"]) for r in rows} == {
        (IDS.story, "Riverside Gazette", "1"), (IDS.other_story, "Riverside Gazette", "1")}


def test_outlets_page_html_escapes_metadata(client):
    html = client.get("/outlets").text
    assert "centre" in html and "Valdoria" in html and "<script>alert(5)" not in html
    page = client.get("/outlet/Northern Ledger").text
    assert XSS_PROBES[0] not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_outlet_page(client):
    page = client.get("/outlet/Riverside Gazette.json").json()
    assert page["summary"]["n_articles"] == 2
    assert {s["story_id"] for s in page["covered"]} == {IDS.story, IDS.other_story}
    assert [s["story_id"] for s in page["not_covered"]] == [IDS.xss_story]
    verbs = {v["term"]: v for v in page["verbs"]}
    assert verbs["say"]["n"] == 2 and verbs["say"]["share"] == 1.0 and verbs["say"]["others_n"] >= 1
    assert [w["term"] for w in page["loaded"]] == ["reckless"]  # own voice; the Ledger's "embattled" is theirs
    assert page["meta"]["extra"] == [["founded", "1911"]]
    assert len(page["statements"]) == 2
    assert client.get("/outlet/Nowhere.json").status_code == 404
    assert client.get("/outlet/Nowhere").status_code == 404
    rows = list(csv.DictReader(io.StringIO(client.get("/outlet/Riverside Gazette.csv").text)))
    assert len(rows) == 2


def test_attention_for_a_term(client):
    page = client.get("/attention.json", params={"q": "bridge"}).json()
    assert page["unit"] == "day"
    assert page["totals"]["articles"] == 3 and page["totals"]["statements"] == 3
    assert sum(map(sum, page["articles"]["series"].values())) == 3
    assert set(page["articles"]["series"]) == {"Riverside Gazette", "Northern Ledger", "blog-1"}
    rows = list(csv.DictReader(io.StringIO(client.get("/attention.csv", params={"q": "bridge"}).text)))
    assert sum(int(r["articles"]) for r in rows) == 3 and sum(int(r["statements"]) for r in rows) == 3


@pytest.mark.parametrize("params, articles, statements", [
    ({"speaker": "Ada Quill"}, 3, 4),
    ({"speaker": IDS.quill}, 3, 4),
    ({"story": IDS.other_story}, 1, 1),
    ({"outlet": "Northern Ledger"}, 1, 2),
    ({"q": "bridge", "date_from": "2031-03-04"}, 2, 2),
    ({"q": "nothingmatchesthis"}, 0, 0),
])
def test_attention_for_speaker_story_outlet(client, params, articles, statements):
    page = client.get("/attention.json", params=params).json()
    assert (page["totals"]["articles"], page["totals"]["statements"]) == (articles, statements)


def test_attention_over_years_is_binned_by_month(client):
    page = client.get("/attention.json", params={"date_from": "2029-01-01", "date_to": "2031-12-31"}).json()
    assert page["unit"] == "month" and len(page["articles"]["bins"]) == 36
    assert page["figures"]["articles"]["layout"]["xaxis"]["tickformat"] == "%b %Y"


@pytest.mark.parametrize("params, status", [({"speaker": "Nobody Atall"}, 404), ({"story": "nope"}, 404),
                                            ({"q": '"unclosed'}, 400), ({"date_to": "soon"}, 400)])
def test_attention_bad_input(client, params, status):
    assert client.get("/attention.json", params=params).status_code == status
    html = client.get("/attention", params=params)
    assert html.status_code == status and "Traceback" not in html.text


def test_attention_page_loads_plotly_once_and_escapes(client):
    html = client.get("/attention", params={"q": "bridge"}).text
    assert html.count("plotly.min.js") == 1 and html.count("app.js") == 1
    assert html.count('class="chart"') == 2
    assert "<script>alert(5)" not in html


@pytest.mark.parametrize("path", ["/search?q=bridge", f"/speaker/{IDS.quill}", f"/story/{IDS.story}"])
def test_pages_link_to_attention(client, path):
    assert 'class="attention-link" href="/attention?' in client.get(path).text or \
        'attention-link" href="/attention?' in client.get(path).text
