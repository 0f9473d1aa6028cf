"""Attention binning: the unit follows the span, bins start on the right day, empty bins are kept."""

from __future__ import annotations

import pytest

from newsprism.compare.attention import bin_start, bin_unit, binned_series, bins_between


@pytest.mark.parametrize("first, last, unit", [
    ("2025-03-01", "2025-03-01", "day"),
    ("2025-03-01", "2025-05-01", "day"),      # 61 days
    ("2025-03-01", "2025-05-31", "week"),     # 91 days
    ("2024-01-01", "2025-12-31", "week"),     # 730 days
    ("2020-01-01", "2025-12-31", "month"),
    ("2015-01-01", "2025-12-31", "month"),    # 11 years: 132 bars
    ("1990-01-01", "2025-12-31", "year"),
    ("2025-12-31", "2025-01-01", "week"),     # order does not matter
    (None, "2025-01-01", "day"),
    ("not a date", "2025-01-01", "day"),
])
def test_bin_unit_follows_the_span(first, last, unit):
    assert bin_unit(first, last) == unit


@pytest.mark.parametrize("value, unit, start", [
    ("2025-03-05", "day", "2025-03-05"),
    ("2025-03-05", "week", "2025-03-03"),     # a Wednesday: its Monday
    ("2025-03-03", "week", "2025-03-03"),     # a Monday: itself
    ("2025-01-01", "week", "2024-12-30"),     # the week crosses the year
    ("2025-03-05", "month", "2025-03-01"),
    ("2025-03-05T10:00:00", "month", "2025-03-01"),
    ("2025-03-05", "year", "2025-01-01"),
])
def test_bin_start(value, unit, start):
    assert bin_start(value, unit) == start


@pytest.mark.parametrize("value, unit", [("2025-13-01", "day"), ("", "day"), ("2025-03-05", "fortnight")])
def test_bin_start_refuses_bad_input(value, unit):
    with pytest.raises(ValueError):
        bin_start(value, unit)


@pytest.mark.parametrize("first, last, unit, bins", [
    ("2025-03-30", "2025-04-02", "day", ["2025-03-30", "2025-03-31", "2025-04-01", "2025-04-02"]),
    ("2025-03-05", "2025-03-20", "week", ["2025-03-03", "2025-03-10", "2025-03-17"]),
    ("2024-11-15", "2025-02-01", "month", ["2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01"]),
    ("2023-06-01", "2025-01-01", "year", ["2023-01-01", "2024-01-01", "2025-01-01"]),
])
def test_bins_between_keeps_empty_bins(first, last, unit, bins):
    assert bins_between(first, last, unit) == bins


def test_binned_series_one_series_per_outlet_over_shared_bins():
    rows = [{"published": "2025-03-03", "outlet": "Valdoria Today", "n": 2},
            {"published": "2025-03-05", "outlet": "Valdoria Today", "n": 1},
            {"published": "2025-03-18", "outlet": None, "n": 4},
            {"published": None, "outlet": "Meridian Wire", "n": 3}]
    got = binned_series(rows, "week")
    assert got["bins"] == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert got["series"] == {"Valdoria Today": [3, 0, 0], "outlet not known": [0, 0, 4]}
    assert got["undated"] == {"Meridian Wire": 3}
    assert sum(map(sum, got["series"].values())) + sum(got["undated"].values()) == sum(r["n"] for r in rows)


def test_binned_series_chooses_the_unit_and_widens_to_the_range_asked():
    rows = [{"published": "2025-03-03", "outlet": "A", "n": 1}]
    assert binned_series(rows)["unit"] == "day" and binned_series(rows)["bins"] == ["2025-03-03"]
    wide = binned_series(rows, date_from="2020-01-01", date_to="2025-12-31")
    assert wide["unit"] == "month" and wide["bins"][0] == "2020-01-01" and len(wide["bins"]) == 72
    assert sum(wide["series"]["A"]) == 1


def test_binned_series_of_nothing():
    assert binned_series([])["bins"] == [] and binned_series([])["series"] == {}
