"""Issue 17, acceptance 3, in Chromium: corrections by hand with ``serve --edit``, kept across reruns.

Two speakers of the bundled (fictional) demo corpus are merged and a statement is rejected in the
browser; ``analyze`` then runs again on the same inputs and on a new (fictional) article quoting
the merged speaker; the explorer, the static report and the JSONL, CSV and Parquet exports all
show the corrections applied. And the default server refuses any write from the browser.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from browser.conftest import Server
from browser.test_explorer import assert_inert
from browser.tests_paths import ROOT
from newsprism.data import demo_corpus_path
from newsprism.store.db import Store
from newsprism.web.markup import quote_anchor

NEW_WORDS = "The pension plan stays exactly as it is, whatever the unions say."


def newsprism(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", "from newsprism.cli import main; main()", *args],  # noqa: PLW1510
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def analyze(db: Path, *inputs: Path, meta: Path | None = None) -> None:
    newsprism("analyze", *map(str, inputs), *(["--meta", str(meta)] if meta else []), "--db", str(db), "--quiet")


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def speaker_quotes(page) -> list[str]:
    """Statement ids on a speaker page, read from the links to them in context."""
    return [href.rsplit("#", 1)[1] for href in
            page.locator("ol.timeline a.in-context").evaluate_all("els => els.map(e => e.getAttribute('href'))")]


def test_merge_and_reject_in_the_browser_survive_reruns_in_explorer_report_and_exports(watched, tmp_path):
    demo = demo_corpus_path()
    db = tmp_path / "fix.db"
    analyze(db, demo, meta=demo / "meta.csv")
    server = Server(db, tmp_path / "serve-edit.log", ("--edit", "--who", "desk editor"))
    try:
        speakers = get_json(server.url + "/speakers.json")["speakers"]
        keep, gone = speakers[0], speakers[1]  # the two most quoted: merge the second into the first
        assert keep["ref"] != gone["ref"] and gone["n_statements"] > 0
        page = watched.page

        # merge on the speaker page
        page.goto(server.url + f"/speaker/{gone['ref']}")
        page.fill("form.fix-merge input[name=into]", keep["ref"])
        page.fill("form.fix-merge input[name=why]", "one person: the outlets spell the name differently")
        with page.expect_navigation():
            page.click("form.fix-merge button[type=submit]")
        assert "Merged into" in page.locator("p.fix-notice").inner_text()
        page.goto(server.url + f"/speaker/{keep['ref']}")
        merged = speaker_quotes(page)
        assert len(merged) == keep["n_statements"] + gone["n_statements"]
        assert page.locator("ol.timeline .fix-mark").count() == gone["n_statements"]

        # reject a statement on its row
        item = page.locator("ol.timeline li.timeline-item").first
        rejected = item.locator("form.fix-reject input[name=statement]").get_attribute("value")
        rejected_text = item.locator("blockquote.stmt-text").inner_text()
        item.locator("details.fix-forms summary").click()
        item.locator("form.fix-reject input[name=why]").fill("a paraphrase of the reporter, not a statement")
        with page.expect_navigation():
            item.locator("form.fix-reject button[type=submit]").click()
        assert quote_anchor(rejected) not in speaker_quotes(page)
        assert len(speaker_quotes(page)) == len(merged) - 1
        page.goto(server.url + "/corrections")
        rows = page.locator("table.corrections tbody tr")
        assert rows.count() == 2 and "desk editor" in rows.first.inner_text()
        assert_inert(watched)

        # rerun on the same inputs, then on a new article quoting the merged speaker
        analyze(db, demo, meta=demo / "meta.csv")
        new = tmp_path / "new"
        new.mkdir()
        (new / "pension-update.txt").write_text(
            f"{gone['name']} defends the pension plan\n\n"
            f"{gone['name']} said on Friday: \u201c{NEW_WORDS}\u201d\n\n"
            "The unions announced another march for next month.\n", encoding="utf-8")
        analyze(db, new)

        # the explorer
        page.goto(server.url + f"/speaker/{keep['ref']}")
        after = speaker_quotes(page)
        assert quote_anchor(rejected) not in after and set(merged) - {quote_anchor(rejected)} <= set(after)
        assert NEW_WORDS in page.locator("ol.timeline").inner_text()
        page.goto(server.url + f"/speaker/{gone['ref']}")
        assert page.locator("ol.timeline li").count() == 0 and page.locator("p.fix-notice").count() == 1
        statements = get_json(server.url + "/search.json?limit=200")["statements"]
        assert rejected not in {s["quote_id"] for s in statements}
        assert not [s for s in statements if s["speaker_id"] == gone["ref"]]
        assert [c["status"] for c in get_json(server.url + "/corrections.json")["corrections"]] == ["applied"] * 2
        assert_inert(watched)
    finally:
        server.stop()

    # the static report
    from newsprism.report import build_report

    site = tmp_path / "site"
    with Store(db, readonly=True) as store:
        build_report(store, site)
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert not [p for p, text in pages.items() if f'id="{quote_anchor(rejected)}"' in text]
    keep_page = next(text for text in pages.values() if f"<h1 class=\"speaker-name\">{keep['name']}</h1>" in text)
    assert NEW_WORDS in keep_page and rejected_text not in keep_page

    # every export format
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"export-{fmt}"
        newsprism("export", "--db", str(db), "--format", fmt, str(out))
        quotes = read_table(out / f"quotes.{fmt}", fmt)
        assert rejected not in {q["quote_id"] for q in quotes}, fmt
        assert not [q for q in quotes if q["speaker_id"] == gone["ref"]], fmt
        assert [q["speaker_id"] for q in quotes if NEW_WORDS in q["text"]] == [keep["ref"]], fmt
        fixes = read_table(out / f"corrections.{fmt}", fmt)
        assert [(f["action"], f["who"], f["status"]) for f in fixes] == [
            ("merge", "desk editor", "applied"), ("reject", "desk editor", "applied")], fmt
        links = read_table(out / f"links.{fmt}", fmt)
        assert rejected not in {x for link in links for x in (link["quote_a"], link["quote_b"])}, fmt


def read_table(path: Path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def test_the_default_server_refuses_writes_from_the_browser(demo_server, watched):
    """No form on any page, and a POST/PUT/DELETE from the page's own script is answered 405."""
    page = watched.page
    speakers = get_json(demo_server.url + "/speakers.json")["speakers"]
    page.goto(demo_server.url + f"/speaker/{speakers[0]['ref']}")
    assert page.locator("form[method=post]").count() == 0
    before = get_json(demo_server.url + "/speakers.json")
    for method in ("POST", "PUT", "DELETE"):
        for path in ("/fix/merge", "/fix/reject", f"/speaker/{speakers[0]['ref']}", "/corrections"):
            status = page.evaluate(
                "([m, p]) => fetch(p, {method: m, body: 'why=x', headers: {'Content-Type': "
                "'application/x-www-form-urlencoded'}}).then(r => r.status)", [method, path])
            assert status == 405, (method, path, status)
    assert get_json(demo_server.url + "/speakers.json") == before
    page.goto(demo_server.url + "/corrections")
    assert page.locator("form").count() == 1  # the quick search in the header, nothing else
