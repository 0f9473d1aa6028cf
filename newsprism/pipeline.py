"""The analyse job: ingest → (skip what is stored) → engine → store per batch → corpus phase.

Writes commit once per batch, so an interrupted run loses at most the batch in
flight; a re-run skips what is already stored before parsing anything.

Identity across runs: an article id already stored for a *different* text read
from a *different* source is never overwritten; the new text is stored under
the next free id (``x~2``) and reported as an id clash. The stored article is
replaced only when the text comes from the same source path (the file was
edited) or when the caller asks for it (``replace=True``, ``--replace``).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsprism.engine.local import analyze_stream
from newsprism.ingest import DEFAULT_MAX_BYTES, failure_detail, iter_inputs
from newsprism.link import update_corpus
from newsprism.records import Article, ArticleResult, Skipped
from newsprism.store.db import Store

__all__ = ["RunReport", "IdClash", "run_analysis", "new_articles", "report_duplicate", "store_batch",
           "fresh_results", "same_source", "run_corpus_phase"]

log = logging.getLogger(__name__)

_CLASH_SUFFIX = re.compile(r"~\d+$")


@dataclass(frozen=True)
class IdClash:
    """A text whose id a stored article from another source already holds: it was stored as ``stored_as``."""

    article_id: str
    stored_as: str
    source_path: str | None
    held_by: str | None  # source path of the stored article that keeps the id

    def message(self) -> str:
        return (f"id clash: {self.article_id!r} is held by {self.held_by or 'another source'}; "
                f"{self.source_path or 'this text'} is stored as {self.stored_as!r}")


@dataclass
class RunReport:
    """What one ``analyze`` run did."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (id, id of the copy kept)
    skipped: list[Skipped] = field(default_factory=list)
    clashes: list[IdClash] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # ids whose stored text was replaced

    @property
    def ingested(self) -> int:
        return len(self.stored) + len(self.unchanged) + len(self.duplicates)


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two source paths name the same input (equal, or the same file reached two ways)."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def new_articles(items: Iterable[Article | Skipped], store: Store, report: RunReport,
                 on_skip: Callable[[Skipped], None], chunk: int = 256, *, replace: bool = False,
                 on_clash: Callable[[IdClash], None] = lambda c: None) -> Iterator[Article]:
    """Articles not yet stored; skipped inputs, unchanged and duplicate texts are reported instead.

    An article whose id is held (in the store, or earlier in this run) by another
    text from another source comes out under a new id and is reported as an
    :class:`IdClash`, unless ``replace``.
    """
    iterator = iter(items)
    held: dict[str, tuple[str, str | None]] = {}  # id → (text hash, source) of articles passed on this run
    while True:
        block = list(itertools.islice(iterator, chunk))
        if not block:
            return
        skipped = [item for item in block if isinstance(item, Skipped)]
        if skipped:
            record_skipped(store, report, on_skip, skipped)
        articles = [item for item in block if isinstance(item, Article)]
        by_id = store.stored_ids(a.article_id for a in articles)
        by_hash = store.stored_hashes(a.text_hash for a in articles)
        sources = store.stored_sources([*by_id, *by_hash.values()])
        seen: dict[str, str] = {}
        for article in articles:
            digest = article.text_hash
            if by_id.get(article.article_id) == digest:
                report.unchanged.append(article.article_id)
            elif _stored_after_clash(article, by_hash.get(digest), sources):
                report.unchanged.append(by_hash[digest])
            elif digest in by_hash or digest in seen:
                kept = by_hash.get(digest) or seen[digest]
                report_duplicate(store, report, on_skip, article, kept)
            else:
                this_run = held.get(article.article_id)  # only a clash id handed out above can be held twice
                holder = this_run or (
                    (by_id[article.article_id], sources.get(article.article_id)) if article.article_id in by_id
                    else None)
                if holder is not None and holder[0] != digest:
                    if this_run is None and (replace or same_source(holder[1], article.source_path)):
                        report.replaced.append(article.article_id)
                    else:
                        new_id = store.free_article_id(_CLASH_SUFFIX.sub("", article.article_id), held)
                        clash = IdClash(article.article_id, new_id, article.source_path, holder[1])
                        report.clashes.append(clash)
                        on_clash(clash)
                        article = dataclasses.replace(article, article_id=new_id)
                seen[digest] = article.article_id
                held[article.article_id] = (digest, article.source_path)
                yield article


def _stored_after_clash(article: Article, stored_id: str | None, sources: dict[str, str | None]) -> bool:
    """Whether this text from this source was stored on an earlier run under a clash id (``x~2`` for ``x``)."""
    return (stored_id is not None and stored_id.startswith(article.article_id + "~")
            and same_source(sources.get(stored_id), article.source_path))


