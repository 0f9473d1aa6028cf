"""``newsprism sql "SELECT …"``: one read-only query, time-limited and row-capped."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer

from newsprism.cli.common import db_option, existing_db
from newsprism.store import queries
from newsprism.store.db import Store


def register(app: typer.Typer) -> None:
    @app.command()
    def sql(
        query: str = typer.Argument(..., help="One SQL statement that reads (SELECT, WITH …); see docs/schema.md."),
        db: Path = db_option(reads=True),
        max_rows: int = typer.Option(1000, "--max-rows", min=1, max=1_000_000, help="Print at most this many rows."),
        seconds: float = typer.Option(10.0, "--seconds", min=0.1, max=600, help="Cut the query after this long."),
        as_json: bool = typer.Option(False, "--json", help="JSON Lines, one object per row (default: CSV)."),
    ) -> None:
        """Run one read-only SQL query on the database (a read-only connection: writes are refused).

        Example: newsprism sql "SELECT outlet, count(*) AS n FROM articles GROUP BY outlet" --db news.db
        """
        with Store(existing_db(db), readonly=True) as store:
            result = queries.run_sql(store, query, max_rows=max_rows, seconds=seconds)
        if as_json:
            for row in result["rows"]:
                typer.echo(json.dumps(dict(zip(result["columns"], row)), ensure_ascii=False, default=str))
        else:
            writer = csv.writer(sys.stdout)
            writer.writerow(result["columns"])
            writer.writerows(result["rows"])
        if result["truncated"]:
            typer.echo(f"(stopped at {max_rows} rows: --max-rows for more)", err=True)
