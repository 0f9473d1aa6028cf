"""Direct, table-driven tests of store/'s pure functions: SQL list helpers (db.py), the rows the corpus
phase reads (corpus.py), outlet groups (outlets.py) and the search syntax's word forms (search_syntax.py)."""

from __future__ import annotations

import pytest

from newsprism.records import LocalEntity, Statement
from newsprism.store.corpus import local_entity_row, statement_order, statement_row
from newsprism.store.db import chunks, placeholders
from newsprism.store.outlets import OutletGroup, in_group, outlet_groups, parse_group
from newsprism.store.search_syntax import SearchSyntaxError, fold, parse_search, stem, word_forms


@pytest.mark.parametrize("values, size, expected", [
    ([1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]),
    ([1, 2], 5, [[1, 2]]),
    ([], 3, []),
])
def test_chunks(values, size, expected):
    assert list(chunks(values, size)) == expected


@pytest.mark.parametrize("values, expected", [(["a"], "?"), (["a", "b", "c"], "?,?,?"), ([], "")])
def test_placeholders(values, expected):
    assert placeholders(values) == expected


def test_statement_row_is_the_quotes_row():
    st = Statement(10, 42, "We will rebuild it", "direct", speaker="Marta Olvena", speaker_key=2,
                   addressee="Valdoria Radio", quoted=((10, 42),))
    assert statement_row("gazette-1", st) == {
        "quote_id": "gazette-1:10-42", "article_id": "gazette-1", "start": 10, "end": 42,
        "text": "We will rebuild it", "kind": "direct", "speaker": "Marta Olvena", "speaker_key": 2,
        "speaker_id": None, "addressee": "Valdoria Radio", "quoted": [(10, 42)]}
    bare = statement_row("a", Statement(0, 5, "Hello", "indirect"))
    assert bare["speaker"] is None and bare["quoted"] == [] and bare["quote_id"] == "a:0-5"


def test_local_entity_row():
    entity = LocalEntity(3, "Marta Olvena", "person", aliases=("Olvena",), roles=("President",))
    assert local_entity_row("a", entity) == {"article_id": "a", "key": 3, "name": "Marta Olvena", "type": "person",
                                             "aliases": ["Olvena"], "roles": ["President"]}


def test_statement_order_is_article_then_place():
    rows = [{"article_id": "b", "start": 0, "quote_id": "b:0-1"}, {"article_id": "a", "start": 9, "quote_id": "a:9-10"},
            {"article_id": "a", "start": 2, "quote_id": "a:2-3"}]
    assert [r["quote_id"] for r in sorted(rows, key=statement_order)] == ["a:2-3", "a:9-10", "b:0-1"]


@pytest.mark.parametrize("text, expected", [
    ("lean=centre", ("lean", "centre")),
    (" country = Valdoria ", ("country", "Valdoria")),
    ("founded=1990=old", ("founded", "1990=old")),
    ("", None), ("   ", None), (None, None),
])
def test_parse_group(text, expected):
    assert parse_group(text) == expected
    if expected:
        assert str(parse_group(text)) == f"{expected[0]}={expected[1]}"


@pytest.mark.parametrize("text", ["lean", "=centre", "lean=", " = "])
def test_parse_group_rejects(text):
    with pytest.raises(ValueError, match="FIELD=VALUE"):
        parse_group(text)


META = {
    "Gazette": {"country": "Valdoria", "owner": None, "lean": "centre", "extra": [["founded", "1990"]]},
    "Ledger": {"country": "Valdoria", "owner": "Ledger Trust", "lean": "left", "extra": [["lean", "ignored"]]},
    "Times": {"country": None, "owner": None, "lean": None, "extra": []},
}


def test_outlet_groups_known_fields_first_then_extra_columns():
    groups = outlet_groups(META)
    assert [g["group"] for g in groups] == ["country=Valdoria", "owner=Ledger Trust", "lean=centre", "lean=left",
                                            "founded=1990"]
    assert groups[0]["outlets"] == ["Gazette", "Ledger"]
    assert outlet_groups({}) == []


@pytest.mark.parametrize("group, expected", [
    (OutletGroup("country", "Valdoria"), {"Gazette", "Ledger"}),
    (OutletGroup("lean", "left"), {"Ledger"}),           # a known field wins over an extra column of that name
    (OutletGroup("founded", "1990"), {"Gazette"}),
    (OutletGroup("lean", "right"), set()),
    (None, None),                                         # no group: every outlet
])
def test_in_group(group, expected):
    assert in_group(META, group) == expected


@pytest.mark.parametrize("word, expected", [("Pérez", "perez"), ("BRIDGE", "bridge"), ("straße", "strasse")])
def test_fold(word, expected):
    assert fold(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("cities", "city"), ("bridges", "bridge"), ("churches", "church"), ("hoping", "hope"), ("stopped", "stop"),
    ("press", "press"), ("bus", "bus"), ("red", "red"), ("2031s", "2031s"),
])
def test_stem(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize("word, includes, excludes", [
    ("city", {"city", "cities"}, {"citys"}),
    ("hope", {"hope", "hoped", "hoping", "hopes"}, {"hopeing"}),
    ("stop", {"stop", "stopped", "stopping", "stops"}, set()),
    ("tax", {"tax", "taxes", "taxed"}, {"taxxed"}),
    ("it", {"it"}, {"its"}),  # too short to inflect
])
def test_word_forms(word, includes, excludes):
    forms = word_forms(word)
    assert includes <= forms and not excludes & forms


@pytest.mark.parametrize("text, match", [
    ("bridge", '("bridge" OR "bridged" OR "bridges" OR "bridging")'),
    ('"stone bridge"', '"stone bridge"'),
    ("terror*", '"terror" *'),
    ("toll -bridge", '(("toll" OR "tolled" OR "tolling" OR "tolls")) NOT (("bridge" OR "bridged" OR "bridges" OR '
                     '"bridging"))'),
])
def test_parse_search(text, match):
    assert parse_search(text).match == match


@pytest.mark.parametrize("text", ['"open', "OR bridge", "bridge OR", "-bridge", "t*", "bridge NOT"])
def test_parse_search_rejects(text):
    with pytest.raises(SearchSyntaxError):
        parse_search(text)
    assert parse_search("  ...  ") is None
