"""``newsprism analyze`` and ``newsprism demo``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from newsprism.cli.common import CliError, console, db_option, run_summary, store_totals, writing
from newsprism.cli.listing import load_outlet_file
from newsprism.cli.load import run_sharded_analyze
from newsprism.data import demo_corpus_path, demo_outlets_path
from newsprism.ingest import DEFAULT_MAX_BYTES
from newsprism.ingest.jsonrec import FIELD_NAMES
from newsprism.ingest.meta import load_sidecars, sidecar_paths
from newsprism.ingest.sources import Source, expand_inputs
from newsprism.nlp import model_description
from newsprism.pipeline import RunReport, run_analysis
from newsprism.records import Skipped
from newsprism.store.db import Store


def _parse_fields(fields: list[str]) -> dict[str, str]:
    mapping = {}
    for item in fields:
        if "=" not in item:
            raise CliError(f"--field {item!r}: expected NAME=SOURCE_FIELD, e.g. text=body_text")
        ours, theirs = item.split("=", 1)
        if ours.strip() not in FIELD_NAMES:
            raise CliError(f"--field {item!r}: {ours.strip()!r} is not one of {', '.join(FIELD_NAMES)}")
        mapping[ours.strip()] = theirs.strip()
    return mapping


#: Files that hold one article each: with only these as input, the progress bar knows its total.
SINGLE_ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".txt.gz", ".md.gz", ".html.gz", ".htm.gz")


def known_total(inputs: list[str], meta: str | list[str] | None = None) -> int | None:
    """How many articles the inputs hold, when that can be known without reading them (else None)."""
    if "-" in inputs:
        return None

    total = 0
    try:
        for item in expand_inputs(inputs, exclude=sidecar_paths(inputs, meta)):
            if isinstance(item, Source):
                if not item.name.lower().endswith(SINGLE_ARTICLE_SUFFIXES):
                    return None
                total += 1
    except Exception:  # noqa: BLE001 (a count for the progress bar only; the run reports problems itself)
        return None
    return total or None


def report_meta_conflicts(inputs: list[str], meta: list[str]) -> list[str]:
    """Print (as warnings) where the run's metadata files disagree; return the sidecar files in merge order."""
    paths = sidecar_paths(inputs, meta)
    if len(paths) > 1:
        _, _, conflicts = load_sidecars(paths)
        for conflict in conflicts:
            console.print(f"[yellow]metadata conflict[/yellow] {escape(conflict.message())}", highlight=False,
                          markup=True)
    return paths


def run_with_progress(inputs: list[str], db: Path, *, fields=None, meta=None, n_process=1,
                      batch_size=32, quiet=False, max_bytes=DEFAULT_MAX_BYTES, replace=False) -> RunReport:
    """Run the analysis with a rich progress display and skipped inputs reported on stderr."""
    with writing(db):
        return _run_locked(inputs, db, fields=fields, meta=meta, n_process=n_process, batch_size=batch_size,
                           quiet=quiet, max_bytes=max_bytes, replace=replace)


def _run_locked(inputs, db, *, fields, meta, n_process, batch_size, quiet, max_bytes, replace) -> RunReport:
    store = Store(db)

    def on_skip(item: Skipped) -> None:
        where = f"{item.source_path}" + (f" [{item.record}]" if item.record else "")
        # escape: "[line 2]" would otherwise be taken for a rich markup tag and vanish
        console.print(f"[yellow]skipped[/yellow] {escape(where)}: {escape(item.reason)}", highlight=False,
                      markup=True)

    def on_clash(clash) -> None:
        console.print(f"[yellow]id clash[/yellow] {escape(clash.message().removeprefix('id clash: '))}",
                      highlight=False, markup=True)

    if not quiet:
        console.print(f"spaCy model: {model_description()}", highlight=False)
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    total = None if quiet else known_total(inputs, meta)

    def advanced(result) -> None:
        done = progress.tasks[0].completed + 1
        last = total is not None and done >= total
        progress.update(task, advance=1,
                        description="corpus phase: speakers, stories, links" if last else "analysing articles")

    with store, Progress(*columns, console=console, disable=quiet, transient=False) as progress:
        task = progress.add_task("loading the language model", total=total)
        report = run_analysis(
            inputs, store, fields=fields, meta=meta, n_process=n_process, batch_size=batch_size,
            max_bytes=max_bytes, replace=replace, on_skip=on_skip, on_clash=on_clash,
            on_article=advanced,
        )
        progress.update(task, description="done", total=progress.tasks[0].completed)
    return report



