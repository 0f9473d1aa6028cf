"""Direct tests of the pure functions of the corpus phase (link/stories.py, link/links.py, link/entities.py)."""

from __future__ import annotations

import pytest

from newsprism.link.entities import LocalRef, entity_keys, ref_order
from newsprism.link.links import LinkOptions, _shingle_hashes, compared_words, paraphrase_links
from newsprism.link.stories import (
    StoryFeatures,
    StoryOptions,
    cluster_articles,
    lsh_buckets,
    placement_key,
    salient_keys,
    story_features,
    story_similarity,
    story_title,
)
from newsprism.records import Article

TALKS = ("Harbour talks collapse in Port Veyra",
         "Negotiators for the harbour workers walked out of the Port Veyra talks on Monday after the port "
         "authority refused to discuss the new shift rota, union leaders said.")
TALKS_AGAIN = ("Port Veyra harbour talks end without deal",
               "The Port Veyra harbour talks ended without a deal on Monday: negotiators for the workers walked "
               "out when the port authority refused to discuss the shift rota.")
ORCHARD = ("Thornby orchard festival draws record crowd",
           "A record crowd filled the Thornby orchard festival, where growers showed eleven new apple varieties "
           "and a brass band played until dusk.")


def article(article_id: str, pair: tuple[str, str], published: str | None = "2025-03-03") -> Article:
    return Article(article_id=article_id, text=f"{pair[0]}\n\n{pair[1]}", title=pair[0], published=published)


# -- stories ---------------------------------------------------------------------------------------------


def test_story_features_weight_the_headline_and_shingle_quotes():
    feats = story_features(Article(article_id="a", title="Port strike", published="2025-01-02",
                                   text='Port strike\n\nThe union said "we will not accept the new rota at all" today.'))
    assert feats.terms["strike"] == StoryOptions().title_weight  # headline terms count twice
    assert feats.published == "2025-01-02" and feats.title == "Port strike"
    assert len(feats.quoted) == len("we will not accept the new rota at all".split()) - 3  # word 4-grams
    short = story_features(Article(article_id="b", text="No quotes in this text at all, only words."))
    assert short.quoted == frozenset() and short.title == "No quotes in this text at all, only words."
    long_line = " ".join(["word"] * 30)
    assert story_features(Article(article_id="c", text=long_line)).title == ""  # a first line too long for a headline


@pytest.mark.parametrize("a_date, b_date, shared_quotes, expect", [
    ("2025-01-01", "2025-01-03", 0, "cosine"),
    ("2025-01-01", "2025-01-20", 0, "zero"),        # dated too far apart: never one story
    (None, "2025-01-20", 0, "cosine"),              # undated: no veto
    ("2025-01-01", "2025-01-02", 6, "bonus"),       # shared quoted passages add the (saturated) bonus
])
def test_story_similarity(a_date, b_date, shared_quotes, expect):
    quotes = frozenset(range(shared_quotes))
    a = StoryFeatures({"port": 1, "strike": 1}, quotes, a_date, "")
    b = StoryFeatures({"port": 1, "rota": 1}, quotes, b_date, "")
    va, vb = {"port": 0.6, "strike": 0.8}, {"port": 0.6, "rota": 0.8}
    score = story_similarity(a, b, va, vb)
    expected = {"cosine": 0.36, "zero": 0.0, "bonus": 0.36 + StoryOptions().quote_bonus}[expect]
    assert score == pytest.approx(expected)


def test_salient_keys_prefer_rare_terms_and_buckets_are_deterministic():
    feats = StoryFeatures({"common": 3, "rare": 1, "middle": 1}, frozenset(), None, "")
    df = {"common": 90, "rare": 1, "middle": 10}
    assert salient_keys(feats, df, 100, 2) == ["rare", "middle"]
    assert lsh_buckets(["rare", "middle"], 8) == lsh_buckets(["rare", "middle"], 8)
    assert len(lsh_buckets(["rare", "middle"], 8)) == 8
    assert lsh_buckets(["rare", "middle"], 8) != lsh_buckets(["other", "words"], 8)
    assert lsh_buckets([], 8) == []


def test_placement_key_puts_dated_articles_first_by_date():
    feats = [StoryFeatures({}, frozenset(), d, "") for d in (None, "2025-02-01", "2025-01-01")]
    assert [f.published for f in sorted(feats, key=placement_key)] == ["2025-01-01", "2025-02-01", None]


def test_story_title_is_the_most_central_headline():
    members = [StoryFeatures({"harbour": 2, "talk": 2, "veyra": 1}, frozenset(), None, "Harbour talks collapse"),
               StoryFeatures({"harbour": 1, "talk": 1}, frozenset(), None, "Harbour talks end"),
               StoryFeatures({"weather": 1}, frozenset(), None, "Weather today")]
    df = {"harbour": 2, "talk": 2, "weather": 2}
    assert story_title(members, df, 10) == "Harbour talks end"  # as central, and shorter
    assert story_title(members[2:], df, 10) == "Weather today"
    assert story_title([StoryFeatures({"quay": 2}, frozenset(), None, "")], {}, 10) == "quay"


