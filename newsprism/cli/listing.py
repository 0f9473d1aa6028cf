"""``newsprism stories``, ``outlets`` and ``speakers``: what the database holds, as a table or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsprism.cli.common import console, db_option, existing_db, writing
from newsprism.ingest.outlets import load_outlet_meta
from newsprism.store import queries
from newsprism.store.db import Store
from newsprism.store.outlets import outlet_meta, write_outlet_meta


def _emit(rows: list[dict], columns: tuple[tuple[str, str], ...], *, as_json: bool, title: str,
          empty: str, more: int = 0) -> None:
    """Rows as JSON Lines (stdout) or as a table; ``more`` says how many were left out."""
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False, default=str))
        return

    out = Console(highlight=False, soft_wrap=False)
    if not rows:
        out.print(escape(empty))
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for key, label in columns:
        table.add_column(label, justify="right" if key.startswith("n_") else "left", overflow="fold",
                         no_wrap=key in _NO_WRAP or key.startswith("n_"))
    for row in rows:
        table.add_row(*(escape(_cell(row.get(key))) for key, _ in columns))
    out.print(table)
    if more:
        out.print(f"… {more} more (use --limit, --offset or --json)")


_NO_WRAP = {"story_id", "ref", "first_date", "last_date"}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def load_outlet_file(db: Path, path: Path) -> dict[str, int]:
    """Store an outlet metadata file in ``db`` (holding the writer lock) and say what changed, on stderr."""
    records, warnings = load_outlet_meta(path)
    for warning in warnings:
        console.print(f"[yellow]outlet file[/yellow] {escape(warning)}", highlight=False, markup=True)
    with writing(db), Store(db) as store:
        counts = write_outlet_meta(store, records)
        known = set(queries.outlets(store))
    unmatched = sorted(r.outlet for r in records if r.outlet not in known)
    console.print(escape(f"outlet metadata from {path}: {counts['added']} added, {counts['changed']} changed, "
                         f"{counts['unchanged']} unchanged"), highlight=False)
    if unmatched:
        console.print(escape(f"{len(unmatched)} outlet(s) of {path} have no articles (yet): {', '.join(unmatched)}"
                             " — names must match the articles' outlets exactly"), highlight=False)
    return counts


def _read(db: Path, build: Callable):
    with Store(existing_db(db), readonly=True) as store:
        return build(store)


def register(app: typer.Typer) -> None:
    @app.command()
    def stories(
        db: Path = db_option(reads=True),
        limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many stories."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (newest first)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON Lines, one story per line."),
    ) -> None:
        """List the stories, newest first: id (for `newsprism compare`), title, dates, outlets, counts.

        Example: newsprism stories --db news.db --limit 10
        """
        rows, total = _read(db, lambda s: (queries.story_list(s, limit=limit, offset=offset),
                                           queries.story_total(s)))
        _emit(rows, (("story_id", "story"), ("title", "title"), ("first_date", "first"), ("last_date", "last"),
                     ("outlets", "outlets"), ("n_articles", "articles"), ("n_statements", "statements")),
              as_json=as_json, title=f"{total} stories", more=max(0, total - offset - len(rows)),
              empty="No stories yet: the corpus phase has not grouped any articles.")

    @app.command()
    def outlets(
        db: Path = typer.Option("newsprism.db", "--db", dir_okay=False,
                                help="SQLite database file (it must exist; only --meta writes to it)."),
        meta: Path = typer.Option(None, "--meta", exists=True, dir_okay=False,
                                  help="CSV/TSV of outlet metadata to store first: outlet, country, owner, lean, "
                                       "and any other columns (kept as they are)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON Lines, one outlet per line."),
    ) -> None:
        """List the outlets with their articles, statements, stories, first and last dates, and the metadata
        you loaded (country and lean in the table; owner and other columns with --json; never guessed).

        An article whose outlet is not known is its own outlet, named by its article id (as in `compare`).

        Example: newsprism outlets --meta outlets.csv --db news.db
        """
        if meta is not None:
            load_outlet_file(existing_db(db), meta)
        rows, described = _read(db, lambda s: (queries.outlet_summary(s), outlet_meta(s)))
        for row in rows:
            found = described.get(row["outlet"]) or {}
            row.update(country=found.get("country"), owner=found.get("owner"), lean=found.get("lean"))
            if as_json:
                row["extra"] = dict(found.get("extra", []))
        columns = (("outlet", "outlet"),) + ((("country", "country"), ("lean", "lean")) if described else ())
        _emit(rows, columns + (("n_articles", "articles"), ("n_statements", "statements"),
                               ("n_stories", "stories"), ("first_date", "first"), ("last_date", "last")),
              as_json=as_json, title=f"{len(rows)} outlets", empty="No articles yet.")

    @app.command()
    def speakers(
        name: str = typer.Argument("", help="Only speakers whose name or alias contains this (any case)."),
        db: Path = db_option(reads=True),
        kind: str = typer.Option(None, "--type", help="Only this speaker type (person, org, …)."),
        limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many speakers."),
        offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (most quoted first)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON Lines, one speaker per line."),
    ) -> None:
        """List speakers, most quoted first: id, name, aliases, type, statement and article counts.

        Example: newsprism speakers "brell" --db news.db
        """
        rows = _read(db, lambda s: queries.speaker_directory(s, name, type_=kind, limit=limit + 1, offset=offset))
        more = len(rows) > limit
        _emit(rows[:limit], (("ref", "id"), ("name", "name"), ("aliases", "also called"), ("type", "type"),
                             ("n_statements", "statements"), ("n_articles", "articles")),
              as_json=as_json, title="Speakers" + (f" matching {name!r}" if name else ""),
              more=1 if more else 0,
              empty=f"No speaker matches {name!r}." if name else "No attributed statements yet.")
