"""``newsprism load`` (a Parquet dataset into the store, then the corpus phase) and the sharded analyze path.

``newsprism analyze --engine dask`` (or ``--parquet``) runs the per-article phase over
shards into a Parquet dataset; ``newsprism load`` streams that dataset into the SQLite
store and runs the corpus phase there (``--engine local``) or on Dask (``--engine dask``:
:mod:`newsprism.engine.corpus`, the same tables, also written to ``DATASET/corpus_phase/``).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsprism.cli.common import CliError, console, db_option, run_summary, store_totals, writing
from newsprism.engine.shards import DEFAULT_MAX_BYTES, DEFAULT_SHARD_BYTES, ShardOptions, run_shards
from newsprism.store.db import Store

ENGINES = ("local", "dask")


def _columns():
    return [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn()]


def _backend(engine: str, scheduler: str | None, workers: int, model: str | None):
    if engine == "dask":
        from newsprism.engine.dask import DaskBackend

        backend = DaskBackend(scheduler=scheduler, workers=workers, model=model)
        link = backend.dashboard_link
        console.print(f"Dask: {backend.n_workers} worker(s); dashboard: {link or 'unavailable (pip install bokeh)'}",
                      highlight=False)
        return backend
    if scheduler:
        raise CliError("--scheduler needs --engine dask")
    from newsprism.engine.shards import ProcessBackend, SerialBackend

    return ProcessBackend(workers, model=model) if workers > 1 else SerialBackend()


def run_sharded(inputs: list[str], parquet: Path, *, engine: str = "dask", scheduler: str | None = None,
                workers: int = 2, fields=None, meta=None, model=None, batch_size: int = 32,
                shard_bytes: int = DEFAULT_SHARD_BYTES, max_bytes: int | None = DEFAULT_MAX_BYTES, quiet: bool = False):
    """The per-article phase over shards into the dataset at ``parquet``, with a progress bar per shard."""
    if engine not in ENGINES:
        raise CliError(f"--engine {engine!r}: choose one of {', '.join(ENGINES)}")
    options = ShardOptions(outdir=str(parquet), fields=fields, meta=meta, model=model, batch_size=batch_size,
                           max_bytes=max_bytes)
    backend = _backend(engine, scheduler, workers, model)
    try:
        with Progress(*_columns(), console=console, disable=quiet) as progress:
            task = progress.add_task("planning shards", total=None)
            articles = 0

            def planned(total: int, done: int) -> None:
                progress.update(task, total=total - done, description=f"shards ({done} already written)")

            def finished(entry, error) -> None:
                nonlocal articles
                if error is not None:
                    console.print(f"[red]shard failed[/red]: {type(error).__name__}: {escape(str(error))}",
                                  highlight=False)
                else:
                    articles += entry["rows"]["articles"]
                progress.update(task, advance=1, description=f"shards, {articles} articles")

            summary = run_shards(inputs, options, backend, shard_bytes=shard_bytes,
                                 on_planned=planned, on_shard=finished)
    finally:
        backend.close()
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    console.print(f"{summary.articles} articles, {summary.skipped} skipped input(s) in {len(summary.written)} "
                  f"shard(s) ({summary.already_done} already written, {len(summary.failed)} failed), "
                  f"{summary.seconds:.1f} s, {rate:.1f} articles/s → {escape(str(parquet))}", highlight=False)
    if summary.failed:
        raise CliError(f"{len(summary.failed)} shard(s) failed; run the same command again to retry them")
    return summary


def run_sharded_analyze(inputs: list[str], db: Path, parquet: Path | None, *, engine: str, scheduler: str | None,
                        workers: int, fields, meta, batch_size: int, strict: bool, quiet: bool,
                        max_bytes: int | None = DEFAULT_MAX_BYTES, replace: bool = False) -> None:
    """``analyze`` over shards: into ``parquet`` only when given, else via ``DB.parquet/`` into the store."""
    target = parquet if parquet is not None else db.with_name(db.name + ".parquet")
    shard_bytes = int(os.environ.get("NEWSPRISM_SHARD_BYTES", DEFAULT_SHARD_BYTES))
    summary = run_sharded(inputs, target, engine=engine, scheduler=scheduler, workers=workers, fields=fields,
                          meta=meta, batch_size=batch_size, shard_bytes=shard_bytes, max_bytes=max_bytes,
                          quiet=quiet)
    if parquet is None:
        report = load_into_store(target, db, quiet=quiet, replace=replace)
        ingested, skipped = report.ingested, len(report.skipped)
    else:
        ingested, skipped = summary.articles or summary.already_done, summary.skipped
        console.print(escape(f"Next: newsprism load {parquet} --db {db}" + (" --replace" if replace else "")),
                      highlight=False)
    if ingested == 0:
        raise CliError("nothing could be ingested from " + ", ".join(inputs))
    if strict and skipped:
        raise CliError(f"{skipped} input(s) skipped (--strict)")


def _print_skipped(item) -> None:
    where = f"{item.source_path}" + (f" [{item.record}]" if item.record else "")
    # escape: a path or reason holding "[...]" would otherwise be read as rich markup (and may crash)
    console.print(f"[yellow]skipped[/yellow] {escape(where)}: {escape(str(item.reason))}", highlight=False,
                  markup=True)


def _print_clash(clash) -> None:
    console.print(f"[yellow]id clash[/yellow] {escape(clash.message().removeprefix('id clash: '))}",
                  highlight=False, markup=True)


def load_into_store(parquet: Path, db: Path, *, corpus: bool = True, corpus_every: int | None = None,
                    write_back: bool = False, batch_size: int = 256, quiet: bool = False, replace: bool = False,
                    engine: str = "local", scheduler: str | None = None, workers: int = 2):
    """Stream the dataset into the store, then run the corpus phase on the store (or on Dask).

    With ``corpus_every`` the (incremental) corpus phase also runs each time that many
    articles are queued, so it never holds the whole corpus's pending articles; its batches
    are cut from the queue alone, so a killed and re-run load places them as a clean one does.
    With ``engine="dask"`` the corpus phase of the whole queue runs on Dask (a fresh store only),
    its tables are written to ``PARQUET/corpus_phase/`` and then into the store in one transaction.
    """
    if engine not in ENGINES:
        raise CliError(f"--engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine != "dask" and scheduler:
        raise CliError("--scheduler needs --engine dask")
    if engine == "dask" and corpus_every:
        raise CliError("--corpus-every works with --engine local only (Dask places the whole queue at once)")
    with writing(db):
        return _load_locked(parquet, db, corpus=corpus, corpus_every=corpus_every, write_back=write_back,
                            batch_size=batch_size, quiet=quiet, replace=replace, engine=engine,
                            scheduler=scheduler, workers=workers)


def dask_corpus_phase(store: Store, parquet: Path, *, scheduler: str | None, workers: int, quiet: bool = False):
    """The corpus phase of the store's queue on Dask; its tables into ``PARQUET/corpus_phase/`` and the store."""
    from newsprism.engine.corpus import corpus_phase, write_parquet_tables
    from newsprism.engine.dask import DaskBackend
    from newsprism.engine.parquet import dataset_shard_ids
    from newsprism.store import corpus as corpus_sql

    if not corpus_sql.is_fresh(store):
        raise CliError("--engine dask computes the corpus phase of a fresh database; this one already has "
                       "stories or entities: use --engine local to add to them")
    pending = corpus_sql.pending_with_hashes(store)
    backend = DaskBackend(scheduler=scheduler, workers=workers, preload=False)
    try:
        if not quiet:
            console.print(f"Dask corpus phase: {len(pending)} articles on {backend.n_workers} worker(s)",
                          highlight=False)
        tables = corpus_phase(backend.client, str(parquet.resolve()), dataset_shard_ids(parquet), pending)
    finally:
        backend.close()
    write_parquet_tables(tables, parquet / "corpus_phase")
    with store.transaction():
        corpus_sql.write_computed(store, tables)
    return tables


