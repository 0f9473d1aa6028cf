"""``newsprism eval alterations [FILE]``: the alteration classifier on hand-written pairs."""

from __future__ import annotations

from pathlib import Path

import typer


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("alterations")
    def alterations(
        path: Path = typer.Argument(None, help="Pairs TSV (default: tests/fixtures/alterations.tsv)."),
        errors: bool = typer.Option(False, "--errors", help="List every misclassified pair."),
    ) -> None:
        """Print accuracy and per-class precision/recall of what an alteration changed (meaning first).

        Rows whose id starts with "a" were written before the classifier; "b" rows after it.

        Example: newsprism eval alterations tests/fixtures/alterations.tsv
        """
        from newsprism.eval.alterations import (default_fixture, evaluate_alterations,
                                                load_pairs)

        pairs = load_pairs(path or default_fixture())
        groups = evaluate_alterations(pairs)
        typer.echo(f"alterations: {path or default_fixture()}")
        for name in ["all", *sorted(k for k in groups if k != "all")]:
            scores = groups[name]
            typer.echo(f"{name:4} {scores.total:4d} pairs  accuracy {scores.accuracy:.3f}"
                       f"  meaning P {scores.precision('meaning'):.3f} R {scores.recall('meaning'):.3f}")
        scores = groups["all"]
        for cls in scores.classes():
            typer.echo(f"  {cls:12} n {scores.support(cls):3d}  P {scores.precision(cls):.3f}"
                       f"  R {scores.recall(cls):.3f}")
        if errors:
            for line in scores.errors:
                typer.echo(line)
