"""The span tagger experiment (training/experiments/span_tagger.py): wordpiece windows, content spans
from tags, re-cutting and dropping rule statements, and a clear error when the model is missing.
Tags are synthetic and the text fictional; the model itself is not needed (nor shipped)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.records import Statement

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training" / "experiments"))
import span_tagger as spans  # noqa: E402


FICTION = ("The harbour master of Vell, Oda Brisk, said the ferry would stop running in March. "
           "Gulls circled over the pier.")


def _tags(text: str, content: dict[tuple[int, int], float], begins: tuple[int, ...] = ()) -> spans.Tags:
    n = len(text)
    tags = spans.Tags(np.zeros(n, np.float32), np.zeros(n, np.float32), np.zeros(n, np.float32),
                      np.zeros(n, np.float32), np.ones(n, bool))
    for (a, b), p in content.items():
        tags.content[a:b] = p
    for a in begins:
        tags.begin[a] = 0.9
    return tags


def _indirect(text: str, start: int, end: int, **kw) -> Statement:
    return Statement(start=start, end=end, text=text[start:end], kind=kw.pop("kind", "indirect"), **kw)


@pytest.mark.parametrize("pieces, limit, expected", [
    (["a"] * 5, 10, [(0, 5)]),
    (["a"] * 10, 4, [(0, 4), (4, 8), (8, 10)]),
    (["a", "b", "c", ".", "d", "e"], 4, [(0, 4), (4, 6)]),   # a full stop in the last quarter ends the window
    (["a", ".", "b", "c", "d", "e"], 4, [(0, 4), (4, 6)]),   # one too early does not
    ([], 4, []),
])
def test_piece_windows(pieces, limit, expected):
    text = " ".join(pieces)
    offsets, pos = [], 0
    for piece in pieces:
        offsets.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    assert spans.piece_windows(offsets, text, limit) == expected


def test_content_spans_split_at_a_begin_tag_and_stop_at_outside():
    text = "aaaa bbbb cccc dddd"
    tags = _tags(text, {(0, 9): 0.9, (10, 14): 0.2, (15, 19): 0.9}, begins=(5,))
    assert spans.content_spans(tags, 0, len(text)) == [(0, 5), (5, 9), (15, 19)]
    assert spans.content_spans(_tags(text, {}), 0, len(text)) == []


@pytest.mark.parametrize("content, kind, agree, expected", [
    ({(44, 82): 0.9}, "indirect", 0.5, (44, 82)),       # the tagger ends the content at the sentence's end
    ({(48, 75): 0.9}, "indirect", 0.3, (48, 75)),       # trims a lead word and a tail
    ({(48, 75): 0.9}, "indirect", 0.5, None),           # too different from the rules' span: keep it
    ({(44, 82): 0.9}, "direct", 0.5, None),             # a direct quote keeps its quoted words
    ({(0, 4): 0.9}, "indirect", 0.5, None),             # nothing under the statement: keep it
    ({(28, 37): 0.9, (44, 82): 0.9}, "indirect", 0.5, (44, 82)),  # content tags on the speaker are ignored
])
def test_recut(content, kind, agree, expected):
    text = FICTION
    statement = _indirect(text, 44, 111, kind=kind, cue_start=39, cue_end=43, speaker_start=28, speaker_end=37)
    assert spans.recut(text, statement, _tags(text, content), spans.Settings(agree=agree)) == expected


def test_apply_tags_drops_only_below_the_threshold():
    text = FICTION
    statements = [_indirect(text, 44, 82), _indirect(text, 83, 111)]
    tags = _tags(text, {(44, 82): 0.9, (83, 111): 0.1})
    kept = spans.apply_tags(text, statements, tags, spans.Settings(drop=0.3))
    assert [(s.start, s.end) for s in kept] == [(44, 82)]
    assert len(spans.apply_tags(text, statements, tags, spans.Settings(drop=0.0))) == 2


def test_missing_span_model_gives_a_clear_error(tmp_path):
    with pytest.raises(spans.SpanTaggerLoadError, match=r"model\.onnx.*train_encoder_spans"):
        spans.SpanTagger(tmp_path)


def test_regions_cover_the_statement_sentences_only_and_merge():
    from newsprism.nlp import load_nlp

    doc = load_nlp()(FICTION)
    first = _indirect(FICTION, 44, 82, cue_start=39, cue_end=43, speaker_start=28, speaker_end=37)
    second = _indirect(FICTION, 83, 111)
    assert spans.regions(doc, [first]) == [(0, 82)]                      # its sentence, not the next
    assert spans.regions(doc, [first, first]) == [(0, 82)]               # merged
    assert spans.regions(doc, [first, second]) == [(0, 82), (83, 111)]
    assert spans.regions(doc, [first], margin=5) == [(22, 82)]           # 5 characters before the speaker, to a word
    assert spans.regions(doc, []) == []
