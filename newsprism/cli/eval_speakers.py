"""``newsprism eval speakers DIR``: how gold PolNeAR Source spans resolve to in-article entities."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.eval_polnear import polnear_articles
from newsprism.eval.speakers import sample, speaker_links, tally
from newsprism.nlp import load_nlp


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("speakers")
    def speakers(
        directory: Path = typer.Argument(..., help="A PolNeAR split folder with text/ and attributions/."),
        limit: int = typer.Option(0, "--limit", help="Use only the first N articles (0 = all)."),
        show: int = typer.Option(0, "--show", help="Also print N random he/she links with context, to judge by hand."),
    ) -> None:
        """Print, per kind of gold Source span, the share linked to an entity (a coverage diagnostic).

        Example: newsprism eval speakers ../shared/data/polnear/dev --show 40
        """
        articles = polnear_articles(directory, limit)
        nlp = load_nlp()
        links = list(speaker_links(articles, nlp.pipe(a.text for a in articles)))
        typer.echo(f"PolNeAR {directory} ({len(articles)} articles, {len(links)} gold sources)")
        for line in tally(links).lines():
            typer.echo(line)
        texts = {a.name: a.text for a in articles}
        for link in sample(links, "he/she", show):
            text = texts[link.article]
            context = text[max(0, link.start - 300):link.start].replace("\n", " ")
            name = link.entity.name if link.entity else None
            typer.echo(f"\n[{link.article}] …{context}[[{link.text}]] → {name}")
