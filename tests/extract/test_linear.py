"""The one linear model behind the cue, statement and boundary models: scoring, files, registry (fictional text)."""

from __future__ import annotations

import json
import math

import pytest

from newsprism.extract import linear
from newsprism.extract.boundaries import (
    BOUNDARY_MODEL_PATH,
    BoundaryModel,
    candidates,
    cue_branches,
    end_cue_features,
    end_features,
    end_token_features,
    load_boundary_model,
    refine_content,
    start_cue_features,
    start_features,
    start_token_features,
)
from newsprism.extract.confidence import (
    JUDGED_KINDS,
    STATEMENT_MODEL_PATH,
    StatementModel,
    load_statement_model,
    statement_features,
)
from newsprism.extract.cues import (
    MODEL_PATH,
    CueModel,
    TokenAttributes,
    candidate_tokens,
    cue_features,
    load_cue_lexicon,
    load_cue_model,
)
from newsprism.extract.linear import LinearModel, ModelFileError
from newsprism.extract.statements import find_statements, scored_statements

SHIPPED = [("cue", CueModel, MODEL_PATH), ("statement", StatementModel, STATEMENT_MODEL_PATH),
           ("boundary", BoundaryModel, BOUNDARY_MODEL_PATH)]


# -- the model -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "weights, features, score",
    [
        ({"bias": -1.0, "a": 2.0}, ["bias", "a"], 1.0),
        ({"bias": -1.0, "a": 2.0}, ["bias", "unseen"], -1.0),  # unknown features weigh nothing
        ({"a": 2.0}, ["a", "a"], 4.0),  # a feature listed twice counts twice
        ({}, ["bias"], 0.0),
        ({"a": 1.5}, [], 0.0),
    ],
)
def test_score_is_the_sum_of_the_listed_weights(weights, features, score):
    model = LinearModel(weights)
    assert model.score(features) == score
    assert model.probability(features) == pytest.approx(1 / (1 + math.exp(-score)))


@pytest.mark.parametrize("score, probability", [(0.0, 0.5), (1000.0, linear.sigmoid(30.0)),
                                                (-1000.0, linear.sigmoid(-30.0))])
def test_sigmoid_clips_instead_of_overflowing(score, probability):
    assert linear.sigmoid(score) == probability
    assert 0.0 < linear.sigmoid(score) < 1.0


def test_bias_and_feature_names():
    model = LinearModel({"b": 1.0, "bias": -0.5, "a": 2.0})
    assert model.bias == -0.5 and LinearModel({"a": 1.0}).bias == 0.0
    assert model.feature_names == ("a", "b", "bias")


def test_rounded_weights_round_drop_and_sort():
    assert list(linear.rounded_weights({"z": 1.23456, "tiny": 0.004, "a": -0.0051}).items()) == [
        ("a", -0.005), ("z", 1.235)]


# -- the registry --------------------------------------------------------------------

def test_the_three_models_are_registered_with_their_feature_functions():
    specs = linear.registered()
    assert {name for name, _, _ in SHIPPED} <= set(specs)
    assert dict(specs["cue"].tables) == {"weights": cue_features}
    assert dict(specs["statement"].tables) == {"weights": statement_features}
    assert dict(specs["boundary"].tables) == {"start": start_features, "end": end_features}
    for name, cls, path in SHIPPED:
        assert specs[name].path == path
        assert isinstance(linear.shipped(name), cls)
    assert load_cue_model() is linear.shipped("cue") and load_statement_model() is linear.shipped("statement")
    assert load_boundary_model() is linear.shipped("boundary")


def test_configure_overrides_a_setting_until_reset():
    shipped = load_statement_model()
    assert shipped.threshold != 0.9
    try:
        linear.configure("statement", threshold=0.9)
        configured = load_statement_model()
        assert configured is not shipped and configured.threshold == 0.9
        assert configured.weights == shipped.weights
        assert StatementModel.load(STATEMENT_MODEL_PATH).threshold == 0.9
    finally:
        linear.configure("statement")
    assert load_statement_model().threshold == shipped.threshold


def test_configure_a_missing_file_fails_on_load_naming_it(tmp_path):
    missing = tmp_path / "elsewhere.json"
    try:
        linear.configure("boundary", path=missing)
        with pytest.raises(ModelFileError) as caught:
            load_boundary_model()
        assert caught.value.rule == "model-missing" and str(missing) in str(caught.value)
    finally:
        linear.configure("boundary")
    assert load_boundary_model().start_weights


