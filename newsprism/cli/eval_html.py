"""``newsprism eval html``: how well the HTML reader recovers article bodies from news pages."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.common import CliError
from newsprism.ingest.pagebench import EXTRACTORS, make_pages, read_articles, score_extractors

#: Where the PolNeAR dev texts sit beside a project checkout.
DEFAULT_TEXTS = Path("../shared/data/polnear/dev/text")


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("html")
    def eval_html(
        texts: Path = typer.Argument(DEFAULT_TEXTS, help="Folder of .txt articles (first line the headline).",
                                     file_okay=False),
        limit: int = typer.Option(None, "--limit", min=1, help="Use the first N articles only."),
        seed: int = typer.Option(0, "--seed", help="Random seed for the boilerplate."),
    ) -> None:
        """Wrap article texts in generated news-page boilerplate and score body extraction (bag-of-words F1).

        Compares newsprism's reader (trafilatura, favor_precision) with trafilatura's defaults.
        The pages are synthetic, so the score is an upper bound for well-formed pages.

        Example: newsprism eval html ../shared/data/polnear/dev/text --limit 40
        """
        if not texts.is_dir():
            raise CliError(f"{texts}: no such folder of .txt articles")
        pages = list(make_pages(read_articles(texts, limit), seed=seed))
        if not pages:
            raise CliError(f"{texts}: no .txt articles with a headline and a body")
        scores = score_extractors(pages, EXTRACTORS)
        templates = list(next(iter(scores.values())))
        typer.echo(f"{len(pages)} generated pages from {texts}")
        typer.echo(f"{'extractor':<22}{'mean F1':>9}" + "".join(f"{t:>14}" for t in templates))
        for name, by_template in scores.items():
            values = [v for vs in by_template.values() for v in vs]
            cells = "".join(f"{sum(by_template[t]) / len(by_template[t]):>14.4f}" for t in templates)
            typer.echo(f"{name:<22}{sum(values) / len(values):>9.4f}{cells}")
