"""Charts readable at any date range: bars per day, month or year; a speaker's statements counted."""

from __future__ import annotations

import pytest

from newsprism.web.views import bin_date, coverage_figure, speaker_figure, time_unit


@pytest.mark.parametrize("dates, unit", [
    (["2031-03-03", "2031-03-05"], "day"),
    (["2031-01-01", "2031-04-30"], "day"),
    (["2031-01-01", "2031-06-01"], "month"),
    (["2015-02-10", "2019-11-11"], "month"),
    (["2015-02-10", "2025-05-20"], "year"),
    ([], "day"),
    ([None, "bad"], "day"),
])
def test_time_unit(dates, unit):
    assert time_unit(dates) == unit


@pytest.mark.parametrize("value, unit, expected", [
    ("2031-03-05", "day", "2031-03-05"), ("2031-03-05", "month", "2031-03-01"), ("2031-03-05", "year", "2031-01-01"),
])
def test_bin_date(value, unit, expected):
    assert bin_date(value, unit) == expected


def test_ten_years_of_coverage_are_yearly_bars():
    rows = [{"published": f"{year}-0{m}-1{m}", "outlet": outlet, "n_articles": 1}
            for year in range(2015, 2026) for m in (1, 5) for outlet in ("A", "B")]
    figure = coverage_figure(rows)
    assert [t["name"] for t in figure["data"]] == ["A", "B"]
    assert figure["data"][0]["x"] == [f"{y}-01-01" for y in range(2015, 2026)]
    assert figure["data"][0]["y"] == [2] * 11 and figure["data"][0]["xperiod"] == "M12"


def test_many_statements_of_one_day_are_one_counted_bar():
    statements = [{"published": "2015-02-10", "source": "Wire <b>", "text": "x"}] * 20 + \
        [{"published": "2017-02-10", "source": "Wire <b>", "text": "y"}] * 5 + \
        [{"published": None, "source": "Other", "text": "undated"}]
    figure = speaker_figure(statements)
    assert len(figure["data"]) == 1 and figure["data"][0]["name"] == "Wire &lt;b&gt;"
    assert figure["data"][0]["x"] == ["2015-02-01", "2017-02-01"] and figure["data"][0]["y"] == [20, 5]
    assert figure["layout"]["legend"]["orientation"] == "h"
