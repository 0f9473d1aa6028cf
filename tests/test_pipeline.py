"""The analyse job end to end on the seeds: five articles, titles, text intact, re-runs change nothing."""

from __future__ import annotations

from newsprism.api import analyze, open_corpus
from newsprism.ingest.text import headline_problem
from newsprism.pipeline import run_analysis
from newsprism.store.db import Store


def test_seeds_are_stored_with_text_intact(seeds_dir, db_path):
    corpus = analyze(seeds_dir, db=db_path)
    articles = {a["article_id"]: a for a in corpus.articles()}
    assert len(articles) == 5
    for path in sorted(seeds_dir.glob("*.txt")):
        stored = articles[path.stem]
        raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        assert stored["text"] == raw
        first_line = next(line for line in raw.splitlines() if line.strip()).strip()
        # the first line is the title when it reads like a headline; a lede (seed 000's 36-word sentence) is not
        assert stored["title"] == (first_line if headline_problem(first_line) is None else None)
    assert sum(a["title"] is not None for a in articles.values()) == 4
    corpus.close()


def test_rerun_changes_nothing(seeds_dir, db_path):
    with Store(db_path) as store:
        first = run_analysis([str(seeds_dir)], store)
        second = run_analysis([str(seeds_dir)], store)
        assert len(first.stored) == 5
        assert second.stored == [] and sorted(second.unchanged) == sorted(first.stored)
        assert store.count("articles") == 5


def test_duplicate_text_is_stored_once_and_reported(tmp_path, db_path):
    (tmp_path / "in").mkdir()
    body = "Mayor Ines Tallo said the fictional harbour would reopen on Monday.\n"
    (tmp_path / "in" / "one.txt").write_text("Harbour reopens\n\n" + body, encoding="utf-8")
    (tmp_path / "in" / "two.txt").write_text("Harbour reopens\n\n" + body, encoding="utf-8")
    skipped = []
    with Store(db_path) as store:
        report = run_analysis([str(tmp_path / "in")], store, on_skip=skipped.append)
        assert report.stored == ["one"]
        assert report.duplicates == [("two", "one")]
        assert [s.reason for s in skipped] == ["duplicate of article one"]
        assert store.count("articles") == 1


def test_open_corpus_is_read_only(seeds_dir, db_path):
    analyze(seeds_dir, db=db_path).close()
    with open_corpus(db_path) as corpus:
        assert corpus.query("SELECT count(*) AS n FROM articles") == [{"n": 5}]
        assert "5 articles" in repr(corpus)