@pytest.mark.parametrize(
    "name, settings, value",
    [
        ("nonesuch", {}, "nonesuch"),  # no such model
        ("cue", {"margin": 1.0}, "margin"),  # no such setting for this model
        ("boundary", {"threshold": 0.5}, "threshold"),
    ],
)
def test_configure_rejects_unknown_models_and_settings(name, settings, value):
    with pytest.raises(ModelFileError) as caught:
        linear.configure(name, **settings)
    assert caught.value.rule == "model-unknown" and caught.value.value == value


@pytest.mark.parametrize("name, settings", [("cue", {"threshold": 1.5}), ("statement", {"threshold": "high"}),
                                            ("boundary", {"margin": None})])
def test_configure_rejects_bad_values(name, settings):
    with pytest.raises(ModelFileError) as caught:
        linear.configure(name, **settings)
    assert caught.value.rule == "model-malformed"
    assert linear.registered()[name].overrides == {}


# -- files ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "model, same",
    [
        (CueModel({"bias": -1.0, "lemma=say": 2.5}, 0.35, frozenset({"say", "tell"})),
         lambda a, b: (a.weights, a.threshold, a.vocabulary) == (b.weights, b.threshold, b.vocabulary)),
        (CueModel({"bias": 0.25}, 0.5, None),
         lambda a, b: (a.weights, a.threshold, a.vocabulary) == (b.weights, b.threshold, b.vocabulary)),
        (StatementModel({"kind=direct": 1.5, "bias": -0.125}, 0.4),
         lambda a, b: (a.weights, a.threshold) == (b.weights, b.threshold)),
        (BoundaryModel({"word=the": 5.0}, {"next=,": -2.5}, margin=0.5),
         lambda a, b: (a.start_weights, a.end_weights, a.margin) == (b.start_weights, b.end_weights, b.margin)),
    ],
)
def test_save_load_round_trip(tmp_path, model, same):
    path = tmp_path / "sub" / "model.json"
    model.save(path)
    loaded = type(model).load(path)
    assert type(loaded) is type(model) and same(loaded, model)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == linear.FORMAT
    assert not list(path.parent.glob("*.partial"))


def test_save_rounds_and_drops_tiny_weights(tmp_path):
    path = tmp_path / "m.json"
    StatementModel({"kind=direct": 1.23456, "tiny": 0.001}, 0.4).save(path)
    assert StatementModel.load(path).weights == {"kind=direct": 1.235}


@pytest.mark.parametrize("name, cls, path", SHIPPED)
def test_shipped_files_load_unchanged_and_save_back_identically(tmp_path, name, cls, path):
    """The shared save (used by the training scripts) writes the shipped file again, plus its version line."""
    out = tmp_path / path.name
    cls.load(path).save(out)
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8").replace(
        "{\n", f'{{\n"format": {linear.FORMAT},\n', 1)


@pytest.mark.parametrize("name, cls, path", SHIPPED)
def test_a_missing_file_raises_naming_it(tmp_path, name, cls, path):
    missing = tmp_path / "none.json"
    with pytest.raises(ModelFileError) as caught:
        cls.load(missing)
    assert caught.value.rule == "model-missing" and caught.value.path == missing
    assert str(missing) in str(caught.value) and name in str(caught.value)
    assert linear.registered()[name].trained_by in str(caught.value)


@pytest.mark.parametrize(
    "cls, text, code, says",
    [
        (CueModel, "", "model-malformed", "not JSON"),
        (CueModel, '{"weights": {"a": 1.0}', "model-malformed", "not JSON"),
        (CueModel, '["weights"]', "model-malformed", "JSON object"),
        (CueModel, '{"threshold": 0.3}', "model-malformed", "no weight table 'weights'"),
        (CueModel, '{"weights": [1, 2]}', "model-malformed", "not an object"),
        (CueModel, '{"weights": {"a": "1.0"}}', "model-malformed", "'a'"),
        (CueModel, '{"weights": {"a": true}}', "model-malformed", "'a'"),
        (CueModel, '{"threshold": 3, "weights": {}}', "model-malformed", "threshold"),
        (CueModel, '{"vocabulary": [1, 2], "weights": {}}', "model-malformed", "vocabulary"),
        (CueModel, '{"format": 2, "weights": {}}', "model-format", "newer"),
        (CueModel, '{"format": "1", "weights": {}}', "model-malformed", "format"),
        (StatementModel, '{"weights": {"bias": 1.0}}', "model-malformed", "threshold"),
        (BoundaryModel, '{"margin": 0.0, "start": {}}', "model-malformed", "'end'"),
        (BoundaryModel, '{"margin": "wide", "start": {}, "end": {}}', "model-malformed", "margin"),
    ],
)
def test_a_malformed_file_raises_naming_it(tmp_path, cls, text, code, says):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFileError) as caught:
        cls.load(path)
    assert caught.value.rule == code and caught.value.path == path
    assert str(path) in str(caught.value) and says in str(caught.value)


