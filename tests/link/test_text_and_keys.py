"""Direct, table-driven tests of link/'s pure helpers: text normalisation (link/text.py), linked groups
(link/components.py) and the story model's pure steps not covered elsewhere (link/stories.py)."""

from __future__ import annotations

import pytest

from newsprism.link.components import linked_components
from newsprism.link.stories import StoryOptions, headline, stop_words, story_features, story_keys
from newsprism.link.text import content_terms, fold_quotes, shingles, stable_hash, strip_accents, words
from newsprism.records import Article


@pytest.mark.parametrize("text, expected", [
    ("\u201cYes,\u201d she said \u2014 \u2018no\u2019", "\"Yes,\" she said - 'no'"),
    ("\u00abnon\u00bb \u2013 1\u22122", "\"non\" - 1-2"),
    ("plain 'ascii' - text", "plain 'ascii' - text"),  # nothing to fold
])
def test_fold_quotes(text, expected):
    assert fold_quotes(text) == expected


@pytest.mark.parametrize("text, expected", [("Pérez", "Perez"), ("Ñuñoa façade", "Nunoa facade"),
                                            ("Plain", "Plain"), ("東京", "東京")])
def test_strip_accents(text, expected):
    assert strip_accents(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Don\u2019t stop, U.S. forces!", ["don't", "stop", "us", "forces"]),
    ("a six-year   plan", ["a", "six-year", "plan"]),
    ("José  said_so", ["jose", "said", "so"]),
    ("www.example.com", ["www.example.com"]),  # a long dotted word keeps its dots
    ("— … !", []),
])
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The council's bridges and the 2031 repairs", ["council", "bridge", "repair"]),
    ("Glass classes pass", ["glass", "classe", "pass"]),  # -ss kept; a longer -es word loses its s only
    ("an ox is at it", []),                              # stop words and short tokens
])
def test_content_terms(text, expected):
    assert content_terms(text, frozenset({"the", "and", "is", "at", "it", "an"})) == expected


@pytest.mark.parametrize("tokens, n, expected", [
    (["a", "b", "c"], 2, {"a b", "b c"}),
    (["a", "b"], 3, {"a b"}),  # shorter than n: the whole sequence
    ([], 3, set()),
])
def test_shingles(tokens, n, expected):
    assert shingles(tokens, n) == expected


def test_stable_hash_is_fixed_and_63_bit():
    values = ["", "bridge", "bridge ", "Bridge"]
    hashes = [stable_hash(v) for v in values]
    assert len(set(hashes)) == len(values) and all(0 <= h < 2 ** 63 for h in hashes)
    assert stable_hash("bridge") == hashes[1]  # same in every process: no salted hash()
    assert stable_hash("bridge") == 7599841547735964286  # pinned: stored shingle hashes depend on it


@pytest.mark.parametrize("ids, links, add_unknown, expected", [
    (["a", "b", "c"], [], False, [["a"], ["b"], ["c"]]),
    (["a", "b", "c"], [("a", "c")], False, [["a", "c"], ["b"]]),
    (["a", "b", "c"], [("a", "b"), ("b", "c")], False, [["a", "b", "c"]]),
    (["a"], [("a", "z")], False, [["a"]]),              # a link outside ids is ignored…
    (["a"], [("a", "z")], True, [["a", "z"]]),          # …unless unknown ids are added
    ([], [], False, []),
])
def test_linked_components(ids, links, add_unknown, expected):
    rows = [{"quote_a": a, "quote_b": b} for a, b in links]
    assert sorted(sorted(g) for g in linked_components(ids, rows, add_unknown=add_unknown)) == expected


@pytest.mark.parametrize("title, text, expected", [
    ("  Bridge closed ", "Body.", "Bridge closed"),
    (None, "Bridge closed for repairs\n\nThe council voted.", "Bridge closed for repairs"),
    (None, " ".join(["word"] * 26) + "\nmore", ""),   # a first line too long to be a headline
    (None, "\n\n", ""),
])
def test_headline(title, text, expected):
    assert headline(Article("a1", text, title=title)) == expected


def test_stop_words_are_spacy_plus_the_data_file():
    words_ = stop_words()
    assert {"the", "and"} <= words_ and "said" in words_
    assert "bridge" not in words_


@pytest.mark.parametrize("k", [1, 3, 40])
def test_story_keys_are_the_salient_terms_and_their_buckets(k):
    text = "Bridge closed\n\nThe Valdoria council closed the Kessel bridge after the flood damaged its piers."
    features = story_features(Article("a1", text, title="Bridge closed"))
    options = StoryOptions(salient_terms=k, num_perm=16)
    df = {"bridge": 1, "kessel": 1, "valdoria": 50, "flood": 2, "council": 50, "pier": 3}
    keys, buckets = story_keys(features, df, 100, options)
    assert len(keys) == min(k, len(set(features.terms))) and len(buckets) == 16
    assert story_keys(features, df, 100, options) == (keys, buckets)   # pure: same inputs, same keys
    if k < 3:  # common terms (high df) are never the most salient
        assert not {"valdoria", "council"} & set(keys)
    other = story_keys(story_features(Article("b1", "Harbour flooded\n\nThe harbour flooded twice.")), df, 100,
                       options)
    assert other[1] != buckets  # different words, different buckets
    assert story_keys(story_features(Article("c1", "")), df, 100, options) == ([], [])
