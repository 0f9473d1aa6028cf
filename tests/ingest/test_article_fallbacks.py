"""Direct tests of ingest/article.py: the outlet falls back to the URL's host."""

from __future__ import annotations

import pytest

from newsprism.ingest.article import domain_of


@pytest.mark.parametrize("url, expected", [
    ("https://www.gazette.example/2031/bridge", "gazette.example"),
    ("http://news.gazette.example:8080/a?b=c", "news.gazette.example"),
    ("gazette.example/bridge", "gazette.example"),   # no scheme
    ("HTTPS://WWW.Gazette.Example/", "gazette.example"),
    ("https://wwwx.example/", "wwwx.example"),       # only a "www." label is dropped
    ("", None), (None, None), ("/just/a/path", None),
])
def test_domain_of(url, expected):
    assert domain_of(url) == expected
