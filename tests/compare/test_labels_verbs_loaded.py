"""Actor labels, attribution verb classes, loaded-language profiles and coverage, from plain rows."""

from __future__ import annotations

import pytest

from newsprism.compare.coverage import coverage, statement_groups
from newsprism.compare.labels import actor_labels, label_key
from newsprism.compare.loaded import loaded_profile
from newsprism.compare.outlets import outlet_keys, outlet_order
from newsprism.compare.verbs import classify, verb_classes, verb_profile


@pytest.mark.parametrize("text, kind, label", [
    ("the dictator", "descriptor", "dictator"),
    ("His regime", "group", "regime"),
    ("Assad’s", "name", "Assad"),
    ("President", "title", "president"),
    ("the  Syrian   leader", "descriptor", "syrian leader"),
    ("The", "descriptor", "the"),
    ("OSLO—Interior Minister", "title", "interior minister"),
])
def test_label_key(text, kind, label):
    assert label_key(text, kind) == label


def mention(article_id, text, kind, entity_id="e1", name="Vera Lind"):
    return {"article_id": article_id, "text": text, "kind": kind, "entity_id": entity_id, "entity_name": name,
            "local_name": name}


def test_labels_per_outlet_and_labels_only_one_outlet_uses():
    outlet_of = {"a1": "Daily A", "b1": "Daily B"}
    rows = [mention("a1", "Vera Lind", "name"), mention("a1", "the strongwoman", "descriptor"),
            mention("b1", "Lind", "name"), mention("b1", "President", "title"), mention("a1", "President", "title"),
            mention("b1", "she", "pronoun"), {"article_id": "b1", "text": "x", "kind": "name"}]
    (entity,) = actor_labels(rows, outlet_of)
    labels = {row["label"]: row for row in entity["labels"]}
    assert labels["strongwoman"]["only"] == "Daily A"
    assert labels["President"]["by_outlet"] == {"Daily A": 1, "Daily B": 1} and labels["President"]["only"] is None
    assert "she" not in labels  # pronouns are not labels
    assert entity["outlets"] == ["Daily A", "Daily B"]


@pytest.mark.parametrize("label, polarity", [
    ("dictator", "negative"), ("his regime", "negative"), ("Syrian strongman", "negative"),
    ("terrorists", "negative"), ("self-styled leader", "distancing"), ("freedom fighters", "positive"),
    ("President", None), ("Syrian leader", None), ("government", None), ("rebels", None),
])
def test_label_polarity(label, polarity):
    from newsprism.compare.labels import label_polarity

    assert label_polarity(label) == polarity


def test_per_actor_cells_count_own_voice_and_put_quoted_labels_apart():
    outlet_of = {"a1": "A", "b1": "B"}
    rows = [dict(mention("a1", "the dictator", "descriptor"), start=5, end=17),
            dict(mention("a1", "the dictator", "descriptor"), start=40, end=52),   # inside a quote
            dict(mention("b1", "President", "title"), start=0, end=9),
            dict(mention("b1", "Vera Lind", "name"), start=10, end=19),
            {**mention("b1", "Oslo", "name", entity_id="p1", name="Oslo"), "entity_type": "place", "start": 30,
             "end": 34}]
    statements = [{"article_id": "a1", "kind": "mixed", "start": 30, "end": 60, "speaker": "Ola Nord",
                   "quoted": [[38, 58]]}]
    (entity,) = actor_labels(rows, outlet_of, statements=statements)  # the place is not an actor
    assert entity["cells"]["A"] == [{"label": "dictator", "count": 1, "evaluative": "negative"}]
    assert entity["quoted"]["A"] == [{"label": "dictator", "count": 1, "evaluative": "negative",
                                      "speaker": "Ola Nord"}]
    assert {x["label"] for x in entity["cells"]["B"]} == {"President", "Vera Lind"}
    assert all(x["evaluative"] is None for x in entity["cells"]["B"])


def test_unlinked_mentions_line_up_by_local_name():
    rows = [mention("a1", "the tyrant", "descriptor", entity_id=None), mention("b1", "Lind", "name", entity_id=None)]
    (entity,) = actor_labels(rows, {"a1": "A", "b1": "B"})
    assert entity["entity_id"] is None and entity["entity"] == "Vera Lind"


@pytest.mark.parametrize("lemma, klass", [
    ("say", "neutral"), ("claim", "evaluative"), ("insist", "evaluative"), ("speculate", "evaluative"),
    ("Admit", "evaluative"), ("frobnicate", "other"), (None, "none"),
])
def test_classify(lemma, klass):
    assert classify(lemma)[0] == klass


def test_verb_file_classes_are_documented_values():
    assert {c for c, _ in verb_classes().values()} == {"neutral", "evaluative"}


def test_verb_profile_shares_per_outlet():
    statements = [
        {"article_id": "a1", "kind": "direct", "cue": "said", "cue_lemma": "say", "speaker": "X", "text": "t"},
        {"article_id": "a1", "kind": "direct", "cue": "claimed", "cue_lemma": "claim", "speaker": "X", "text": "t"},
        {"article_id": "a1", "kind": "qa", "cue": None, "cue_lemma": None, "speaker": "X", "text": "t"},
        {"article_id": "a1", "kind": "term", "cue": None, "cue_lemma": None, "text": "t"},
        {"article_id": "b1", "kind": "indirect", "cue": "said", "cue_lemma": "say", "speaker": "X", "text": "t"},
    ]
    profile = verb_profile(statements, {"a1": "A", "b1": "B"})
    assert profile["A"]["statements"] == 3 and profile["A"]["evaluative_share"] == 0.5
    assert profile["A"]["verbs"]["claim"]["forms"] == {"claimed": 1}
    assert profile["B"]["evaluative_share"] == 0.0


