"""Page layout helpers of the explorer: the coverage chart (story layout lives in compare.story)."""

from __future__ import annotations

from newsprism.web.views import coverage_figure


def test_coverage_figure_escapes_names_and_stacks_outlets():
    figure = coverage_figure([{"published": "2031-01-01", "outlet": "<b>X</b>", "n_articles": 2},
                              {"published": "2031-01-02", "outlet": "Y", "n_articles": 1}])
    assert [t["name"] for t in figure["data"]] == ["&lt;b&gt;X&lt;/b&gt;", "Y"]
    assert figure["data"][0]["y"] == [2] and figure["layout"]["barmode"] == "stack"
