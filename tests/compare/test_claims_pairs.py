"""The same-quantity rule on hand-written fictional pairs (tests/fixtures/claims_pairs.tsv), through spaCy
and the claims extractor, as `newsprism eval claims` scores it."""

from __future__ import annotations

import pytest

from newsprism.eval.claims import ClaimsEvalError, default_pairs_fixture, evaluate_pairs, load_pairs


def test_pairs_fixture_covers_both_decisions_and_both_verdicts():
    pairs = load_pairs(default_pairs_fixture())
    assert {p.expect for p in pairs} == {"same", "different"}
    assert {p.verdict for p in pairs if p.expect == "same"} == {"consistent", "differing"}
    assert len(pairs) >= 30


def test_pairs_are_compared_only_when_they_measure_the_same_thing(nlp):
    scores = evaluate_pairs(load_pairs(default_pairs_fixture()), nlp)["all"]
    assert scores.decision_right / scores.pairs >= 0.9, scores.errors
    assert scores.verdict_right / scores.verdict_checked >= 0.9, scores.errors


@pytest.mark.parametrize("row", [
    "x1\tA.\tB.\tsame\t-",            # a must-compare pair needs a verdict
    "x2\tA.\tB.\tdifferent\tdiffering",
    "x3\tA.\tB.\tmaybe\t-",
])
def test_bad_pair_rows_name_the_file_and_row(tmp_path, row):
    path = tmp_path / "pairs.tsv"
    path.write_text("id\ta\tb\texpect\tverdict\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ClaimsEvalError, match="row 2"):
        load_pairs(path)
