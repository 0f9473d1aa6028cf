"""``newsprism report``: a static HTML site of the database that opens offline."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.common import console, db_option, existing_db
from newsprism.report.build import build_report
from newsprism.store.db import Store


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        outdir: Path = typer.Argument(..., file_okay=False, help="Folder to write the site into (created)."),
        db: Path = db_option(reads=True),
    ) -> None:
        """Write stories, statement diffs, speaker timelines and articles as HTML pages (no network needed).

        Example: newsprism report --db news.db report/ && open report/index.html
        """
        existing_db(db)
        with Store(db, readonly=True) as store:
            summary = build_report(store, outdir)
        console.print(f"{summary.pages} pages ({summary.stories} stories, {summary.speakers} speakers, "
                      f"{summary.articles} articles) → {outdir / 'index.html'}", highlight=False)
