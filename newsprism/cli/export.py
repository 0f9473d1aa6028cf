"""``newsprism export``."""

from __future__ import annotations

from pathlib import Path

import typer

from newsprism.cli.common import console, db_option, existing_db
from newsprism.export import FORMATS, MANIFEST, export_store
from newsprism.store.db import Store


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        outdir: Path = typer.Argument(..., help="Folder to write one file per table into.", file_okay=False),
        db: Path = db_option(),
        fmt: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    ) -> None:
        """Export every table (articles, quotes, entities, mentions, stories, links, claims, loaded, skipped).

        Example: newsprism export --db news.db --format parquet out/
        """
        if fmt not in FORMATS:
            raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
        with Store(existing_db(db), readonly=True) as store:
            written = export_store(store, outdir, fmt)
        for table, path in written.items():
            console.print(f"{table:9} → {path}", highlight=False)
        console.print(f"{'manifest':9} → {Path(outdir) / MANIFEST}", highlight=False)
