"""``newsprism eval basil-lex DIR``: loaded-language detection scored on BASIL's lexical-bias spans."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from newsprism.cli.common import console
from newsprism.eval.basil_lex import evaluate, load_lex_articles, parse_articles, vader_lexicon
from newsprism.nlp import load_nlp


def _line(name: str, part: str, scores: dict) -> str:
    t, s = scores["tokens"], scores["sentences"]
    return (f"{name:34} {part:5}  tokens P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f}"
            f"  | sentences P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("basil-lex")
    def basil_lex(
        directory: Path = typer.Argument(..., help="The BASIL folder (articles/YEAR/, annotations/YEAR/)."),
        by_year: bool = typer.Option(False, "--by-year", help="Also print each year."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Print token- and sentence-level P/R/F1 of loaded-language spans against BASIL `bias: "lex"` spans.

        Rows: the VADER baseline (words with |valence| ≥ 2; needs vaderSentiment), the hand lexicon, and
        hand + what is learned from BASIL, scored leave-one-year-out (learn on four years, score the
        fifth): once with fixed learning settings, once with settings chosen by an inner leave-one-year-out
        on the four training years (the headline figure). Titles are parsed but not scored (BASIL does
        not annotate them). "all" = every year; "test" = every year but 2010, the year inspected while
        writing the lexicon.

        Example: newsprism eval basil-lex ../shared/data/basil
        """
        articles = load_lex_articles(directory)
        console.print(f"parsing {len(articles)} BASIL articles…", highlight=False)
        docs = parse_articles(articles, load_nlp())
        results = evaluate(articles, docs, progress=lambda m: console.print(m, highlight=False))
        if as_json:
            typer.echo(json.dumps(results, indent=2))
            return
        gold = sum(len(a.gold) for a in articles)
        typer.echo(f"BASIL {directory}: {len(articles)} articles, {gold} lexical-bias spans")
        if vader_lexicon() is None:
            typer.echo("(VADER baseline skipped: pip install vaderSentiment)")
        for name, scores in results.items():
            for part in ("all", "test"):
                typer.echo(_line(name, part, scores[part]))
            if by_year:
                for year, found in scores["years"].items():
                    typer.echo(_line(name, year, found))
                for year, chosen in scores.get("chosen", {}).items():
                    typer.echo(f"  {year} held out: inner token F1 {chosen['inner_token_f1']:.3f} with "
                               f"{chosen['settings']}")
