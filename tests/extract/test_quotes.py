"""Quote-mark pairing (fictional sentences written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.extract.quotes import find_quote_spans


def _inner(text: str) -> list[str]:
    return [text[q.inner_start:q.inner_end] for q in find_quote_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mayor Lind said “we will rebuild the bridge.”", ["we will rebuild the bridge."]),
        ('Mayor Lind said "we will rebuild."', ["we will rebuild."]),
        ("“The river rose,” she said, “and then it fell.”", ["The river rose,", "and then it fell."]),
        ("« Nous restons », a-t-il dit.", ["Nous restons"]),
        ("“He told me ‘never again’ twice,” Ruiz said.", ["He told me ‘never again’ twice,"]),
        ("The council called them ‘moderate’ voices.", ["moderate"]),
        ("The group's leader said it's over, isn't it.", []),  # apostrophes only
        ("The voters’ choice was clear.", []),  # plural possessive, no opener
        ("''The river rose,'' Ruiz said. ''It fell again.''", ["The river rose,", "It fell again."]),  # '' as "
        ("The dock's ''new'' gate is the harbour's pride.", ["new"]),
        ("No quotes here at all.", []),
        ("", []),
    ],
)
def test_pairs_quote_marks(text, expected):
    assert _inner(text) == expected


def test_unclosed_quote_ends_at_paragraph():
    text = "“We will stay here,\n\nThe next paragraph is narration."
    spans = find_quote_spans(text)
    assert [text[q.inner_start:q.inner_end] for q in spans] == ["We will stay here,"]
    assert not spans[0].closed


def test_multi_paragraph_quote_is_chained():
    text = "“First part of the speech.\n\n“Second part of the speech,” said Ortega."
    spans = find_quote_spans(text)
    assert len(spans) == 2
    assert not spans[0].closed and spans[1].continues


def test_long_quote_is_one_span():
    body = " ".join(["word"] * 5000)
    text = f"She said “{body}” and left."
    spans = find_quote_spans(text)
    assert len(spans) == 1 and spans[0].length == len(body)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»:")), max_size=120))
def test_never_crashes_and_spans_are_inside_text(text):
    for q in find_quote_spans(text):
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
