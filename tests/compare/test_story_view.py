"""The story view's pure steps: alignment of linked statements, claims and labels per article, framing
per article, the one definition of outlet, and the JSON-ready form."""

from __future__ import annotations

import json

import pytest

from newsprism.compare.claims import compare_claims
from newsprism.compare.outlets import outlet_keys, outlet_order
from newsprism.compare.story import (
    StoryView,
    actors_by_article,
    align_statements,
    article_framing,
    claims_by_article,
    invert_diff,
)
from newsprism.store.queries import outlet_of

ARTICLES = [{"article_id": "a"}, {"article_id": "b"}, {"article_id": "c"}]


def st(quote_id: str, start: int = 0, kind: str = "direct", **extra) -> dict:
    base = {"quote_id": quote_id, "article_id": quote_id[0], "start": start, "kind": kind, "text": quote_id,
            "speaker_name": "S", "speaker_id": "e1", "speaker": "S", "cue": "said", "cue_lemma": "say"}
    return {**base, **extra}


def link(a: str, b: str, relation: str, diff=()) -> dict:
    return {"quote_a": a, "quote_b": b, "relation": relation, "diff": [list(d) for d in diff]}


@pytest.mark.parametrize("statements, links, expected", [
    # one statement told by all three: one row, no omission
    ([st("a1"), st("b1"), st("c1")], [link("a1", "b1", "identical"), link("b1", "c1", "excerpt")],
     [["a1", "b1", "c1"]]),
    # an unlinked statement gets its own row with the other articles empty (omissions); linked rows first
    ([st("a1"), st("a2", 50), st("b1")], [link("a1", "b1", "altered", [("=", "x")])],
     [["a1", "b1", None], ["a2", None, None]]),
    # scare-quoted terms are not statements to align
    ([st("a1", kind="term"), st("b1")], [], [[None, "b1", None]]),
    ([], [], []),
])
def test_align_statements(statements, links, expected):
    rows = align_statements(ARTICLES, statements, links)
    got = [[cell[0]["quote_id"] if cell else None for cell in row["cells"]] for row in rows]
    assert got == expected


def test_diff_is_read_from_the_first_article_s_side():
    rows = align_statements(ARTICLES, [st("a1"), st("b1")], [link("b1", "a1", "altered", [("+", "with")])])
    cell = rows[0]["cells"][1][0]
    assert rows[0]["altered"] and cell["compared_to"] == "a1" and cell["diff"] == [["-", "with"]]
    assert rows[0]["cells"][0][0]["relation"] is None


@pytest.mark.parametrize("claims, differs, missing", [
    ([("a", 10.0), ("b", 10.0), ("c", 10.0)], False, False),
    ([("a", 10.0), ("b", 15.0)], True, True),
    ([("a", 10.0), ("b", 10.5)], False, True),  # within the slack of a bare figure: one verdict, compare.claims
    ([("a", 10.0)], False, True),
])
def test_claims_table(claims, differs, missing):
    compared = compare_claims([{"article_id": a, "value": v, "value_low": None, "value_high": None,
                                "unit": "people", "about": "killed", "text": str(v)} for a, v in claims],
                              outlet_keys(ARTICLES), outlet_order(ARTICLES))
    rows = claims_by_article(ARTICLES, compared)
    assert len(rows) == 1 and rows[0]["differs"] is differs and rows[0]["missing"] is missing


def test_framing_counts_verbs_labels_and_loaded_words():
    table = article_framing(ARTICLES[:1], [st("a1"), st("a2", 9, cue_lemma="claim")],
                            [{"article_id": "a", "text": "the strongman", "entity_name": "X", "kind": "descriptor"},
                             {"article_id": "a", "text": "Xavier", "entity_name": "X", "kind": "name"}],
                            [{"article_id": "a", "start": at, "end": at + 6, "text": "brutal",
                              "category": "evaluative"} for at in (100, 200)])
    assert table[0]["verbs"] == [{"verb": "claim", "n": 1, "class": "evaluative"},
                                 {"verb": "say", "n": 1, "class": "neutral"}]  # newsprism.compare.verbs
    assert table[0]["labels"] == [{"text": "the strongman", "entity": "X", "n": 1}]
    assert table[0]["loaded"] == [{"text": "brutal", "category": "evaluative", "n": 2}]


@pytest.mark.parametrize("row, expected", [
    ({"article_id": "x1", "outlet": "Daily A", "title": "A headline"}, "Daily A"),
    ({"article_id": "x1", "outlet": "  Daily A "}, "Daily A"),
    ({"article_id": "x1", "outlet": None, "title": "A long first sentence taken as a title"}, "x1"),  # never a title
    ({"article_id": "x1", "outlet": "   "}, "x1"),
    ({"article_id": "x1"}, "x1"),
])
def test_outlet_of_is_the_outlet_else_the_article(row, expected):
    assert outlet_of(row) == expected
    assert outlet_keys([row]) == {"x1": expected}


def test_invert_diff_swaps_sides():
    assert invert_diff([["=", "a"], ["+", "b"], ["-", "c"]]) == [["=", "a"], ["-", "b"], ["+", "c"]]
    assert invert_diff([]) == []


def test_actors_are_laid_out_per_article_by_outlet():
    articles = [{"article_id": "a", "outlet": "Daily A"}, {"article_id": "b", "outlet": "Daily A"},
                {"article_id": "c", "outlet": "Daily B"}]
    labels = [{"entity": "X", "entity_id": "e1", "cells": {"Daily A": [{"label": "the strongman"}]},
               "quoted": {"Daily B": [{"label": "tyrant"}]}}]
    (row,) = actors_by_article(articles, labels, outlet_keys(articles))
    assert row["cells"] == [[{"label": "the strongman"}], [{"label": "the strongman"}], []]
    assert row["quoted"] == [[], [], [{"label": "tyrant"}]]
    assert len(actors_by_article(articles, labels * 3, outlet_keys(articles), limit=2)) == 2


def test_story_view_as_dict_is_plain_json():
    view = StoryView(story={"story_id": "s1"}, articles=({"article_id": "a"},), outlets=("a",), rows=(),
                     links=(), labels=({"kinds": {"title", "name"}},), actors=(), verbs={"a": {"n": 1}},
                     loaded={}, claims=(), coverage=(), framing=())
    plain = view.as_dict()
    assert plain["articles"] == [{"article_id": "a"}] and plain["labels"] == [{"kinds": ["name", "title"]}]
    assert json.loads(json.dumps(plain)) == plain  # no tuples, sets or other types that JSON changes
