"""Issue 17 in Chromium, on the bundled (FICTIONAL) demo corpus, which `newsprism demo` analyses with its
outlet metadata file: outlet metadata on the outlet pages, the coverage matrix filtered by outlet group and
date range, attention over time (links from search, speaker and story pages), and ingest metadata (the
demo's meta.csv read from its folder; no sentence taken for a title).

The screenshots docs/img/outlet.png, coverage-matrix.png and attention.png are made here.
"""

from __future__ import annotations

import re
import subprocess
import sys

from browser.test_explorer import assert_inert
from browser.tests_paths import DOC_IMG, ROOT


def test_outlet_page_shows_the_supplied_metadata(demo_server, watched):
    page = watched.page
    page.goto(demo_server.url + "/outlets")
    leans = page.locator("table.outlets td.outlet-lean").all_inner_texts()
    assert len(leans) == 4 and all(leans)  # every demo outlet is described by the demo's outlet file
    page.locator("table.outlets a.outlet-link", has_text="Northern Ledger").click()
    page.wait_for_url(re.compile(r"/outlet/Northern%20Ledger$"))
    assert page.locator("h1.outlet-name").inner_text() == "Northern Ledger"
    assert page.locator("table.outlet-meta td.outlet-lean").inner_text() == "centre"
    assert page.locator("table.outlet-meta td.outlet-owner").inner_text() == "Ledger Cooperative (FICTIONAL)"
    assert "founded" in page.locator("table.outlet-meta").inner_text()  # an extra column, kept as it was
    assert page.locator("table.covered-stories tbody tr").count() == 3
    assert page.locator("table.verb tbody tr").count() >= 2
    assert page.locator("table.statements tbody tr").count() >= 5
    DOC_IMG.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1000, "height": 760})
    page.screenshot(path=str(DOC_IMG / "outlet.png"))
    json_twin = page.request.get(demo_server.url + "/outlet/Northern%20Ledger.json").json()
    assert json_twin["meta"]["lean"] == "centre" and json_twin["summary"]["n_articles"] == 3
    assert_inert(watched)


def test_coverage_matrix_by_outlet_group_and_dates(demo_server, watched):
    page = watched.page
    page.goto(demo_server.url + "/outlets")
    all_columns = page.locator("table.matrix th.outlet").count()
    assert all_columns == 4
    page.select_option("form.coverage-filter select[name=group]", "lean=centre")
    page.fill("form.coverage-filter input[name=date_from]", "2025-04-01")
    page.locator("form.coverage-filter button").click()
    page.wait_for_url(re.compile(r"group=lean%3Dcentre"))
    columns = page.locator("table.matrix th.outlet").all_inner_texts()
    assert sorted(columns) == ["Meridian Wire", "Northern Ledger"]
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == 2  # the March pension story is before the range
    assert page.locator("form.coverage-filter select[name=group]").input_value() == "lean=centre"
    page.fill("form.coverage-filter input[name=date_from]", "")
    page.locator("form.coverage-filter button").click()
    page.wait_for_url(re.compile(r"date_from=&"))
    assert page.locator("table.matrix tbody tr").count() == 3
    assert page.locator("table.matrix td.omitted").count() == 1  # the agency did not cover the pension story
    page.locator("table.matrix").screenshot(path=str(DOC_IMG / "coverage-matrix.png"))
    page.select_option("form.coverage-filter select[name=group]", "country=Valdoria")
    page.locator("form.coverage-filter button").click()
    page.wait_for_url(re.compile(r"group=country%3DValdoria"))
    assert page.locator("table.matrix th.outlet").count() == 3
    assert page.locator("table.matrix td.omitted").count() == 0  # every Valdorian outlet covered every story
    twin = page.request.get(demo_server.url + "/outlets.json?group=country%3DValdoria").json()
    assert len(twin["matrix"]["outlets"]) == 3
    page.goto(demo_server.url + "/outlets?group=nonsense")
    assert "FIELD=VALUE" in page.locator("p.page-error").inner_text()
    assert_inert(watched)


