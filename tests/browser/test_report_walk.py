"""The static report in Chromium from file://: the same walk, offline, and the probes inert."""

from __future__ import annotations

import re

from web.sample_store import IDS, XSS_PROBES

from browser.test_explorer import assert_inert
from newsprism.web.markup import slug


def test_static_walk(sample_site, watched, artifacts):
    page = watched.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((sample_site / "index.html").as_uri())
    page.wait_for_selector("div.chart .main-svg")
    page.screenshot(path=str(artifacts / "report-index.png"), full_page=True)

    page.get_by_role("link", name="Bridge to close").click()
    page.wait_for_url(re.compile(r"story/story-bridge\.html$"))
    altered = page.locator("tr.altered")
    assert altered.locator("del").first.inner_text() == "at all."
    assert page.locator("table.aligned thead th.source").count() == 3
    page.screenshot(path=str(artifacts / "report-story.png"), full_page=True)

    altered.locator(".stmt.rel-altered a.in-context").click()
    page.wait_for_url(re.compile(r"article/ledger-1\.html#q-"))
    page.locator("table.statements a.speaker-link", has_text="Ada Quill").first.click()
    page.wait_for_url(re.compile(r"speaker/ent-quill\.html$"))
    dates = page.locator("ol.timeline time.when").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == 4
    page.screenshot(path=str(artifacts / "report-speaker.png"), full_page=True)
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file")]
    assert_inert(watched)
    assert watched.errors == []


def test_static_probes_inert(sample_site, watched):
    page = watched.page
    for path in (f"story/{slug(IDS.xss_story)}.html", f"article/{slug(IDS.xss)}.html",
                 f"speaker/{slug('Eve <b>Marlow</b>')}.html", "index.html"):
        page.goto((sample_site / path).as_uri())
        page.wait_for_load_state("load")
        assert_inert(watched)
    page.goto((sample_site / f"article/{slug(IDS.xss)}.html").as_uri())
    for probe in XSS_PROBES:
        assert page.get_by_text(f"{probe} is fine.", exact=True).count() >= 1, probe
