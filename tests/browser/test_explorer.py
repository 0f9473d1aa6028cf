"""The live explorer in Chromium: index → story → altered statement → speaker timeline → search."""

from __future__ import annotations

import re
import shutil
from urllib.parse import quote

from web.sample_store import IDS, XSS_PROBES, XSS_SELECTORS

from browser.tests_paths import DOC_SCREENSHOT


def assert_inert(watched) -> None:
    """No dialog opened, no script error, and no element the probes try to inject exists."""
    page = watched.page
    assert watched.dialogs == [], watched.dialogs
    for selector in XSS_SELECTORS:
        assert page.locator(selector).count() == 0, selector


def test_walk_index_story_statement_speaker_search(sample_server, watched, artifacts):
    page = watched.page
    page.goto(sample_server.url + "/")
    page.wait_for_selector("div.chart .main-svg")  # plotly drew the coverage chart from /static
    page.screenshot(path=str(artifacts / "live-index.png"), full_page=True)

    page.get_by_role("link", name="Bridge to close").click()
    page.wait_for_url(re.compile(r"/story/story-bridge$"))
    headers = page.locator("table.aligned thead th.source")
    assert headers.count() == 3
    assert headers.nth(2).inner_text().startswith("blog-1")  # no outlet: the article is its own outlet (outlet_of)
    altered = page.locator("tr.altered")
    assert altered.count() == 1
    assert altered.locator("del").first.inner_text() == "at all."
    assert page.locator("td.omitted").count() == 0  # one-article statements are listed apart
    assert page.locator("details.single-statements li.stmt").count() == 1
    assert page.locator("table.claims tr.differs").count() == 1
    page.screenshot(path=str(artifacts / "live-story.png"), full_page=True)
    page.screenshot(path=str(artifacts / "live-story-top.png"))
    DOC_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(artifacts / "live-story-top.png", DOC_SCREENSHOT)

    altered.locator(".stmt.rel-altered a.in-context").click()
    page.wait_for_url(re.compile(r"/article/ledger-1#q-"))
    anchor = page.url.split("#", 1)[1]
    statement = page.locator(f"[id='{anchor}'] + span.statement")
    assert statement.inner_text().startswith("The old bridge will close")
    page.screenshot(path=str(artifacts / "live-article.png"), full_page=True)

    page.locator("table.statements a.speaker-link", has_text="Ada Quill").first.click()
    page.wait_for_url(re.compile(r"/speaker/ent-quill$"))
    dates = page.locator("ol.timeline time.when").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == 4
    page.screenshot(path=str(artifacts / "live-speaker.png"), full_page=True)

    page.fill("header input[name=q]", '"old bridge"')
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    page.select_option("select[name=outlet]", "Northern Ledger")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url(re.compile(r"outlet=Northern"))
    results = page.locator("ol.results.statements li")
    assert results.count() == 1
    assert [m.lower() for m in results.first.locator("mark").all_inner_texts()] == ["old", "bridge"]
    page.screenshot(path=str(artifacts / "live-search.png"), full_page=True)
    assert_inert(watched)
    assert watched.errors == []


def test_hostile_content_renders_inert(sample_server, watched, artifacts):
    page = watched.page
    for i, path in enumerate([f"/story/{quote(IDS.xss_story, safe='')}", f"/article/{quote(IDS.xss, safe='')}",
                              f"/speaker/{quote('Eve <b>Marlow</b>', safe='')}", "/search?q=alert+script",
                              "/"]):
        page.goto(sample_server.url + path)
        page.wait_for_load_state("load")
        assert_inert(watched)
        page.screenshot(path=str(artifacts / f"live-xss-{i}.png"), full_page=True)
        if i == 0:  # the altered probe's inserted words are shown as text
            assert page.locator("#single li.stmt ins").first.inner_text() == "<script>alert(6)</script>"
    page.goto(sample_server.url + f"/article/{quote(IDS.xss, safe='')}")
    for probe in XSS_PROBES:  # the probes are visible as text
        assert page.get_by_text(f"{probe} is fine.", exact=True).count() >= 1, probe


def test_analysed_xss_corpus_renders_inert(seeds_server, watched):
    page = watched.page
    page.goto(seeds_server.url + "/search?q=councillor+town")
    assert page.locator("ol.results li").count() >= 1
    hrefs = page.locator("ol.results a.result-link").evaluate_all("els => els.map(e => e.href)")
    for href in hrefs[:8]:
        page.goto(href)
        page.wait_for_load_state("load")
        assert_inert(watched)
        assert "alert(" in page.locator("main").inner_text()  # the probe is there, as text
    page.goto(seeds_server.url + "/")
    assert_inert(watched)


def test_api_docs_render_with_no_request_leaving_the_machine(sample_server, watched):
    page = watched.page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sample_server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path")  # the UI drew the operations
    assert page.locator(".swagger-ui .opblock-summary-path", has_text="/search.json").count() == 1
    assert requested and all(url.startswith(sample_server.url) for url in requested), requested
    assert watched.errors == []
