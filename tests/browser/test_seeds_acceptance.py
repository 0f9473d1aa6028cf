"""Acceptance on the seeds (the real pipeline's output), live and from the static report.

These hold once statements, stories and links are extracted: the Yahoo interview story shows
its three articles and the altered quote's "with"; Assad's timeline runs 2015 → 2017 → 2019;
"safe zones" finds the block quote.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from browser.test_explorer import assert_inert

YAHOO_ARTICLES = ("000", "001", "002")  # file-name prefixes of the three Yahoo interview reports


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def yahoo_story(seeds_server) -> str:
    stories = get_json(seeds_server.url + "/index.json?limit=200")["stories"]
    for story in stories:
        page = get_json(seeds_server.url + f"/story/{urllib.request.quote(story['story_id'], safe='')}.json")
        prefixes = {a["article_id"][:3] for a in page["articles"]}
        if set(YAHOO_ARTICLES) <= prefixes:
            return story["story_id"]
    pytest.fail(f"no story holds the three Yahoo interview articles; stories: {stories}")


@pytest.fixture(scope="module")
def assad_ref(seeds_server) -> str:
    speakers = get_json(seeds_server.url + "/index.json")["speakers"]
    for speaker in speakers:
        if "Assad" in (speaker["name"] or "") and "Bashar" in (speaker["name"] or ""):
            return speaker["ref"]
    pytest.fail(f"no speaker named Bashar al-Assad; top speakers: {[s['name'] for s in speakers]}")


def test_yahoo_story_shows_three_articles_and_the_altered_with(seeds_server, yahoo_story, watched, artifacts):
    page = watched.page
    page.goto(seeds_server.url + f"/story/{urllib.request.quote(yahoo_story, safe='')}")
    assert page.locator("table.aligned thead th.source").count() == 3
    marked = page.locator("tr.altered ins, tr.altered del").filter(has_text=re.compile(r"\bwith\b"))
    assert marked.count() >= 1
    page.screenshot(path=str(artifacts / "seeds-yahoo-story.png"), full_page=True)
    assert_inert(watched)


def test_assad_timeline_2015_2017_2019(seeds_server, assad_ref, watched, artifacts):
    page = watched.page
    page.goto(seeds_server.url + f"/speaker/{urllib.request.quote(assad_ref, safe='')}")
    dates = page.locator("ol.timeline time.when").all_inner_texts()
    years = [d[:4] for d in dates if d[:4].isdigit()]
    assert years == sorted(years) and {"2015", "2017", "2019"} <= set(years), dates
    page.screenshot(path=str(artifacts / "seeds-assad.png"), full_page=True)


def test_search_safe_zones_finds_the_block_quote(seeds_server, watched, artifacts):
    page = watched.page
    page.goto(seeds_server.url + "/search")
    page.fill("form.search input[name=q]", "safe zones")
    page.select_option("form.search select[name=kind]", "block")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url(re.compile(r"q=safe"))
    results = page.locator("ol.results.statements li")
    assert results.count() >= 1
    assert results.first.locator(".badge.kind").inner_text() == "block"
    assert "safe" in results.first.locator("mark").first.inner_text().lower()
    page.screenshot(path=str(artifacts / "seeds-search.png"), full_page=True)


def test_static_report_of_the_seeds(seeds_site, yahoo_story, watched):
    from newsprism.web.markup import slug

    page = watched.page
    page.goto((seeds_site / "index.html").as_uri())
    page.locator(f"a.story-link[href='story/{slug(yahoo_story)}.html']").click()
    assert page.locator("table.aligned thead th.source").count() == 3
    assert page.locator("tr.altered ins, tr.altered del").filter(has_text=re.compile(r"\bwith\b")).count() >= 1
    assert_inert(watched)
