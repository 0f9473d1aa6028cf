"""What an alteration changed: sentences aligned first, verbatim diffs, one class per pair (fictional quotes)."""

from __future__ import annotations

import pytest

from newsprism.eval.alterations import AlterationsEvalError, default_fixture, evaluate_alterations, load_pairs
from newsprism.link.alterations import ALTERATION_CLASSES, classify_alteration, verbatim_diff


@pytest.mark.parametrize("original, reported, cls", [
    ("We will open the gates. Nobody will be turned away.", "We will open the gates.", "excerpt"),
    ("We will open the gates.", "We will open the gates. Nobody will be turned away.", "excerpt"),
    ("We will open the gates.", "We will open the gates.", "identical"),
    ("We will open the gates.", "we will open the gates!", "cosmetic"),
    ("We will open the gates, the doors and the windows.", "We will open the gates … the windows.", "cosmetic"),
    ("We will open the gates, the doors and the windows.", "We will open the gates and the windows.", "trimmed"),
    ("We will open the gates.", "We will unlock the gates.", "substituted"),
    ("We will open the gates.", "We will not open the gates.", "meaning"),
    ("We will open the gates.", "We may open the gates.", "meaning"),
    ("We will open 12 gates.", "We will open 21 gates.", "meaning"),
    ("We will open the Varna gates.", "We will open the Tessin gates.", "meaning"),
    ("We never closed the gates.", "We closed the gates.", "meaning"),       # a dropped negation is not a trim
    ("We did not close the gates.", "We didn't close the gates.", "cosmetic"),
])
def test_classes(original, reported, cls):
    assert classify_alteration(original, reported).cls == cls


def test_meaning_changes_say_why():
    found = classify_alteration("We will open 12 gates.", "We may open 21 gates.")
    assert found.cls == "meaning" and {r.split(":")[0] for r in found.reasons} == {"number", "modal"}


def test_diff_is_verbatim_punctuation_and_case_kept():
    diff = verbatim_diff("We agree, of course.", "we agree of course!")
    assert ("-", "We") in diff and ("+", "we") in diff and ("-", ",") in diff
    assert ("-", ".") in diff and ("+", "!") in diff
    assert "".join(text for op, text in diff if op != "+").replace(" ", "") == "Weagree,ofcourse."


def test_fixture_scores_meet_the_bar():
    pairs = load_pairs(default_fixture())
    assert len(pairs) >= 100 and {p.cls for p in pairs} >= set(ALTERATION_CLASSES) - {"identical"}
    scores = evaluate_alterations(pairs)["all"]
    assert scores.precision("meaning") >= 0.9 and scores.recall("meaning") >= 0.8, scores.errors


def test_bad_rows_name_the_file_and_row(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("id\toriginal\treported\tclass\nx1\tA.\tB.\tworse\n", encoding="utf-8")
    with pytest.raises(AlterationsEvalError, match="row 2"):
        load_pairs(path)


def test_separate_quoted_pieces_are_separate_sentences():
    from newsprism.link.alterations import quoted_text

    text = "“It must go through the council,” she said. “Nobody else can decide it.”"
    whole = {"text": text, "start": 0, "quoted": [[1, 32], [45, 71]]}
    part = {"text": "“It must go through the council,”", "start": 0, "quoted": [[1, 32]]}
    found = classify_alteration(quoted_text(whole), quoted_text(part))
    assert found.cls == "excerpt"   # the dropped "Nobody …" is a whole sentence, not a flipped negation
    assert all("\ue000" not in words for _, words in found.diff)
