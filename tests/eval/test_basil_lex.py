"""BASIL lexical-bias scoring: the reader maps every gold span, the scorer counts tokens and sentences."""

from __future__ import annotations

import pytest

from newsprism.eval.basil_lex import (
    BasilLexError,
    LearnSettings,
    LexArticle,
    choose_settings,
    learn_drops,
    learn_terms,
    load_lex_articles,
    score,
)
from newsprism.extract.loaded import load_lexicon
from tests.conftest import BASIL


def test_reader_maps_every_gold_span_onto_the_text():
    if not BASIL.exists():
        pytest.fail(f"BASIL not found at {BASIL}")
    articles = load_lex_articles(BASIL)
    assert len({a.year for a in articles}) >= 2
    assert sum(len(a.gold) for a in articles) > 0
    assert all(a.mismatched == 0 for a in articles)
    for article in articles:
        for start, end in article.gold:
            assert any(s <= start and end <= e for s, e in article.sentences)


def test_reader_rejects_a_folder_without_basil(tmp_path):
    with pytest.raises(BasilLexError):
        load_lex_articles(tmp_path)


def _article(nlp, text, gold_words, year="2012"):
    gold = tuple((text.index(w), text.index(w) + len(w)) for w in gold_words)
    first = text.index(". ") + 1
    sentences = ((0, first), (first + 1, len(text)))
    return LexArticle("x", year, "fox", text, sentences, gold), nlp(text)


@pytest.mark.parametrize("predicted_words, tokens, sentences", [
    (["fierce"], (1, 0, 0), (1, 0, 0)),               # exact hit
    (["fierce", "quiet"], (1, 1, 0), (1, 1, 0)),      # one hit, one false alarm in the other sentence
    ([], (0, 0, 1), (0, 0, 1)),                       # nothing predicted
])
def test_score_counts_tokens_and_sentences(nlp, predicted_words, tokens, sentences):
    article, doc = _article(nlp, "He drew fierce criticism. The room was quiet then.", ["fierce"])
    predicted = [(article.text.index(w), article.text.index(w) + len(w)) for w in predicted_words]
    found = score(article, doc, predicted)
    assert (found.tokens.tp, found.tokens.fp, found.tokens.fn) == tokens
    assert (found.sentences.tp, found.sentences.fp, found.sentences.fn) == sentences


def test_learning_adds_frequent_gold_words_and_drops_never_marked_terms(nlp):
    pairs = [_article(nlp, "Critics called it a boondoggle. The regime answered.", ["boondoggle"]),
             _article(nlp, "Another boondoggle came. The regime said so.", ["boondoggle"]),
             _article(nlp, "The regime spoke. The regime left.", [])]
    articles, docs = [a for a, _ in pairs], [d for _, d in pairs]
    learned = learn_terms(articles, docs, min_count=2, min_share=0.5)
    assert learned == {"boondoggle": (2, 2)}
    drops = learn_drops(load_lexicon(learned=False), articles, docs, min_count=4, max_share=0.0)
    assert drops == {"regime"}


ADD, DROP = (1, 0.5), (1, 0.0)


@pytest.mark.parametrize("gold_2010, gold_2012, expected", [
    # the same word is marked in both years: adding it helps the held-out year, dropping "regime" too
    ("kerfuffle", "kerfuffle", LearnSettings(ADD, DROP)),
    # each year marks a different word: nothing learned on one year recurs in the other, so adding is
    # no better and the first of equals (no additions) wins; dropping "regime" still helps
    ("kerfuffle", "hullabaloo", LearnSettings(None, DROP)),
])
def test_settings_are_chosen_by_leave_one_year_out(nlp, gold_2010, gold_2012, expected):
    grid = (LearnSettings(None, None), LearnSettings(ADD, None), LearnSettings(None, DROP), LearnSettings(ADD, DROP))
    pairs = [_article(nlp, f"Critics called it a brutal {gold_2010}. The regime answered.", ["brutal", gold_2010],
                      year="2010"),
             _article(nlp, f"Critics called it a brutal {gold_2012}. The regime answered.", ["brutal", gold_2012],
                      year="2012")]
    articles, docs = [a for a, _ in pairs], [d for _, d in pairs]
    chosen, f1 = choose_settings(load_lexicon(learned=False), articles, docs, grid=grid)
    assert chosen == expected
    assert (f1 == 1.0) == (gold_2010 == gold_2012)


def test_titles_are_parsed_but_not_scored(nlp):
    text = "Furious senators fume. He drew fierce criticism."
    article = LexArticle("x", "2012", "fox", text, ((0, 22), (23, len(text))),
                         ((text.index("fierce"), text.index("fierce") + 6),), body_start=23)
    predicted = [(0, 7), (text.index("fierce"), text.index("fierce") + 6)]  # "Furious" is in the title
    found = score(article, nlp(text), predicted)
    assert (found.tokens.tp, found.tokens.fp, found.tokens.fn) == (1, 0, 0)
    assert (found.sentences.tp, found.sentences.fp) == (1, 0)
    untitled = LexArticle("x", "2012", "fox", text, article.sentences, article.gold)  # body_start 0: all scored
    assert score(untitled, nlp(text), predicted).tokens.fp == 1
