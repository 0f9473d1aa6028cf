"""``newsprism eval claims [FILE]``: numeric-claim extraction scored on hand-labelled sentences."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import typer

from newsprism.eval.claims import (
    ClaimScores,
    default_fixture,
    default_pairs_fixture,
    evaluate_pairs,
    load_labelled,
    load_pairs,
    score_sentence,
)
from newsprism.extract.claims import find_claims
from newsprism.nlp import load_nlp


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("claims")
    def claims(
        path: Path = typer.Argument(None, help="Labelled TSV (default: tests/fixtures/claims_labelled.tsv)."),
        errors: bool = typer.Option(False, "--errors", help="List every false positive, miss and wrong value."),
        pairs: Path = typer.Option(None, "--pairs",
                                   help="Claim pairs TSV (default: tests/fixtures/claims_pairs.tsv)."),
    ) -> None:
        """Print precision/recall of numeric claims, and the accuracy of their values and of `about`.

        Rows whose id starts with "c" were written while the rules were developed; rows starting with
        "h" were written afterwards and scored once before any further change.

        Then the comparison rule on pairs: must two claims be compared (the same quantity), and do they
        agree? Decision accuracy over all pairs, must-compare pairs found, verdict accuracy.

        Example: newsprism eval claims tests/fixtures/claims_labelled.tsv
        """
        sentences = load_labelled(path or default_fixture())
        pair_rows = load_pairs(pairs or default_pairs_fixture())
        nlp = load_nlp()
        groups: dict[str, ClaimScores] = defaultdict(ClaimScores)
        for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
            found = list(find_claims(doc))
            score_sentence(sentence, found, groups["all"])
            score_sentence(sentence, found, groups[sentence.sentence_id[:1]])
        counts = defaultdict(int)
        for sentence in sentences:
            counts["all"] += 1
            counts[sentence.sentence_id[:1]] += 1
        typer.echo(f"claims: {path or default_fixture()}")
        for name in ["all", *sorted(k for k in groups if k != "all")]:
            s = groups[name].as_dict()
            typer.echo(f"{name:4} {counts[name]:4d} sentences  gold {s['gold']:3d}  predicted {s['predicted']:3d}"
                       f"  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                       f"  value {s['value_accuracy']:.3f}  about {s['about_accuracy']:.3f}")
        if errors:
            for line in groups["all"].errors:
                typer.echo(line)
        pair_scores = evaluate_pairs(pair_rows, nlp)
        typer.echo(f"pairs: {pairs or default_pairs_fixture()}")
        for name in ["all", *sorted(k for k in pair_scores if k != "all")]:
            s = pair_scores[name].as_dict()
            typer.echo(f"{name:4} {s['pairs']:4d} pairs  compare/not right {s['decision_accuracy']:.3f}"
                       f"  must-compare found {s['must_compare_found']}  verdict {s['verdict_accuracy']:.3f}")
        if errors:
            for line in pair_scores["all"].errors:
                typer.echo(line)
