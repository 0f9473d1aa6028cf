"""``newsprism eval polnear DIR``: statement extraction scored against PolNeAR gold attributions."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.common import CliError
from newsprism.eval.polnear import Scores, iter_split, score_article
from newsprism.extract import analyze_doc
from newsprism.nlp import load_nlp
from newsprism.records import Article


def polnear_articles(directory: Path, limit: int = 0) -> list:
    """The annotated articles of a PolNeAR split (the first ``limit`` when set), or a clean CLI error."""
    articles = list(iter_split(directory))
    if limit:
        articles = articles[:limit]
    if not articles:
        raise CliError(f"no annotated articles in {directory}")
    return articles


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("polnear")
    def polnear(
        directory: Path = typer.Argument(..., help="A PolNeAR split folder with text/ and attributions/."),  # noqa: B008
        limit: int = typer.Option(0, "--limit", help="Score only the first N articles (0 = all)."),
        batch_size: int = typer.Option(16, "--batch-size", help="Articles per spaCy batch."),
    ) -> None:
        """Print P/R/F1 for content overlap, content exact and content+source.

        Example: newsprism eval polnear ../shared/data/polnear/dev
        """
        articles = polnear_articles(directory, limit)
        nlp = load_nlp()
        total = Scores()
        docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
        for gold, doc in zip(articles, docs):
            result = analyze_doc(Article(article_id=gold.name, text=gold.text), doc)
            total.add(score_article(gold.text, gold.attributions, result.statements))
        typer.echo(f"PolNeAR {directory} ({total.articles} articles)")
        for line in total.lines():
            typer.echo(line)
