"""Pieces shared by the CLI commands: option defaults, the error type and its one-line display, the console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from newsprism.errors import NewsprismError, describe
from newsprism.store.db import Store, StoreError, StoreLocked, writer_lock

#: Console for messages and progress (stderr, so stdout stays clean for data).
console = Console(stderr=True)

DB_HELP = "SQLite database file (created when missing)."
DB_READ_HELP = "SQLite database file to read (it must exist; never written)."


class CliError(NewsprismError):
    """A command-line option, argument or database that cannot be used; shown as one line like every
    :class:`~newsprism.errors.NewsprismError` (see :func:`show_error`)."""

    code = "NP-E001"


#: Exit status of a command that stopped on a NewsprismError (2 stays click's: a usage error).
ERROR_EXIT_STATUS = 1


def show_error(error: NewsprismError) -> int:
    """Print ``Error: [NP-E401] no story 'x'`` on stderr (no traceback); the exit status to end with.
    The one place the CLI turns a library error into what the user reads (the app's group calls it)."""
    typer.secho(f"Error: {describe(error)}", err=True, fg="red")
    return ERROR_EXIT_STATUS


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

    with writer_lock(db, wait=wait, on_wait=waiting):
        yield
