"""End to end on the shared seeds: three Assad interviews (2015 BBC, 2017 Yahoo News, 2019 RT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.ingest import iter_inputs
from newsprism.link import update_corpus
from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store

EXPECTED_STORIES = {frozenset({"000", "001", "002"}), frozenset({"003"}), frozenset({"004"})}


def story_groups(store: Store) -> set[frozenset[str]]:
    return {frozenset(Path(a).name[:3] for a in row["article_ids"]) for row in store.export_rows("stories")}


@pytest.mark.parametrize("dated", [True, False], ids=["dates-from-text", "no-dates"])
def test_seeds_form_three_stories_from_text_alone(seeds_dir, dated):
    """Story clustering on the ingested seeds only (no parse): dates must not be what separates them."""
    articles = [a for a in iter_inputs([str(seeds_dir)]) if isinstance(a, Article)]
    if not dated:
        articles = [Article(article_id=a.article_id, text=a.text, title=a.title) for a in articles]
    with Store(":memory:") as store:
        store.write_results(ArticleResult(article=a) for a in articles)
        update_corpus(store)
        assert story_groups(store) == EXPECTED_STORIES


@pytest.fixture(scope="module")
def analysed_seeds(tmp_path_factory, nlp, seeds_dir):
    from newsprism.pipeline import run_analysis

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(db) as store:
        run_analysis([str(seeds_dir)], store)
    return db


def test_seeds_pipeline_stories(analysed_seeds):
    with Store(analysed_seeds, readonly=True) as store:
        assert story_groups(store) == EXPECTED_STORIES


def _links(store: Store) -> list[dict]:
    quotes = {q["quote_id"]: q for q in store.export_rows("quotes")}
    return [{**link, "a": quotes[link["quote_a"]], "b": quotes[link["quote_b"]]}
            for link in store.export_rows("links")]


@pytest.mark.parametrize("changed", [["with"], ["Syria", "sic", "Syrian"]], ids=["fight-with", "syria-sic"])
def test_seeds_altered_statements_linked_with_diff(analysed_seeds, changed):
    """Needs the statements extractor to find both versions of each quote."""
    with Store(analysed_seeds, readonly=True) as store:
        links = _links(store)
    altered = [link for link in links if link["relation"] == "altered"]
    changed_words = [{w.strip("[],.") for op, words in link["diff"] if op != "=" for w in words.split()}
                     for link in altered]  # the diff is verbatim: "[sic]", punctuation kept
    assert any(set(changed) <= words for words in changed_words), [link["diff"] for link in altered]


def test_seeds_no_link_between_2015_and_2017(analysed_seeds):
    with Store(analysed_seeds, readonly=True) as store:
        links = _links(store)
    for link in links:
        pair = {link["a"]["article_id"][:3], link["b"]["article_id"][:3]}
        assert "004" not in pair or pair == {"004"}, link


def _linked_texts(store: Store) -> list[tuple[str, str, str, str]]:
    return [(link["a"]["article_id"][:3], link["a"]["text"], link["b"]["article_id"][:3], link["b"]["text"])
            for link in _links(store)]


def test_seeds_indirect_and_direct_versions_of_one_statement_are_linked(analysed_seeds):
    """000's "he would accept US troops in a joint fight" and 002's direct "… of course they are welcome …"."""
    with Store(analysed_seeds, readonly=True) as store:
        pairs = _linked_texts(store)
    assert any({a, b} == {"000", "002"} and any("accept US troops" in t for t in (ta, tb))
               and any("of course they are welcome" in t and t.startswith("“") for t in (ta, tb))
               for a, ta, b, tb in pairs), pairs


def test_seeds_2015_alliance_and_2017_welcome_are_not_linked(analysed_seeds):
    with Store(analysed_seeds, readonly=True) as store:
        pairs = _linked_texts(store)
    for a, ta, b, tb in pairs:
        texts = ta + " " + tb
        assert not ("alliance" in texts and "welcome" in texts and {a, b} & {"004"}), (ta, tb)


@pytest.mark.slow
def test_demo_at_least_23_people_died_versions_are_linked(tmp_path):
    from newsprism.data import demo_corpus_path
    from newsprism.pipeline import run_analysis

    with Store(tmp_path / "demo.db") as store:
        run_analysis([str(demo_corpus_path())], store)
        pairs = _linked_texts(store)
    assert any("23 people have died" in ta + tb and "23 people had died" in ta + tb for _, ta, _, tb in pairs), pairs