def test_loaded_profile_counts_scare_quotes_once_and_separates_quotes():
    articles = [{"article_id": "a1", "word_count": 500}, {"article_id": "b1", "word_count": 100}]
    statements = [{"article_id": "a1", "kind": "direct", "start": 0, "end": 20, "text": "q"},
                  {"article_id": "a1", "kind": "term", "start": 30, "end": 40, "text": "‘moderate’"}]
    loaded = [{"article_id": "a1", "start": 5, "end": 10, "text": "brutal", "category": "emotive"},
              {"article_id": "a1", "start": 30, "end": 40, "text": "‘moderate’", "category": "scare_quote"},
              {"article_id": "a1", "start": 50, "end": 58, "text": "so-called", "category": "distancing"}]
    profile = loaded_profile(loaded, statements, articles, {"a1": "A", "b1": "B"})
    assert profile["A"]["total"] == 3
    assert profile["A"]["in_quotes"] == 1 and profile["A"]["own_voice"] == 2
    assert profile["A"]["per_1000_words"] == 4.0  # own voice only
    assert profile["A"]["quoted_terms"] == {"unnamed source": {"brutal": 1}}
    assert profile["B"]["total"] == 0


def test_coverage_groups_linked_statements_and_lists_omissions():
    statements = [{"quote_id": "a1:0-5", "article_id": "a1", "start": 0, "kind": "direct", "text": "We agree.",
                   "speaker": "X"},
                  {"quote_id": "b1:3-9", "article_id": "b1", "start": 3, "kind": "indirect", "text": "they agree",
                   "speaker": "X"},
                  {"quote_id": "a1:9-20", "article_id": "a1", "start": 9, "kind": "direct", "text": "Later.",
                   "speaker": "Y"},
                  {"quote_id": "a1:30-40", "article_id": "a1", "start": 30, "kind": "term", "text": "‘x’"}]
    links = [{"quote_a": "a1:0-5", "quote_b": "b1:3-9", "relation": "paraphrase"}]
    assert len(statement_groups(statements, links)) == 2
    rows = coverage(statements, links, {"a1": "A", "b1": "B"}, ["A", "B", "C"])
    assert rows[0]["text"] == "We agree." and set(rows[0]["carried_by"]) == {"A", "B"}
    assert rows[0]["omitted_by"] == ["C"] and rows[0]["carried_by"]["B"][0]["relations"] == ["paraphrase"]
    assert rows[1]["omitted_by"] == ["B", "C"]


def test_outlets_default_to_the_article_and_order_by_date():
    articles = [{"article_id": "x2", "outlet": None, "published": "2020-01-02"},
                {"article_id": "x1", "outlet": "Daily A", "published": "2020-01-01"},
                {"article_id": "x3", "outlet": "Daily A", "published": None}]
    assert outlet_keys(articles) == {"x2": "x2", "x1": "Daily A", "x3": "Daily A"}
    assert outlet_order(articles) == ["Daily A", "x2"]


@pytest.mark.parametrize("term, voice", [
    ("“participation”", "Ola Nord"),           # a speaker's partial quote, not the outlet's scare quote
    ("‘moderate’", None),                      # a scare quote in the narration
])
def test_scare_quotes_inside_a_partial_quote_are_the_speakers(term, voice):
    from newsprism.compare.loaded import loaded_spans

    statements = [{"article_id": "a1", "kind": "mixed", "start": 0, "end": 40, "speaker": "Ola Nord",
                   "quoted": [[11, 24]]},
                  {"article_id": "a1", "kind": "term", "start": 10, "end": 25, "text": "“participation”"},
                  {"article_id": "a1", "kind": "term", "start": 50, "end": 60, "text": "‘moderate’"}]
    (span,) = [s for s in loaded_spans([], statements) if s["text"] == term]
    assert span["voice"] == voice


@pytest.mark.parametrize("text, is_name", [
    ('"First Coastal Division"', True), ("“Bank of England”", True), ("“moderate”", False),
    ("“childish story”", False), ("“American sovereignty”", False), ("“Daesh”", False),
])
def test_quoted_names_are_not_scare_quotes(text, is_name):
    from newsprism.compare.loaded import loaded_spans

    statements = [{"article_id": "a1", "kind": "term", "start": 0, "end": len(text), "text": text}]
    assert (loaded_spans([], statements) == []) == is_name


def test_verbs_row_lists_only_attribution_verbs_in_the_outlets_voice():
    statements = [
        {"article_id": "a1", "kind": "indirect", "cue": "patrol", "cue_lemma": "patrol", "text": "t"},
        {"article_id": "a1", "kind": "indirect", "cue": "released", "cue_lemma": "release", "text": "t"},
        {"article_id": "a1", "kind": "qa", "cue": "Q:", "cue_lemma": "qa", "text": "t"},
        {"article_id": "a1", "kind": "direct", "cue": "said", "cue_lemma": "say", "text": "t", "start": 0,
         "end": 50, "quoted": [[1, 40]], "speaker": "X", "cue_start": 42, "cue_end": 46},
        {"article_id": "a1", "kind": "indirect", "cue": "claimed", "cue_lemma": "claim", "text": "t", "start": 10,
         "end": 30, "cue_start": 12, "cue_end": 19},   # inside X's quoted words: X's voice
    ]
    profile = verb_profile(statements, {"a1": "A"})["A"]
    assert list(profile["verbs"]) == ["say"]
    assert profile["other_cues"] == {"patrol": 1, "release": 1, "qa": 1} and profile["quoted_cues"] == 1
