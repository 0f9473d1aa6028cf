"""Corrections by hand (store/corrections.py): made, checked, applied, undone, kept across reruns.

FICTIONAL: every person, place and quote below is invented for these tests.
"""

from __future__ import annotations

import pytest

import sys
from pathlib import Path

from newsprism.store import queries
from newsprism.store.corrections import (CorrectionError, add_correction, apply_corrections, corrected_statements,
                                         list_corrections, merged_speakers, resolve_speaker, speaker_of)
from newsprism.store.db import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fix_corpus import FIRST, FIRST_LINES_ART2, analysed, article  # noqa: E402

@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "fix.db") as s:
        analysed(s, FIRST)
        yield s


def _ref(store: Store, name: str) -> str:
    return resolve_speaker(store, name)


def _statements_of(store: Store, ref: str) -> list[str]:
    return sorted(r["quote_id"] for r in queries.speaker_statements(store, ref))


def _quote(store: Store, words: str) -> str:
    return store.conn.execute("SELECT quote_id FROM quotes WHERE text = ?", (words,)).fetchone()[0]


def test_merge_moves_every_statement_and_undo_puts_them_back(store):
    vance, marrin = _ref(store, "Rita Vance"), _ref(store, "Olek Marrin")
    before = {vance: _statements_of(store, vance), marrin: _statements_of(store, marrin)}
    assert len(before[vance]) == 2 and len(before[marrin]) == 2
    made = add_correction(store, "merge", marrin, vance, who="tester", why="one person in the sources")
    assert (made.id, made.applied, made.status, made.target_name, made.value_name) == (
        1, 2, "applied", "Olek Marrin", "Rita Vance")
    assert _statements_of(store, vance) == sorted(before[vance] + before[marrin])
    assert _statements_of(store, marrin) == []
    assert set(corrected_statements(store)) == set(before[marrin])
    assert list(merged_speakers(store)) == [marrin]
    assert [r["ref"] for r in queries.speaker_directory(store)][:1] == [vance]
    add_correction(store, "undo", "1", who="tester", why="they are two people after all")
    assert _statements_of(store, marrin) == before[marrin] and _statements_of(store, vance) == before[vance]
    assert [c.status for c in list_corrections(store)] == ["undone", "applied"]
    assert corrected_statements(store) == {} and merged_speakers(store) == {}


@pytest.mark.parametrize("action, words, value, expect_ref", [
    ("reassign", "the inspection reports are late", "Rita Vance", "Rita Vance"),
    ("reassign", "we were never told about the cracks", "Olek Marrin", "Olek Marrin"),  # unlinked -> entity
    ("reassign", "the reports will be published", "the residents", "the residents"),  # entity -> unlinked name
    ("split", "the dam has cracks that nobody repaired", "Ivo Marrin", "Ivo Marrin"),  # a new speaker
])
def test_statement_gets_another_speaker(store, action, words, value, expect_ref):
    quote = _quote(store, words)
    before = store.conn.execute("SELECT speaker, speaker_id FROM quotes WHERE quote_id = ?", (quote,)).fetchone()
    owner = before["speaker_id"] or before["speaker"]
    target = value if action == "split" else _ref(store, value)
    made = add_correction(store, action, quote, target, who="tester", why="the article says so",
                          speaker=owner if action == "split" else None)
    ref = target if action == "split" else _ref(store, expect_ref)
    assert quote in _statements_of(store, ref) and quote not in _statements_of(store, owner)
    assert corrected_statements(store) == {quote: made.id}
    add_correction(store, "undo", str(made.id), who="tester", why="wrong")
    after = store.conn.execute("SELECT speaker, speaker_id FROM quotes WHERE quote_id = ?", (quote,)).fetchone()
    assert tuple(after) == tuple(before)


def test_reject_removes_the_statement_from_every_read_and_export(store):
    quote = _quote(store, "the dam will hold this spring")
    totals = queries.totals(store)
    search = lambda: [r["quote_id"] for r in queries.search_statements(store, "dam")]  # noqa: E731
    assert quote in search()
    made = add_correction(store, "reject", quote, who="tester", why="a headline, not a statement")
    assert queries.totals(store)["statements"] == totals["statements"] - 1
    assert quote not in search() and quote not in _statements_of(store, _ref(store, "Rita Vance"))
    assert quote not in {r["quote_id"] for r in store.export_rows("quotes")}
    exported = list(store.export_rows("corrections"))
    assert [(r["id"], r["action"], r["target"], r["status"]) for r in exported] == [
        (made.id, "reject", quote, "applied")]
    add_correction(store, "undo", str(made.id), who="tester", why="it was a statement")
    assert quote in search() and queries.totals(store) == totals