def record_skipped(store: Store, report: RunReport, on_skip, skipped: list[Skipped]) -> None:
    """Report skipped inputs: in the store's ``skipped`` table, the report and ``on_skip``."""
    store.write_skipped(skipped)
    for item in skipped:
        report.skipped.append(item)
        on_skip(item)


def report_duplicate(store: Store, report: RunReport, on_skip, article: Article, kept: str) -> None:
    """Record that ``article`` repeats the text of article ``kept``: in the report, ``skipped`` and ``on_skip``."""
    report.duplicates.append((article.article_id, kept))
    item = Skipped(article.source_path or article.article_id, f"duplicate of article {kept}",
                   record=_record_of(article))
    store.write_skipped([item])
    on_skip(item)


def _record_of(article: Article) -> str | None:
    return None if article.source_path and article.article_id in article.source_path else article.article_id


def article_failed(article: Article, reason: str) -> Skipped:
    """The Skipped for an article that was read but could not be analysed or stored."""
    return Skipped(article.source_path or article.article_id, reason, record=_record_of(article))


#: Errors of one row, not of the database: a batch that raises one is written again row by row.
_ROW_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, ValueError, OverflowError,
               TypeError, UnicodeError)


def store_batch(store: Store, batch: list[ArticleResult], report: RunReport, on_skip) -> list[ArticleResult]:
    """Write one batch (one transaction); a row the store refuses costs that article only. Returns the
    results written (stored or unchanged)."""
    try:
        outcomes = [(batch, store.write_results(batch))]
    except _ROW_ERRORS:
        outcomes = []
        for result in batch:
            try:
                outcomes.append(([result], store.write_results([result])))
            except _ROW_ERRORS as exc:
                record_skipped(store, report, on_skip,
                               [article_failed(result.article, f"could not be stored ({failure_detail(exc)})")])
    written = []
    for results, outcome in outcomes:
        report.stored.extend(outcome.stored)
        report.unchanged.extend(outcome.unchanged)
        dups = dict(outcome.duplicates)
        for result in results:
            if result.article.article_id in dups:
                report_duplicate(store, report, on_skip, result.article, dups[result.article.article_id])
            else:
                written.append(result)
    return written


def fresh_results(batch: list[ArticleResult], store: Store, report: RunReport, on_skip, *,
                  replace: bool = False, on_clash: Callable[[IdClash], None] = lambda c: None) -> list[ArticleResult]:
    """The results of ``batch`` whose articles are not stored yet, under the ids they are to be stored as
    (the Parquet load path: analysis already done)."""
    articles = iter(new_articles((r.article for r in batch), store, report, on_skip, chunk=max(1, len(batch)),
                                 replace=replace, on_clash=on_clash))
    by_hash = {r.article.text_hash: r for r in batch}
    return [dataclasses.replace(by_hash[a.text_hash], article=a) for a in articles]


def run_analysis(
    inputs: Iterable[str],
    store: Store,
    *,
    fields: dict[str, str] | None = None,
    meta: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    corpus_phase: bool = True,
    analyzer=None,
    replace: bool = False,
    on_skip: Callable[[Skipped], None] = lambda s: None,
    on_article: Callable[[ArticleResult], None] = lambda r: None,
    on_clash: Callable[[IdClash], None] = lambda c: None,
) -> RunReport:
    """Analyse ``inputs`` into ``store`` and return what happened."""
    report = RunReport()
    fresh = new_articles(iter_inputs(inputs, fields=fields, meta=meta, max_bytes=max_bytes), store, report, on_skip,
                         replace=replace, on_clash=on_clash)
    options = {"analyzer": analyzer} if analyzer is not None else {}

    def failed(article: Article, exc: BaseException) -> None:
        log.debug("analysing %s failed", article.article_id, exc_info=exc)
        record_skipped(store, report, on_skip,
                       [article_failed(article, f"could not be analysed ({failure_detail(exc)})")])

    results = analyze_stream(fresh, model=model, n_process=n_process, batch_size=batch_size, on_error=failed,
                             **options)
    while True:
        batch = list(itertools.islice(results, batch_size))
        if not batch:
            break
        for result in store_batch(store, batch, report, on_skip):
            on_article(result)
    if corpus_phase:
        run_corpus_phase(store)
    return report


def run_corpus_phase(store: Store, *, batch: int | None = None, full_batches_only: bool = False):
    """The local corpus phase over the store's queue (:func:`newsprism.link.update_corpus`): the one
    entry point the CLI and the API call, so neither reaches into link/. Returns its CorpusUpdate."""
    return update_corpus(store, batch=batch, full_batches_only=full_batches_only)
