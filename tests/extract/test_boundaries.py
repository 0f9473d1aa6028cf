"""The content-boundary model: candidates, scoring, quote safety, the shipped weights (fictional text)."""

from __future__ import annotations

import pytest

from newsprism.extract.boundaries import (
    BOUNDARY_MODEL_PATH,
    BoundaryModel,
    candidates,
    cue_branches,
    end_features,
    load_boundary_model,
    refine_content,
    start_features,
)

TEXT = "Mayor Ines Calloway said on Tuesday that the ferry would keep running, which pleased the harbour staff."


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def _cue(doc, word="said"):
    return next(t for t in doc if t.text == word)


def _span(text, part):
    start = text.index(part)
    return start, start + len(part)


def test_candidates_stay_on_the_cue_line_and_skip_the_cue(nlp):
    text = "Calloway said the ferry would run.\nThe harbour closed at noon."
    doc = nlp(text)
    cue = _cue(doc)
    found = candidates(doc, *_span(text, "the ferry would run"), cue)
    assert found is not None
    words = {doc[i].text for i in found.starts + found.ends}
    assert "said" not in words and "." not in words
    assert all(doc[i].idx < text.index("\n") for i in found.starts + found.ends)
    assert doc[found.rule_start].text == "the" and doc[found.rule_end].text == "run"


def test_no_candidates_for_an_empty_span(doc):
    assert candidates(doc, 5, 5, _cue(doc)) is None


def test_features_are_the_token_part_plus_the_cue_part(doc):
    cue = _cue(doc)
    token = next(t for t in doc if t.text == "ferry")
    branches = cue_branches(cue)
    feats = start_features(token, cue, token.i, branches)
    assert "bias" in feats and "delta=0" in feats and feats == start_features(token, cue, token.i, branches)
    assert any(f.startswith("cue_branch=say|") for f in end_features(token, cue, token.i, branches))


def test_cue_branches_map_each_token_to_the_cue_child_above_it(doc):
    cue = _cue(doc)
    branches = cue_branches(cue)
    ferry = next(t for t in doc if t.text == "ferry")
    assert cue.i not in branches
    assert branches[ferry.i].i in {c.i for c in cue.children}
    assert ferry.i in {t.i for t in branches[ferry.i].subtree}


def _model(start: dict[str, float], end: dict[str, float], margin: float = 0.0) -> BoundaryModel:
    return BoundaryModel(start, end, margin)


def test_the_best_pair_follows_the_weights(doc):
    cue = _cue(doc)
    span = _span(TEXT, "that the ferry would keep running, which pleased the harbour staff")
    # Prefer a first word that is a determiner and a last word followed by a comma.
    model = _model({"word=the": 5.0}, {"next=,": 5.0})
    assert TEXT[slice(*refine_content(doc, span, cue, [], model))] == "the ferry would keep running"


def test_a_large_margin_keeps_the_rule_span(doc):
    cue = _cue(doc)
    span = _span(TEXT, "that the ferry would keep running, which pleased the harbour staff")
    model = _model({"word=the": 5.0}, {"next=,": 5.0}, margin=100.0)
    assert refine_content(doc, span, cue, [], model) == (span[0], span[1])


def test_quoted_parts_stay_whole(nlp):
    text = "Calloway described the plan as “a ferry that never stops running” on Tuesday."
    doc = nlp(text)
    cue = _cue(doc, "described")
    quote = _span(text, "“a ferry that never stops running”")
    span = (text.index("the plan"), quote[1])
    model = _model({"word=VERB": 9.0}, {})  # would start inside the quote, at "stops"
    start, end = refine_content(doc, span, cue, [quote], model)
    assert start <= quote[0] and end >= quote[1]


def test_a_missing_model_raises_instead_of_keeping_the_span(doc, tmp_path):
    from newsprism.extract import linear

    with pytest.raises(linear.ModelFileError, match="none.json"):
        BoundaryModel.load(tmp_path / "none.json")
    span = _span(TEXT, "that the ferry would keep running, which pleased the harbour staff")
    try:
        linear.configure("boundary", path=tmp_path / "none.json")
        with pytest.raises(linear.ModelFileError, match="none.json") as caught:
            refine_content(doc, span, _cue(doc), [])
        assert caught.value.rule == "model-missing"
    finally:
        linear.configure("boundary")


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "m.json"
    _model({"a": 1.23456, "tiny": 0.001}, {"b": -2.0}, margin=0.5).save(path)
    loaded = BoundaryModel.load(path)
    assert loaded.start_weights == {"a": 1.235} and loaded.end_weights == {"b": -2.0} and loaded.margin == 0.5


def test_shipped_model_is_small_and_loads():
    assert BOUNDARY_MODEL_PATH.stat().st_size < 50 * 1024 * 1024
    model = load_boundary_model()
    assert model.start_weights and model.end_weights


@pytest.mark.parametrize(
    "text, content",
    [
        # A complementizer is not content; a trailing comment on the news is not what was said.
        ("Calloway told the Harbour Gazette that the ferry would keep running.", "the ferry would keep running"),
        ("The harbour board said the ferry would keep running all winter.", "the ferry would keep running all winter"),
    ],
)
def test_shipped_model_on_plain_reports(nlp, text, content):
    from newsprism.extract.statements import find_statements

    statements = [s for s in find_statements(nlp(text), [], []) if s.kind == "indirect"]
    assert [s.text for s in statements] == [content]
