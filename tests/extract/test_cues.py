"""The cue lexicon and the shipped cue model."""

from __future__ import annotations

import pytest

from newsprism.extract.cues import (
    MODEL_PATH,
    CueModel,
    find_cues,
    load_cue_lexicon,
    load_cue_model,
)
from newsprism.extract.linear import ModelFileError


def test_lexicon_has_categories():
    lexicon = load_cue_lexicon()
    assert lexicon["say"] == "speech"
    assert lexicon["according_to"] == "marker"
    assert set(lexicon.values()) <= {"speech", "writing", "belief", "evidence", "marker"}


def test_shipped_model_is_small_and_loads():
    assert MODEL_PATH.stat().st_size < 50 * 1024 * 1024
    model = load_cue_model()
    assert 0 < model.threshold < 1
    assert "say" in model.vocabulary


def test_missing_model_raises(tmp_path):
    with pytest.raises(ModelFileError, match="none.json") as caught:
        CueModel.load(tmp_path / "none.json")
    assert caught.value.rule == "model-missing"


@pytest.mark.parametrize(
    "text, cues",
    [
        ("Reyes said the ferry would run.", ["said"]),
        ("The ferry will run, according to Reyes.", ["according"]),
        ("The ferry ran on Monday.", []),
    ],
)
def test_find_cues(nlp, text, cues):
    doc = nlp(text)
    assert [t.text for t, _ in find_cues(doc, [False] * len(doc))] == cues


def test_no_cues_without_parse():
    import spacy

    doc = spacy.blank("en")("Reyes said the ferry would run.")
    assert list(find_cues(doc, [False] * len(doc))) == []
