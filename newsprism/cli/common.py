"""Pieces shared by the CLI commands: option defaults, the error type, the console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from newsprism.store.db import Store, StoreError, StoreLocked, writer_lock

#: Console for messages and progress (stderr, so stdout stays clean for data).
console = Console(stderr=True)

DB_HELP = "SQLite database file (created when missing)."
DB_READ_HELP = "SQLite database file to read (it must exist; never written)."


class CliError(Exception):
    """An error to show the user as one line, with an exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def db_option(default: str = "newsprism.db", *, reads: bool = False):
    """The --db option; ``reads`` for commands that only read an existing database."""
    return typer.Option(default, "--db", help=DB_READ_HELP if reads else DB_HELP, dir_okay=False)


def existing_db(path: Path) -> Path:
    """Fail clearly when a command that reads a database is given one that is not there."""
    if not Path(path).exists():
        raise CliError(f"{path}: no such database (run `newsprism analyze INPUT --db {path}` first)")
    return Path(path)


def run_summary(report, db: Path) -> str:
    """One line saying what a run did: '5 stored, 2 duplicates, 1 skipped → news.db'."""
    parts = [f"{len(report.stored)} stored"]
    if report.unchanged:
        parts.append(f"{len(report.unchanged)} already stored")
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} duplicates")
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    return f"{', '.join(parts)} → {db}"


def store_totals(db: Path) -> str:
    """What the database holds now: 'the store holds 12 articles, 230 statements, 4 stories, 51 links'."""
    from newsprism.store import queries

    try:
        with Store(db, readonly=True) as store:
            counts = queries.totals(store)
    except StoreError:
        return ""
    return ("the store holds " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@contextmanager
def writing(db: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the database's one-writer lock for a command that writes it (``analyze``, ``demo``, ``load``);
    a second writer says so once and waits (or fails with ``wait=False``). Readers are not affected."""
    def waiting(busy: StoreLocked) -> None:
        console.print(f"[yellow]waiting[/yellow]: {escape(str(busy))}", highlight=False)

    try:
        with writer_lock(db, wait=wait, on_wait=waiting):
            yield
    except StoreLocked as exc:
        raise CliError(str(exc)) from exc