def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(
        inputs: list[str] = typer.Argument(..., help="Files, folders (recursive), globs, or - for stdin."),
        db: Path = db_option(),
        field: list[str] = typer.Option([], "--field", help="Map a JSON field: text=body_text (repeatable)."),
        meta: list[Path] = typer.Option([], "--meta", exists=True, dir_okay=False,
                                        help="CSV sidecar: article_id, outlet, date, url, title (repeatable: merged,"
                                             " the later file wins and differences are reported; a meta.csv at the"
                                             " top of an input folder is read first)."),
        processes: int = typer.Option(1, "--processes", "-p", min=1, help="Parser processes."),
        batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per parse batch and commit."),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input is skipped."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                      help="Skip documents larger than this many bytes (text, HTML, a WARC record)."),
        engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (docs/scale.md)."),
        scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
        workers: int = typer.Option(2, "--workers", min=1, help="Workers of the LocalCluster (--engine dask)."),
        parquet: Path = typer.Option(None, "--parquet", file_okay=False,
                                     help="Write a Parquet dataset here instead of the database (load it later)."),
        outlet_meta: Path = typer.Option(None, "--outlet-meta", exists=True, dir_okay=False,
                                         help="CSV of outlet metadata (outlet, country, owner, lean, …) to store "
                                              "after the run, as `newsprism outlets --meta` does."),
        replace: bool = typer.Option(False, "--replace",
                                     help="Replace a stored article whose id a new text from another source takes "
                                          "(default: store the new text as ID~2 and report the clash)."),
    ) -> None:
        """Analyse news articles into the database.

        Example: newsprism analyze articles/ feed.jsonl crawl.warc.gz --db news.db
        """
        if "-" in inputs and sys.stdin.isatty():
            console.print("reading articles from standard input…")
        sidecars = report_meta_conflicts(inputs, [str(m) for m in meta])
        if engine != "local" or parquet is not None or scheduler:
            if outlet_meta is not None:
                raise CliError("--outlet-meta works with --engine local only; after the run: "
                               "newsprism outlets --meta FILE --db DB")
            if len(sidecars) > 1:
                raise CliError(f"{len(sidecars)} metadata files ({', '.join(sidecars)}): --engine local merges "
                               "several; the shard engines read one")
            return run_sharded_analyze(inputs, db, parquet, engine=engine, scheduler=scheduler, workers=workers,
                                       fields=_parse_fields(field), meta=sidecars[0] if sidecars else None,
                                       batch_size=batch_size, strict=strict, quiet=quiet, max_bytes=max_bytes,
                                       replace=replace)
        report = run_with_progress(inputs, db, fields=_parse_fields(field), meta=sidecars,
                                   n_process=processes, batch_size=batch_size, quiet=quiet,
                                   max_bytes=max_bytes, replace=replace)
        console.print(escape(run_summary(report, db)), highlight=False)
        console.print(escape(store_totals(db)), highlight=False)
        if outlet_meta is not None:
            load_outlet_file(db, outlet_meta)
        if report.ingested == 0:
            raise CliError("nothing could be ingested from " + ", ".join(inputs))
        if strict and report.skipped:
            raise CliError(f"{len(report.skipped)} input(s) skipped (--strict)")

    @app.command()
    def demo(
        db: Path = db_option("newsprism-demo.db"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Analyse the bundled (fictional) demo corpus and say what to do next.

        Example: newsprism demo --db demo.db
        """
        # the folder's meta.csv (outlets and dates of the plain-text articles) is read as its sidecar
        report = run_with_progress([str(demo_corpus_path())], db, quiet=quiet)
        console.print(escape(run_summary(report, db)), highlight=False)
        console.print(escape(store_totals(db)), highlight=False)
        load_outlet_file(db, demo_outlets_path())  # the FICTIONAL outlets' country, owner and lean
        typer.echo(
            "\nNext:\n"
            f"  newsprism serve --db {db}                     # explore it at http://127.0.0.1:8000\n"
            f"  newsprism report --db {db} demo-site/         # or a static site: open demo-site/index.html\n"
            f"  newsprism speaker \"Osk\" --db {db}            # one speaker's statements across stories\n"
            f"  newsprism export --db {db} --format jsonl demo-export/\n"
        )
