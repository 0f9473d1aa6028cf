"""The static report on the sample store: every page written, every link relative and resolvable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web.sample_store import fill_sample_store

from newsprism.store.db import Store

LINK = re.compile(r'(?:href|src)="([^"]*)"')
RAW_TAG = re.compile(r"<(script|img|svg|iframe|textarea|b)\b(?![^>]*\bsrc=\"(?:\.\./)?static/)"
                     r"(?![^>]*type=\"application/json\")", re.IGNORECASE)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    from newsprism.report import build_report

    root = tmp_path_factory.mktemp("report")
    with Store(root / "sample.db") as store:
        fill_sample_store(store)
    with Store(root / "sample.db", readonly=True) as store:
        summary = build_report(store, root / "site")
    assert (summary.stories, summary.speakers, summary.articles) == (3, 3, 5)
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_written(report_dir):
    names = {p.relative_to(report_dir).as_posix() for p in pages(report_dir)}
    assert {"index.html", "story/story-bridge.html", "speaker/ent-quill.html", "article/ledger-1.html"} <= names
    assert len(names) == 12
    assert all(p.resolve().is_relative_to(report_dir.resolve()) for p in report_dir.rglob("*"))


def test_links_are_relative_and_resolve(report_dir):
    for page in pages(report_dir):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            if link.startswith("https://"):  # an article's own source address
                continue
            assert not link.startswith(("/", "http:", "javascript:")), (page, link)
            target = link.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, link)


def test_plotly_is_copied_once_and_used_offline(report_dir):
    copies = list(report_dir.rglob("plotly*.js"))
    assert [p.relative_to(report_dir).as_posix() for p in copies] == ["static/plotly.min.js"]
    assert copies[0].stat().st_size > 1_000_000
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    assert '<script src="static/plotly.min.js"></script>' in index
    assert 'id="coverage-figure"' in index


def test_story_page_shows_the_diff(report_dir):
    html = (report_dir / "story" / "story-bridge.html").read_text(encoding="utf-8")
    assert "<del>at all.</del>" in html and "A year without the bridge" in html
    assert '<link rel="stylesheet" href="../static/style.css">' in html


def test_hostile_content_stays_text(report_dir):
    for page in pages(report_dir):
        html = page.read_text(encoding="utf-8")
        assert not RAW_TAG.findall(html), page


def test_cli_report(tmp_path):
    from newsprism.cli import app

    db = tmp_path / "s.db"
    with Store(db) as store:
        fill_sample_store(store)
    result = CliRunner().invoke(app, ["report", "--db", str(db), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "12 pages (3 stories, 3 speakers, 5 articles)" in result.output
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_report_needs_an_existing_database(tmp_path):
    from newsprism.cli import app

    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.db"), str(tmp_path / "out")])
    assert result.exit_code == 1 and "Error: [NP-E001]" in result.stderr and "no such database" in result.stderr
    assert not (tmp_path / "out").exists()