@pytest.mark.parametrize("action, target, value, speaker, why, code", [
    ("merge", "e999999", "Rita Vance", None, "why", "unknown-speaker"),  # unknown source
    ("merge", "Rita Vance", "Nobody Known", None, "why", "unknown-speaker"),  # unknown target
    ("merge", "Rita Vance", "Rita Vance", None, "why", "same-speaker"),
    ("merge", "Rita Vance", "Olek Marrin", None, "   ", "no-reason"),
    ("reassign", "art1:0-5", "Rita Vance", None, "why", "unknown-statement"),
    ("reassign", "@the dam will hold this spring", "Nobody Known", None, "why", "unknown-speaker"),
    ("reassign", "@the dam will hold this spring", "Rita Vance", None, "why", "same-speaker"),
    ("split", "@the dam will hold this spring", "Ivo Vance", "Olek Marrin", "why", "not-this-speaker"),
    ("reject", "nope", None, None, "why", "unknown-statement"),
    ("undo", "7", None, None, "why", "unknown-correction"),
    ("undo", "one", None, None, "why", "unknown-correction"),
    ("frobnicate", "x", None, None, "why", "unknown-action"),
])
def test_refused_corrections_say_why_and_change_nothing(store, action, target, value, speaker, why, code):
    refs = {"Rita Vance": _ref(store, "Rita Vance"), "Olek Marrin": _ref(store, "Olek Marrin")}
    target = _quote(store, target[1:]) if target.startswith("@") else refs.get(target, target)
    value, speaker = refs.get(value, value), refs.get(speaker, speaker)
    before = store.dump()
    with pytest.raises(CorrectionError) as caught:
        add_correction(store, action, target, value, who="tester", why=why, speaker=speaker)
    assert caught.value.rule == code
    assert store.dump() == before


@pytest.mark.parametrize("repeat, code", [("reject", "already-rejected"), ("undo", "already-undone"),
                                          ("undo-of-undo", "undo-of-undo")])
def test_twice_is_refused(store, repeat, code):
    quote = _quote(store, "the dam will hold this spring")
    first = add_correction(store, "reject", quote, who="a", why="wrong")
    undo = None
    if repeat != "reject":
        undo = add_correction(store, "undo", str(first.id), who="a", why="no")
    target = {"reject": quote, "undo": str(first.id), "undo-of-undo": str(undo.id if undo else 0)}[repeat]
    with pytest.raises(CorrectionError) as caught:
        add_correction(store, "reject" if repeat == "reject" else "undo", target, who="a", why="again")
    assert caught.value.rule == code


def test_ambiguous_and_unknown_names(store):
    with pytest.raises(CorrectionError) as caught:
        resolve_speaker(store, "Marrin Vance Dorsey")
    assert caught.value.rule == "unknown-speaker"
    with pytest.raises(CorrectionError) as caught:
        resolve_speaker(store, "a")  # in every name
    assert caught.value.rule == "ambiguous-speaker" and len(caught.value.value) >= 2
    assert speaker_of(store, "the residents")["entity"] is False


def test_corrections_survive_reruns_on_the_same_and_new_inputs_and_replace(store):
    vance, marrin = _ref(store, "Rita Vance"), _ref(store, "Olek Marrin")
    rejected = _quote(store, "engineers inspect the dam every week")
    add_correction(store, "merge", marrin, vance, who="t", why="same person")
    add_correction(store, "reject", rejected, who="t", why="not said")
    state = store.dump()
    analysed(store, FIRST)  # the same inputs again: nothing changes
    assert store.dump() == state
    # new inputs: Marrin's new statement goes to Vance; a replaced article (same id, new text from
    # another source: --replace) gets its corrections again
    new = article("art3", [(1, "Olek Marrin", "the spillway is too narrow")])
    replaced = article("art2", FIRST_LINES_ART2, tail="An update was added to this article.\n")
    store.write_results([new])
    store.conn.execute("DELETE FROM articles WHERE article_id = 'art2'")  # what --replace does before storing
    store.conn.commit()
    analysed(store, [replaced])
    assert _statements_of(store, marrin) == []
    assert _quote(store, "the spillway is too narrow") in _statements_of(store, vance)
    assert store.conn.execute("SELECT count(*) FROM quotes WHERE quote_id = ?", (rejected,)).fetchone()[0] == 0
    assert [c.status for c in list_corrections(store)] == ["applied", "applied"]


def test_a_statement_whose_text_changed_is_not_corrected_by_guesswork(store):
    quote = _quote(store, "the reports will be published")
    add_correction(store, "reject", quote, who="t", why="wrong")
    start, end = (int(x) for x in quote.split(":")[1].split("-"))
    store.conn.execute("DELETE FROM articles WHERE article_id = 'art2'")
    store.conn.commit()
    edited = article("art2", [(0, "Rita Vance", "engineers inspect the dam every week"),
                              (2, "Hana Dorsey", "the inspection reports are late"),
                              (1, "Olek Marrin", "the reports will be publishe!")])
    assert edited.statements[-1].quote_id("art2") == quote  # same offsets, other words
    analysed(store, [edited])
    assert store.conn.execute("SELECT count(*) FROM quotes WHERE quote_id = ?", (quote,)).fetchone()[0] == 1
    assert [c.status for c in list_corrections(store)] == ["not applied"]
    assert (start, end) == (edited.statements[-1].start, edited.statements[-1].end)


def test_apply_without_corrections_changes_nothing(store):
    before = store.dump()
    with store.transaction():
        apply_corrections(store)
    assert store.dump() == before
