"""``newsprism eval basil DIR``: story clustering scored with B-cubed against BASIL's events."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.eval.basil import evaluate_basil


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("basil")
    def basil(
        directory: Path = typer.Argument(..., help="The BASIL folder (with articles/YEAR/*.json)."),
    ) -> None:
        """Print B-cubed P/R/F1 of story clustering, with publication dates and without them.

        Only the story model runs (headline and lead words, quoted passages, dates; no spaCy parse).

        Example: newsprism eval basil ../shared/data/basil
        """
        typer.echo(f"BASIL {directory}: story clustering, B-cubed")
        for use_dates in (True, False):
            score = evaluate_basil(directory, use_dates=use_dates)
            label = "with dates   " if use_dates else "without dates"
            typer.echo(f"{label}  P {score.precision:.4f}  R {score.recall:.4f}  F1 {score.f1:.4f}"
                       f"  ({score.items} articles, {score.clusters} stories, {score.gold_clusters} events)")
