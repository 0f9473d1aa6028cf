"""Claims compared within a story: consistent, differing (values side by side), one outlet only."""

from __future__ import annotations

import math

import pytest

from newsprism.compare.claims import claim_interval, claim_magnitude, compare_claims


def claim(article_id, text, about, value=None, low=None, high=None, unit="people"):
    return {"article_id": article_id, "text": text, "about": about, "value": value,
            "value_low": low, "value_high": high, "unit": unit}


OUTLETS = {"a1": "Daily A", "b1": "Daily B", "c1": "Daily C"}


@pytest.mark.parametrize("claims, statuses", [
    # "more than 300,000" and "hundreds of thousands": the ranges overlap
    ([claim("a1", "more than 300,000 people", "killed", 3e5, low=3e5),
      claim("b1", "hundreds of thousands", "killed", None, 2e5, 999999)], ["consistent"]),
    # 250,000 vs more than 300,000: the same quantity, told differently
    ([claim("a1", "more than 300,000 people", "killed", 3e5, low=3e5),
      claim("b1", "250,000 people", "killed", 2.5e5)], ["differing"]),
    # about 1,000 vs 1,050: within the slack of a bare figure
    ([claim("a1", "about 1,000 troops", "troops", 1000), claim("b1", "1,050 troops", "troops", 1050)], ["consistent"]),
    # three soldiers killed and 300,000 killed are different quantities: each one outlet only
    ([claim("a1", "three soldiers", "killed", 3), claim("b1", "300,000 people", "killed", 3e5)],
     ["one_outlet", "one_outlet"]),
    # a fraction and a count about the same thing are not compared
    ([claim("a1", "half the population", "displaced", 0.5, unit="fraction"),
      claim("b1", "six million people", "displaced", 6e6)], ["one_outlet", "one_outlet"]),
    ([], []),
])
def test_statuses(claims, statuses):
    rows = compare_claims(claims, OUTLETS, ["Daily A", "Daily B", "Daily C"])
    assert sorted(r["status"] for r in rows) == sorted(statuses)


def test_differing_values_are_side_by_side_and_missing_outlets_listed():
    rows = compare_claims([claim("a1", "more than 300,000", "killed", 3e5, low=3e5),
                           claim("b1", "250,000", "killed", 2.5e5)], OUTLETS, ["Daily A", "Daily B", "Daily C"])
    (row,) = rows
    assert row["by_outlet"]["Daily A"][0]["value_low"] == 3e5
    assert row["by_outlet"]["Daily B"][0]["value"] == 2.5e5
    assert row["not_reported_by"] == ["Daily C"]


def test_a_figure_repeated_in_one_article_counts_once():
    rows = compare_claims([claim("a1", "55 women", "released", 55), claim("a1", "55 women", "released", 55)],
                          OUTLETS, ["Daily A"])
    assert len(rows[0]["by_outlet"]["Daily A"]) == 1


@pytest.mark.parametrize("row, interval", [
    (claim("x", "100", "k", 100), (75.0, 125.0)),            # a quarter of the last significant digit
    (claim("x", "310", "k", 310), (307.5, 312.5)),
    (claim("x", "40 million", "k", 40e6), (37.5e6, 42.5e6)),
    (claim("x", "about 310", "k", 310), (279.0, 341.0)),      # "about": ±10%
    (claim("x", "", "k", 100, low=100), (100.0, math.inf)),
    (claim("x", "up to 100", "k", 100, high=100), (0.0, 100.0)),
    (claim("x", "nearly 100", "k", 100, high=100), (80.0, 100.0)),
    (claim("x", "", "k", None, 200, 999), (200.0, 999.0)),
])
def test_intervals(row, interval):
    assert claim_interval(row) == pytest.approx(interval)


def test_magnitude_of_a_range_is_its_geometric_middle():
    assert claim_magnitude(claim("x", "", "k", None, 100, 10000)) == pytest.approx(1000)


def ctx(text, about="killed", value=None, low=None, high=None, places=(), years=(), unit="people"):
    from newsprism.compare.claims import claim_context

    row = claim("a1", text, about, value, low, high, unit)
    return {**claim_context(row, None), "places": list(places), "years": list(years)}


@pytest.mark.parametrize("a, b, same", [
    (ctx("more than 300,000 people", low=3e5), ctx("hundreds of thousands", low=2e5, high=999999), True),
    (ctx("three Turkish soldiers", value=3), ctx("three soldiers", value=3), True),
    (ctx("three Turkish soldiers", value=3), ctx("three Russian soldiers", value=3), False),
    (ctx("three soldiers", value=3), ctx("30 people", value=30), False),          # a noun is not "people"
    (ctx("thousands of detainees", low=2000, high=9999), ctx("5,000 people", value=5000), False),
    (ctx("4,000 people", value=4000, places=["kafr nabl"]), ctx("4,500 people", value=4500, places=["idlib"]), False),
    (ctx("4,000 people", value=4000, places=["kafr nabl"]), ctx("4,500 people", value=4500), True),
    (ctx("130 people", value=130, years=["2015"]), ctx("120 people", value=120, years=["2019"]), False),
    (ctx("55 women", about="released", value=55), ctx("54 women prisoners", about="released", value=54), False),
    (ctx("20 people", value=20), ctx("2,000 people", value=2000), False),          # magnitudes too far apart
    (ctx("half", about="displaced", value=0.5, unit="fraction"), ctx("6 million", about="displaced", value=6e6),
     False),
])
def test_same_quantity(a, b, same):
    from newsprism.compare.claims import same_quantity

    assert same_quantity(a, b) is same and same_quantity(b, a) is same


@pytest.mark.parametrize("text, noun, qualifiers", [
    ("more than 300,000 people", "people", set()), ("three Turkish soldiers", "soldier", {"turkish"}),
    ("hundreds of thousands", None, set()), ("40 million dollars", None, set()), ("12 policemen", "policeman", set()),
])
def test_counted_noun(text, noun, qualifiers):
    from newsprism.compare.claims import counted_noun

    assert counted_noun(text) == (noun, frozenset(qualifiers))


def test_every_claim_says_who_gives_the_number():
    from newsprism.compare.claims import with_context

    text = "Officials said 40 people died. The agency counted 45 deaths."
    claims = [{"article_id": "a1", "start": 15, "end": 24, "text": "40 people", "value": 40, "about": "killed",
               "unit": "people"},
              {"article_id": "a1", "start": 50, "end": 52, "text": "45", "value": 45, "about": "killed",
               "unit": "people"}]
    statements = [{"article_id": "a1", "kind": "indirect", "start": 15, "end": 29, "speaker": "Officials"}]
    rows = with_context(claims, {"a1": text}, [], statements)
    assert [r["given_by"] for r in rows] == ["Officials", "outlet"]
