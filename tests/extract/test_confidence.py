"""The statement-level filter: which kinds it judges, its threshold, its features (fictional text)."""

from __future__ import annotations

import pytest

from newsprism.extract.confidence import (
    JUDGED_KINDS,
    STATEMENT_MODEL_PATH,
    StatementModel,
    load_statement_model,
    statement_features,
)
from newsprism.extract.linear import ModelFileError
from newsprism.extract.statements import find_statements, scored_statements
from newsprism.records import Statement

TEXT = "“We will rebuild,” Calloway said. The harbour board believes the ferry will run. Q. Will it?"


def _statement(start, end, kind, cue=None, text=TEXT):
    cue_start, cue_end = cue if cue else (None, None)
    return Statement(start=start, end=end, text=text[start:end], kind=kind,
                     cue=text[cue_start:cue_end] if cue else None, cue_lemma=None,
                     cue_start=cue_start, cue_end=cue_end)


def test_kinds_outside_the_model_are_always_kept(nlp):
    doc = nlp(TEXT)
    never = StatementModel({"bias": -50.0}, threshold=0.5)
    block = _statement(0, 10, "block")
    qa = _statement(0, 10, "qa")
    indirect = _statement(0, 10, "indirect")
    assert never.keep(doc, [(block, 1.0), (qa, 1.0), (indirect, 1.0)]) == [block, qa]
    assert set(JUDGED_KINDS) == {"direct", "mixed", "indirect"}


def test_threshold_decides(nlp):
    doc = nlp(TEXT)
    model = StatementModel({"bias": 0.0, "kind=direct": 3.0, "kind=indirect": -3.0}, threshold=0.5)
    direct, indirect = _statement(0, 17, "direct"), _statement(40, 60, "indirect")
    assert model.keep(doc, [(direct, 0.9), (indirect, 0.9)]) == [direct]


def test_nested_cue_is_a_feature(nlp):
    doc = nlp(TEXT)
    outer = _statement(0, 80, "indirect")
    cue = (TEXT.index("believes"), TEXT.index("believes") + len("believes"))
    inner = _statement(TEXT.index("the ferry"), TEXT.index("will run") + 8, "indirect", cue)
    assert "nested=True" in statement_features(doc, inner, 0.8, [outer, inner])
    assert "nested=False" in statement_features(doc, inner, 0.8, [inner])
    assert "score=<0.9" in statement_features(doc, inner, 0.85, [inner])
    assert "score=>=0.9" in statement_features(doc, inner, 0.95, [inner])


def test_save_load_and_missing(tmp_path):
    with pytest.raises(ModelFileError, match="none.json") as caught:
        StatementModel.load(tmp_path / "none.json")
    assert caught.value.rule == "model-missing"
    path = tmp_path / "m.json"
    StatementModel({"kind=direct": 1.23456, "tiny": 0.001}, 0.4).save(path)
    loaded = StatementModel.load(path)
    assert loaded.weights == {"kind=direct": 1.235} and loaded.threshold == 0.4


def test_shipped_model_loads_and_filters_only_judged_kinds(nlp):
    assert STATEMENT_MODEL_PATH.stat().st_size < 50 * 1024 * 1024
    model = load_statement_model()
    assert 0 < model.threshold < 1
    doc = nlp(TEXT)
    everything = [s for s, _ in scored_statements(doc, [], [])]
    kept = find_statements(doc, [], [])
    assert set(kept) <= set(everything)
    assert [s for s in everything if s.kind not in JUDGED_KINDS] == [s for s in kept if s.kind not in JUDGED_KINDS]
    assert find_statements(doc, [], [], keep_all=True) == everything
    assert any(s.kind == "direct" and "We will rebuild" in s.text for s in kept)