def _load_locked(parquet: Path, db: Path, *, corpus: bool, corpus_every: int | None, write_back: bool,
                 batch_size: int, quiet: bool, replace: bool = False, engine: str = "local",
                 scheduler: str | None = None, workers: int = 2):
    from newsprism.engine.parquet import load_dataset, write_corpus_tables
    from newsprism.pipeline import run_corpus_phase

    store = Store(db)

    def maybe_corpus(report) -> None:
        if corpus and corpus_every and store.pending_count() >= corpus_every:
            run_corpus_phase(store, batch=corpus_every, full_batches_only=True)

    with store, Progress(*_columns(), console=console, disable=quiet) as progress:
        task = progress.add_task("loading", total=None)
        report = load_dataset(parquet, store, batch_size=batch_size, replace=replace, on_skip=_print_skipped,
                              on_clash=_print_clash, on_article=lambda r: progress.advance(task),
                              after_batch=maybe_corpus)
        if corpus and engine == "dask":
            progress.update(task, description="corpus phase (Dask)")
            dask_corpus_phase(store, parquet, scheduler=scheduler, workers=workers, quiet=quiet)
        elif corpus:
            progress.update(task, description="corpus phase")
            run_corpus_phase(store, batch=corpus_every)
        if write_back:
            write_corpus_tables(store, parquet)
        progress.update(task, description="done")
    console.print(escape(run_summary(report, db)), highlight=False)

    console.print(escape(store_totals(db)), highlight=False)
    return report


def register(app: typer.Typer) -> None:
    @app.command()
    def load(
        parquet: Path = typer.Argument(..., help="Dataset folder written by analyze --parquet.",
                                       exists=True, file_okay=False),
        db: Path = db_option(),
        corpus: bool = typer.Option(True, "--corpus/--no-corpus",
                                    help="Run the corpus phase (entities, stories, links) after loading."),
        corpus_every: int = typer.Option(None, "--corpus-every", min=1,
                                         help="Also run the corpus phase after every N stored articles."),
        write_back: bool = typer.Option(False, "--write-back",
                                        help="Also write the corpus tables to PARQUET/corpus/*.parquet."),
        batch_size: int = typer.Option(256, "--batch-size", min=1, help="Articles per commit."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        replace: bool = typer.Option(False, "--replace",
                                     help="Replace a stored article whose id a new text from another source takes "
                                          "(default: store the new text as ID~2 and report the clash)."),
        engine: str = typer.Option("local", "--engine",
                                   help="Corpus phase here (local) or on Dask (dask: a fresh database; the tables "
                                        "also go to PARQUET/corpus_phase/)."),
        scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
        workers: int = typer.Option(2, "--workers", min=1, help="Workers of the LocalCluster (--engine dask)."),
    ) -> None:
        """Load a Parquet dataset from `analyze --parquet` into the database and run the corpus phase.

        Example: newsprism load out/ --db news.db --engine dask --workers 4
        """
        load_into_store(parquet, db, corpus=corpus, corpus_every=corpus_every, write_back=write_back,
                        batch_size=batch_size, quiet=quiet, replace=replace, engine=engine, scheduler=scheduler,
                        workers=workers)
