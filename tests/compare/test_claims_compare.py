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
    (claim("x", "", "k", 100), (90.0, 110.0)),
    (claim("x", "", "k", 100, low=100), (100.0, math.inf)),
    (claim("x", "", "k", 100, high=100), (0.0, 100.0)),
    (claim("x", "", "k", None, 200, 999), (200.0, 999.0)),
])
def test_intervals(row, interval):
    assert claim_interval(row) == pytest.approx(interval)


def test_magnitude_of_a_range_is_its_geometric_middle():
    assert claim_magnitude(claim("x", "", "k", None, 100, 10000)) == pytest.approx(1000)
