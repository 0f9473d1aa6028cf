"""The statement-level filter: which kinds it judges, its threshold, its features (fictional text)."""

from __future__ import annotations

import pytest

from newsprism.extract.confidence import (
    JUDGED_KINDS,
    STATEMENT_MODEL_PATH,
    StatementModel,
    drop_echoed_quotes,
    is_non_comment,
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


# -- echoed quotes: the same quoted words reported twice are one statement --------------------

ECHO = "Lind called the plan “a costly mistake” and said the chief had called it “a disaster” again."


def _at(phrase, kind, cue=None, text=ECHO):
    start = text.index(phrase)
    cue_span = (text.index(cue), text.index(cue) + len(cue)) if cue else None
    return _statement(start, start + len(phrase), kind, cue_span, text)


OUTER = _at("the plan “a costly mistake” and said the chief had called it “a disaster”", "mixed", "called")


@pytest.mark.parametrize("inner, dropped", [
    (_at("“a costly mistake”", "direct"), True),                       # cue-less copy of quoted words
    (_at("“a costly mistake”", "direct", "Lind"), True),               # its cue outside the outer statement
    (_at("“a disaster”", "direct", "had called"), False),              # speech inside speech: own cue inside
    (_at("the chief had called it “a disaster”", "indirect", "said"), False),   # not a direct quote
    (_at("“a disaster” again", "direct"), False),                      # runs past the outer statement
])
def test_echoed_quotes_are_dropped_nested_speech_is_not(inner, dropped):
    kept = drop_echoed_quotes([OUTER, inner])
    assert (inner not in kept) is dropped
    assert OUTER in kept


def test_a_quote_inside_an_indirect_statement_or_itself_is_not_an_echo():
    indirect = _at("the plan “a costly mistake” and said", "indirect", "called")
    quote = _at("“a costly mistake”", "direct")
    assert drop_echoed_quotes([indirect, quote]) == [indirect, quote]
    assert drop_echoed_quotes([OUTER]) == [OUTER]


# -- the shipped filter on invented sentences: reported speech survives -----------------------

@pytest.mark.parametrize("sentence, content", [
    ("Mayor Ana Lind said the bridge would reopen in May.", "the bridge would reopen in May"),
    ("The harbour board said on Tuesday that ferry fares would rise next year.", "ferry fares would rise"),
    ("Ortega told reporters the talks with the union had failed.", "the talks with the union had failed"),
    ("According to the city engineer, the tunnel will close for repairs.", "the tunnel will close"),
    ("Lind denied that she had spoken to the developer.", "she had spoken to the developer"),
    ("“We will rebuild the pier,” Harbourmaster Juno Reyes said.", "We will rebuild the pier"),
])
def test_real_indirect_and_direct_speech_survives_the_filter(nlp, sentence, content):
    kept = find_statements(nlp(sentence), [], [])
    assert any(content in s.text and s.kind in JUDGED_KINDS for s in kept), [s.text for s in kept]


@pytest.mark.parametrize("sentence, statement", [
    ("The ministry would not comment on the report.", None),
    ("A spokesman for the port did not respond to a request for comment.", None),
    ("Ortega declined to comment.", None),
    ("Ortega refused to comment on whether the talks had failed.", None),
    ("Ortega commented that the talks had failed.", "the talks had failed"),        # a comment is made
    ("Lind responded that the fees would not rise.", "the fees would not rise"),    # a negation inside the content
    ("Lind did not say whether the fees would rise.", "whether the fees would rise"),  # not a comment verb
])
def test_would_not_comment_is_no_statement(nlp, sentence, statement):
    found = [s.text for s in find_statements(nlp(sentence), [], []) if s.kind in JUDGED_KINDS]
    assert found == ([statement] if statement else [])


@pytest.mark.parametrize("sentence, non_comment", [
    ("The ministry would not comment on the report.", True),
    ("Ortega declined to comment.", True),
    ("Ortega commented that the talks had failed.", False),
    ("Ortega declined the invitation.", False),
])
def test_is_non_comment_reads_the_cue(nlp, sentence, non_comment):
    doc = nlp(sentence)
    cue = next(t for t in doc if t.lemma_ in ("comment", "decline"))
    statement = Statement(start=cue.idx + len(cue), end=len(sentence) - 1, text=sentence[cue.idx + len(cue):-1],
                          kind="indirect", cue=cue.text, cue_lemma=cue.lemma_, cue_start=cue.idx,
                          cue_end=cue.idx + len(cue))
    assert is_non_comment(doc, statement) is non_comment