def test_cluster_articles_is_pure_and_groups_one_event():
    stories = cluster_articles([article("a", TALKS), article("b", TALKS_AGAIN), article("c", ORCHARD)])
    assert stories["a"] == stories["b"] != stories["c"]
    far = cluster_articles([article("a", TALKS), article("b", TALKS_AGAIN, published="2025-06-01")])
    assert far["a"] != far["b"]  # the same words months apart are another event
    again = cluster_articles([article("a", TALKS), article("copy", TALKS)])
    assert set(again) == {"a"}  # a repeated text is placed once, as the store stores it once


# -- links -----------------------------------------------------------------------------------------------


def statement(quote_id, kind, text, *, speaker="e1", quoted=None):
    article_id = quote_id.split(":")[0]
    return {"quote_id": quote_id, "article_id": article_id, "kind": kind, "text": text, "start": 10,
            "speaker_id": speaker, "quoted": quoted if quoted is not None else []}


def test_compared_words_take_the_quoted_spans_of_a_quoting_statement():
    mixed = statement("a:10-40", "mixed", 'calls the plan "a reckless gamble" now', quoted=[(26, 43)])
    assert compared_words(mixed) == ["a", "reckless", "gamble"]
    indirect = statement("a:10-40", "indirect", "the plan was a reckless gamble", quoted=[(26, 43)])
    assert compared_words(indirect) == ["the", "plan", "was", "a", "reckless", "gamble"]


def test_shingles_need_enough_words():
    assert _shingle_hashes(["one", "two", "three"], 4) == set()
    assert len(_shingle_hashes("the port will reopen next week".split(), 4)) == 3
    assert _shingle_hashes("The Port".split() + ["x", "y"], 4) == _shingle_hashes(["the", "port", "x", "y"], 4)


REPORT = "the minister said the harbour rota would change after the strike vote next month"
QUOTE = "The harbour rota will change after the strike vote next month"
OTHER = "We have no comment on the weather"


@pytest.mark.parametrize("mine, theirs, linked, expect", [
    (("a:1-2", "indirect", REPORT), ("b:1-2", "direct", QUOTE), set(), True),
    (("a:1-2", "direct", QUOTE), ("b:1-2", "direct", QUOTE), set(), False),     # no indirect side: text rules' job
    (("a:1-2", "indirect", REPORT), ("a:5-6", "direct", QUOTE), set(), False),  # same article
    (("a:1-2", "indirect", REPORT), ("b:1-2", "direct", OTHER), set(), False),  # too few words shared
    (("a:1-2", "indirect", REPORT), ("b:1-2", "direct", QUOTE), {frozenset(("a:1-2", "b:1-2"))}, False),
])
def test_paraphrase_links(mine, theirs, linked, expect):
    a, b = statement(*mine), statement(*theirs)
    words = {a["quote_id"]: compared_words(a), b["quote_id"]: compared_words(b)}
    stories = {"a": "s1", "b": "s1"}
    found = paraphrase_links([a], {("s1", "e1"): [a, b]}, words, {"a": "2025-01-02", "b": "2025-01-01"},
                             stories, LinkOptions(), set(linked))
    assert bool(found) is expect
    if expect:  # the earlier report is quote_a
        assert (found[0].quote_a, found[0].quote_b, found[0].relation) == ("b:1-2", "a:1-2", "paraphrase")


# -- entities ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref, keys, first, kind", [
    (LocalRef("a", 0, "Mara Velsen", "person", ["Minister Velsen", "Velsen"]),
     ["person:velsen", "person:velsen:mara"], "mara", "person"),
    (LocalRef("a", 1, "Velsen", "person"), ["person:velsen"], "", "person"),
    (LocalRef("a", 2, "the government", "organisation"), [], None, "none"),
    (LocalRef("a", 3, "Sollen Port Authority", "organisation"), ["organisation:sollen port authority"], None, "exact"),
])
def test_entity_keys(ref, keys, first, kind):
    found_keys, found_first, found_kind = entity_keys(ref)
    assert (found_kind, found_first) == (kind, first)
    assert [k.lower() for k in found_keys] == keys if kind != "exact" else len(found_keys) == 1


def test_ref_order_puts_full_names_first():
    full, bare = LocalRef("b", 0, "Mara Velsen", "person"), LocalRef("a", 1, "Velsen", "person")
    assert sorted([bare, full], key=lambda r: ref_order(r, entity_keys(r)[1]))[0] is full
