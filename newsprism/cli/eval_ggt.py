"""``newsprism eval ggt DIR``: quotes and canonical speakers scored against GenderGapTracker's gold."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.common import CliError
from newsprism.eval.ggt import GgtScores, iter_split, score_article
from newsprism.extract import analyze_doc
from newsprism.nlp import load_nlp
from newsprism.records import Article


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("ggt")
    def ggt(
        directory: Path = typer.Argument(..., help="A GGT folder with gold.jsonl and text/."),  # noqa: B008
        limit: int = typer.Option(0, "--limit", help="Score only the first N articles (0 = all)."),
        show: int = typer.Option(0, "--show", help="Also print up to N missed quotes and N wrong speakers."),
    ) -> None:
        """Print quote recall and the share of found quotes whose canonical speaker is right.

        Example: newsprism eval ggt ../shared/data/ggt/dev
        """
        articles = list(iter_split(directory))
        articles = articles[:limit] if limit else articles
        if not articles:
            raise CliError(f"no articles in {directory}")
        nlp = load_nlp()
        total = GgtScores()
        for gold, doc in zip(articles, nlp.pipe(a.text for a in articles)):
            result = analyze_doc(Article(article_id=gold.article_id, text=gold.text), doc)
            total.add(score_article(gold.article_id, gold.quotes, result.statements))
        typer.echo(f"GGT {directory} ({total.articles} articles, {total.quotes} quotes)")
        for line in total.lines():
            typer.echo(line)
        if show:
            missed = [r for r in total.results if not r.found][:show]
            wrong = [r for r in total.results if r.found and not r.speaker_right][:show]
            for r in missed:
                typer.echo(f"\nMISSED [{r.article_id}] {r.quote.quote[:160]!r} ({r.quote.reference})")
            for r in wrong:
                typer.echo(f"\nSPEAKER [{r.article_id}] {r.quote.quote[:120]!r}\n  gold {r.quote.reference!r}"
                           f" (mention {r.quote.speaker!r}) predicted {r.predicted_speaker!r}")