def test_attention_chart_from_search_speaker_and_story(demo_server, watched):
    page = watched.page
    page.goto(demo_server.url + "/search?q=flood*")
    page.locator("a.attention-link").click()
    page.wait_for_url(re.compile(r"/attention\?q=flood"))
    page.wait_for_selector("div.chart .main-svg")
    assert page.locator("div.chart .main-svg").count() >= 2
    scripts = page.locator("script[src*='plotly']").count()
    assert scripts == 1  # plotly.js once per page, from the packaged bundle
    assert page.locator("script[src='/static/plotly.min.js']").count() == 1
    totals = page.locator("p.attention-totals").inner_text()
    assert re.search(r"[1-9]\d* articles", totals) and "bars per day" in totals
    legend = page.locator("div.chart").first.locator(".legendtext").all_text_contents()  # SVG text
    assert legend and all(name for name in legend)
    # a wide range: bars per month, the axis labelled in months
    page.fill("form.attention-form input[name=date_from]", "2020-01-01")
    page.fill("form.attention-form input[name=date_to]", "2025-12-31")
    page.locator("form.attention-form button").click()
    page.wait_for_url(re.compile(r"date_to=2025-12-31"))
    page.wait_for_selector("div.chart .main-svg")
    assert "bars per month" in page.locator("p.attention-totals").inner_text()
    ticks = page.locator("div.chart").first.locator(".xtick text").all_text_contents()
    assert 2 <= len(ticks) <= 16 and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in ticks), ticks
    # from a story page and a speaker page
    page.goto(demo_server.url + "/")
    page.locator("a", has_text=re.compile("Pension", re.I)).first.click()
    page.wait_for_url(re.compile(r"/story/"))
    page.locator("a.attention-link").click()
    page.wait_for_url(re.compile(r"/attention\?story="))
    page.wait_for_selector("div.chart .main-svg")
    page.goto(demo_server.url + "/speaker/Osk")
    page.locator("a.attention-link").click()
    page.wait_for_url(re.compile(r"/attention\?speaker="))
    page.wait_for_selector("div.chart .main-svg")
    assert "statements" in page.locator("p.attention-totals").inner_text()
    csv_twin = page.request.get(page.url.replace("/attention?", "/attention.csv?")).text()
    assert csv_twin.startswith("bin,unit,outlet,articles,statements")
    # the whole demo corpus, for the docs
    page.goto(demo_server.url + "/attention")
    page.wait_for_selector("div.chart .main-svg")
    page.locator("div.chart").first.screenshot(path=str(DOC_IMG / "attention.png"))
    assert_inert(watched)


def test_attention_bad_input_is_explained(demo_server, watched):
    page = watched.page
    page.goto(demo_server.url + "/attention?q=%22unclosed")
    assert page.locator("p.page-error").count() == 1
    page.goto(demo_server.url + "/attention?story=no-such-story")
    assert "no story" in page.locator("main").inner_text()
    assert_inert(watched)


def test_ingest_metadata_shows_in_the_browser(demo_server, watched, tmp_path):
    """The demo's meta.csv was found in its folder (outlets and dates known, nothing skipped); a folder whose
    first line is a long sentence gives its article no title, so pages show the outlet, not the sentence."""
    page = watched.page
    page.goto(demo_server.url + "/search.json?outlet=Meridian%20Wire")
    assert page.request.get(demo_server.url + "/outlets.json").json()["outlets"][0]["outlet"] is not None
    sql = "SELECT count(*) AS n FROM skipped"
    answer = page.request.get(demo_server.url + "/sql.json", params={"sql": sql}).json()
    assert answer["rows"] == [[0]]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = ("The council of Corvana voted late on Tuesday to close the old ferry pier for the whole winter, "
                "after engineers found cracks in its timber piles.")
    (corpus / "pier.txt").write_text(f"{sentence}\n\nHarbourmaster Juno Reyes said the ferry would run from the "
                                     "new pier.\n", encoding="utf-8")
    (corpus / "meta.csv").write_text("article_id,outlet,date\npier,Corvana Herald,2025-06-02\n", encoding="utf-8")
    (tmp_path / "fix.csv").write_text("article_id,date\npier,2025-06-03\n", encoding="utf-8")
    db = tmp_path / "pier.db"
    done = subprocess.run([sys.executable, "-c", "from newsprism.cli import main; main()", "analyze", str(corpus),
                           "--meta", str(tmp_path / "fix.csv"), "--db", str(db), "-q"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "metadata conflict" in done.stderr and "fix.csv" in done.stderr and "meta.csv" in done.stderr
    from browser.conftest import Server

    server = Server(db, tmp_path / "serve.log")
    try:
        page.goto(server.url + "/article/pier")
        heading = page.locator("main h1").first.inner_text()
        assert sentence not in heading
        twin = page.request.get(server.url + "/article/pier.json").json()["article"]
        assert (twin["title"], twin["outlet"], twin["published"]) == (None, "Corvana Herald", "2025-06-03")
        page.goto(server.url + "/outlets")
        assert "skipped" not in page.locator("main").inner_text().lower()
    finally:
        server.stop()
    assert_inert(watched)