@pytest.mark.parametrize(
    "cls, text",
    [
        (CueModel, '{"weights": {"bias": 1}}'),  # threshold and vocabulary default
        (StatementModel, '{"threshold": 1, "direct_threshold": 0.5, "weights": {}}'),
        (BoundaryModel, '{"start": {}, "end": {}}'),  # margin defaults to 0
    ],
)
def test_settings_with_defaults_may_be_absent(tmp_path, cls, text):
    path = tmp_path / "m.json"
    path.write_text(text, encoding="utf-8")
    assert isinstance(cls.load(path), cls)


def test_save_refuses_tables_the_model_does_not_have(tmp_path):
    with pytest.raises(ModelFileError) as caught:
        linear.save("statement", tmp_path / "m.json", {"start": LinearModel({})}, {"threshold": 0.5})
    assert caught.value.rule == "model-unknown"
    assert not (tmp_path / "m.json").exists()


# -- the shipped models score as before -----------------------------------------------

TEXT = ("Mayor Ines Calloway said on Tuesday that the ferry would keep running, which pleased the harbour staff. "
        "“We will not cut the night service,” she told reporters. "
        "The harbour board believes the fares will rise, according to Dr. Osei Brandt.")
CONTENT = "that the ferry would keep running, which pleased the harbour staff"

# Written by running the three models' own code before they shared LinearModel (commit 6f12220).
CUE_SCORES = [(3, 0.9583135945459759), (4, 0.001678792987273351), (9, 0.0010209502458699668),
              (10, 0.00827669834764564), (11, 0.0009119618700130112), (14, 0.11993983842014681),
              (21, 0.002342947103524241), (23, 0.009951801866904324), (30, 0.9685072924569693),
              (36, 0.7627833160871111), (39, 0.0006984138951827304), (40, 0.0056919170171947945),
              (42, 0.9215069331253022), (43, 0.0020994043628959473)]
STATEMENT_SCORES = [(41, 102, "indirect", 0.8249137318359602), (104, 140, "direct", 0.9367902000792533),
                    (161, 207, "indirect", 0.7970568312888584)]
START_SCORES = [(4, -5.217), (5, -3.5319999999999996), (6, -4.896), (7, 4.566), (8, -7.1019999999999985),
                (9, -5.6339999999999995), (10, -7.856999999999998), (11, -9.004000000000001), (13, -2.884),
                (14, -7.9350000000000005)]
END_SCORES = [(8, -8.280000000000001), (10, -9.436), (11, -1.0739999999999998), (14, -7.747),
              (17, 2.5999999999999996)]
FOUND = [(41, 102, "indirect"), (104, 140, "direct"), (161, 207, "indirect")]


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def _approx(pairs):
    return [(*rest, pytest.approx(score, rel=1e-12, abs=1e-12)) for *rest, score in pairs]


def test_cue_scores_are_unchanged(doc):
    model, lexicon, table = load_cue_model(), load_cue_lexicon(), TokenAttributes.of(doc)
    scores = [(t.i, model.probability(cue_features(t, False, lexicon, table)))
              for t in candidate_tokens(doc, model.vocabulary, table)]
    assert scores == _approx(CUE_SCORES)


def test_statement_scores_are_unchanged(doc):
    model = load_statement_model()
    scored = scored_statements(doc, [], [])
    statements = [s for s, _ in scored]
    scores = [(s.start, s.end, s.kind, model.probability(statement_features(doc, s, cue_score, statements)))
              for s, cue_score in scored if s.kind in JUDGED_KINDS]
    assert scores == _approx(STATEMENT_SCORES)
    assert [(s.start, s.end, s.kind) for s in find_statements(doc, [], [])] == FOUND


def test_boundary_scores_are_unchanged(doc):
    model = load_boundary_model()
    cue = next(t for t in doc if t.text == "said")
    span = (TEXT.index(CONTENT), TEXT.index(CONTENT) + len(CONTENT))
    found = candidates(doc, *span, cue)
    branches = cue_branches(cue)
    starts = [(i, model.start.score(start_token_features(doc[i]))
               + model.start.score(start_cue_features(doc[i], cue, found.rule_start, branches))) for i in found.starts]
    ends = [(i, model.end.score(end_token_features(doc[i]))
             + model.end.score(end_cue_features(doc[i], cue, found.rule_end, branches))) for i in found.ends]
    assert starts == _approx(START_SCORES) and ends == _approx(END_SCORES)
    assert refine_content(doc, span, cue, []) == (41, 102)
