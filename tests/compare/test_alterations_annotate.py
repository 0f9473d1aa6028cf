"""Links between quotes carry what the later version changed; paraphrase links do not (fictional quotes)."""

from __future__ import annotations

import pytest

from newsprism.compare.alterations import annotate_links
from newsprism.compare.coverage import coverage


def statement(quote_id, text, quoted=None, kind="direct"):
    return {"quote_id": quote_id, "article_id": quote_id.split(":")[0], "start": 0, "text": text, "kind": kind,
            "quoted": quoted or [], "speaker": "Ola Nord"}


@pytest.mark.parametrize("later, relation, cls", [
    ("“We will not close the mine,” she said.", "altered", "meaning"),
    ("“We will close the mine,” she said.", "identical", "identical"),
    ("“We will close the old mine,” she said.", "altered", "substituted"),
    ("She said they would close the mine.", "paraphrase", None),
])
def test_annotate_links(later, relation, cls):
    first = statement("a1:0-30", "“We will close the mine,” she said.", [[1, 24]])
    quoted = [[1, later.index("”")]] if later.startswith("“") else []
    second = statement("b1:0-40", later, quoted, kind="direct" if quoted else "indirect")
    (link,) = annotate_links([{"quote_a": "a1:0-30", "quote_b": "b1:0-40", "relation": relation, "diff": []}],
                             [first, second])
    assert link["alteration"] == cls
    rows = coverage([first, second], [link], {"a1": "A", "b1": "B"}, ["A", "B"])
    assert rows[0]["carried_by"]["B"][0]["alterations"] == ([cls] if cls else [])
