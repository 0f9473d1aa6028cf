"""The shared seeds and the bundled demo corpus ingest as documented (no parsing here)."""

from __future__ import annotations

from collections import Counter

from newsprism.data import demo_corpus_path
from newsprism.ingest import iter_inputs
from newsprism.records import Article, Skipped

SEED_HEADLINE_STARTS = {
    "000": None,  # no headline in the file: its first line is a 36-word sentence (the lede), not a title
    "001": "Assad Welcomes America to Cooperate",
    "002": "Assad: US Troops Welcome in Syria",
    "003": "Syria's Assad Dismisses War Crimes Allegations",
    "004": "Assad rules out cooperation with US-led campaign",
}


def test_seed_titles_are_the_headlines_and_texts_are_intact(seeds_dir):
    articles = list(iter_inputs([str(seeds_dir)]))
    assert all(isinstance(a, Article) for a in articles) and len(articles) == 5
    for article in articles:
        expected = SEED_HEADLINE_STARTS[article.article_id[:3]]
        raw = (seeds_dir / f"{article.article_id}.txt").read_text(encoding="utf-8")
        assert article.text == raw.replace("\r\n", "\n")
        if expected is None:
            assert article.title is None
            continue
        assert article.title.startswith(expected)
        assert article.text.lstrip().startswith(article.title)


def test_demo_corpus_ingests_without_skips():
    folder = demo_corpus_path()
    items = list(iter_inputs([str(folder)]))  # its meta.csv is found in the folder and read as metadata
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert not skipped
    articles = [i for i in items if isinstance(i, Article)]
    assert 10 <= len(articles) <= 14
    formats = Counter(a.source_path.split(".", 1)[1] for a in articles)
    assert set(formats) == {"txt", "md", "html", "jsonl", "warc.gz"}
    assert all(a.outlet and a.published and a.title for a in articles)
    assert len({a.outlet for a in articles}) == 4
    assert "FICTIONAL" in (folder / "README.md").read_text(encoding="utf-8")


def test_demo_has_one_statement_with_a_word_changed():
    folder = demo_corpus_path()
    texts = [a.text for a in iter_inputs([str(folder)]) if isinstance(a, Article)]
    protect = "This reform will protect every pension in Valdoria for a generation"
    secure = protect.replace("protect", "secure")
    assert sum(protect in t for t in texts) == 2 and sum(secure in t for t in texts) == 1
