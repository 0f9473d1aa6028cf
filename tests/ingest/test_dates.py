"""Dates: metadata normalisation and the first publication-like date in a text."""

from __future__ import annotations

import pytest

from newsprism.ingest.dates import find_text_date, normalise_date


@pytest.mark.parametrize("value, expected", [
    ("2017-02-10", "2017-02-10"),
    ("2017-02-10T09:30:00+01:00", "2017-02-10"),
    ("2017/2/3", "2017-02-03"),
    ("Feb. 10, 2017", "2017-02-10"),
    ("10 February 2017", "2017-02-10"),
    ("Published: September 26, 2016 4:10 pm", "2016-09-26"),
    ("", None),
    (None, None),
    ("yesterday", None),
    ("2017-02-30", None),  # no such day
    ("1850-01-01", None),  # not a plausible publication year
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("BEIRUT — Assad spoke in Damascus, Syria, on Feb. 10, 2017. He said…", "2017-02-10"),
    ("An interview in the capital Damascus on February 8, 2015 which was released on February 10, 2015.",
     "2015-02-08"),
    ("LONDON, 3 March 2021 (Wire) — The minister said", "2021-03-03"),
    ("Posted 2019-11-08 by staff\n\nText.", "2019-11-08"),
    ("On Sept. 26th, 2016, the debate began.", "2016-09-26"),
    # negative cases: no full date, or an impossible one
    ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate", None),
    ("The talks resume on Friday, officials said.", None),
    ("In 2016 the party lost 12 seats.", None),
    ("It may 10 times be said, 2017 aside.", None),
    ("The deadline is February 30, 2017.", None),
])
def test_find_text_date(text, expected):
    assert find_text_date(text) == expected


def test_find_text_date_only_looks_near_the_start():
    text = "Headline\n\n" + "Words without dates. " * 200 + "On March 3, 2021 it rained."
    assert find_text_date(text) is None
    assert find_text_date(text, window=len(text)) == "2021-03-03"
