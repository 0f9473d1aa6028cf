"""The span tagger's training labels (training/train_encoder_spans.py): content O/B/I and cue/source
per wordpiece, from brat spans. The text is fictional; no torch is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsprism.eval.polnear import GoldAttribution

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
from train_encoder_spans import char_labels, piece_labels  # noqa: E402

TEXT = "Mayor Ilse Varn said the dam is safe, but engineers warned it leaks."


def _span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def _pieces(words: list[str]) -> list[tuple[int, int]]:
    return [_span(w) for w in words]


ONE = GoldAttribution(content=(_span("the dam is safe"),), cue=(_span("said"),), source=(_span("Mayor Ilse Varn"),))
TWO = GoldAttribution(content=(_span("it leaks"),), cue=(_span("warned"),), source=(_span("engineers"),))


@pytest.mark.parametrize("attributions, words, tags, roles", [
    ((ONE,), ["Mayor", "said", "the", "dam", "safe", ",", "engineers"], [0, 0, 1, 2, 2, 0, 0], [2, 1, 0, 0, 0, 0, 0]),
    ((ONE, TWO), ["the", "safe", ",", "engineers", "warned", "it", "leaks"], [1, 2, 0, 0, 0, 1, 2],
     [0, 0, 0, 2, 1, 0, 0]),
    ((), ["Mayor", "said", "it"], [0, 0, 0], [0, 0, 0]),
])
def test_piece_labels(attributions, words, tags, roles):
    content, starts, role = char_labels(TEXT, attributions)
    assert piece_labels(_pieces(words), content, sorted(starts), role) == (tags, roles)


def test_adjacent_contents_get_a_new_begin_and_nested_ones_do_not():
    outer = GoldAttribution(content=(_span("the dam is safe, but engineers warned it leaks"),))
    inner = GoldAttribution(content=(_span("it leaks"),))
    content, starts, _ = char_labels(TEXT, (outer, inner))
    assert starts == {_span("the dam")[0]}  # the nested content is inside its container's I tags
    first = GoldAttribution(content=(_span("the dam"),))
    second = GoldAttribution(content=(_span("is safe"),))
    content, starts, _ = char_labels(TEXT, (first, second))
    tags, _ = piece_labels(_pieces(["the", "dam", "is", "safe"]), content, sorted(starts), _)
    assert tags == [1, 2, 1, 2]
