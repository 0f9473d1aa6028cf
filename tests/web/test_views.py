"""Page layout from store rows: alignment of linked statements, claims table, framing counts."""

from __future__ import annotations

import pytest

from newsprism.web.views import align_statements, claims_table, coverage_figure, framing_table

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
    rows = claims_table(ARTICLES, [{"article_id": a, "value": v, "value_low": None, "value_high": None,
                                    "unit": "people", "about": "killed", "text": str(v)} for a, v in claims])
    assert len(rows) == 1 and rows[0]["differs"] is differs and rows[0]["missing"] is missing


def test_framing_counts_verbs_labels_and_loaded_words():
    table = framing_table(ARTICLES[:1], [st("a1"), st("a2", 9, cue_lemma="claim")],
                          [{"article_id": "a", "text": "the strongman", "entity_name": "X"}],
                          [{"article_id": "a", "start": at, "end": at + 6, "text": "brutal", "category": "evaluative"}
                           for at in (100, 200)])
    assert table[0]["verbs"] == [{"verb": "claim", "n": 1, "class": "evaluative"},
                                 {"verb": "say", "n": 1, "class": "neutral"}]  # newsprism.compare.verbs
    assert table[0]["labels"] == [{"text": "the strongman", "entity": "X", "n": 1}]
    assert table[0]["loaded"] == [{"text": "brutal", "category": "evaluative", "n": 2}]


def test_coverage_figure_escapes_names_and_stacks_outlets():
    figure = coverage_figure([{"published": "2031-01-01", "outlet": "<b>X</b>", "n_articles": 2},
                              {"published": "2031-01-02", "outlet": "Y", "n_articles": 1}])
    assert [t["name"] for t in figure["data"]] == ["&lt;b&gt;X&lt;/b&gt;", "Y"]
    assert figure["data"][0]["y"] == [2] and figure["layout"]["barmode"] == "stack"
