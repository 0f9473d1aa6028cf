"""The analyse job: ingest → (skip what is stored) → engine → store per batch → corpus phase.

Writes commit once per batch, so an interrupted run loses at most the batch in
flight; a re-run skips what is already stored before parsing anything.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsprism.ingest import DEFAULT_MAX_BYTES, iter_inputs
from newsprism.records import Article, ArticleResult, Skipped
from newsprism.store.db import Store

__all__ = ["RunReport", "run_analysis", "new_articles", "report_duplicate"]


@dataclass
class RunReport:
    """What one ``analyze`` run did."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (id, id of the copy kept)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def ingested(self) -> int:
        return len(self.stored) + len(self.unchanged) + len(self.duplicates)


def new_articles(items: Iterable[Article | Skipped], store: Store, report: RunReport,
                 on_skip: Callable[[Skipped], None], chunk: int = 256) -> Iterator[Article]:
    """Articles not yet stored; skipped inputs, unchanged and duplicate texts are reported instead."""
    iterator = iter(items)
    while True:
        block = list(itertools.islice(iterator, chunk))
        if not block:
            return
        skipped = [item for item in block if isinstance(item, Skipped)]
        if skipped:
            store.write_skipped(skipped)
            for item in skipped:
                report.skipped.append(item)
                on_skip(item)
        articles = [item for item in block if isinstance(item, Article)]
        by_id = store.stored_ids(a.article_id for a in articles)
        by_hash = store.stored_hashes(a.text_hash for a in articles)
        seen: dict[str, str] = {}
        for article in articles:
            digest = article.text_hash
            if by_id.get(article.article_id) == digest:
                report.unchanged.append(article.article_id)
            elif digest in by_hash or digest in seen:
                kept = by_hash.get(digest) or seen[digest]
                report_duplicate(store, report, on_skip, article, kept)
            else:
                seen[digest] = article.article_id
                yield article


def report_duplicate(store: Store, report: RunReport, on_skip, article: Article, kept: str) -> None:
    """Record that ``article`` repeats the text of article ``kept``: in the report, ``skipped`` and ``on_skip``."""
    report.duplicates.append((article.article_id, kept))
    item = Skipped(article.source_path or article.article_id, f"duplicate of article {kept}",
                   record=None if article.source_path and article.article_id in article.source_path
                   else article.article_id)
    store.write_skipped([item])
    on_skip(item)


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
    on_skip: Callable[[Skipped], None] = lambda s: None,
    on_article: Callable[[ArticleResult], None] = lambda r: None,
) -> RunReport:
    """Analyse ``inputs`` into ``store`` and return what happened."""
    from newsprism.engine.local import analyze_stream

    report = RunReport()
    fresh = new_articles(iter_inputs(inputs, fields=fields, meta=meta, max_bytes=max_bytes), store, report, on_skip)
    options = {"analyzer": analyzer} if analyzer is not None else {}
    results = analyze_stream(fresh, model=model, n_process=n_process, batch_size=batch_size, **options)
    while True:
        batch = list(itertools.islice(results, batch_size))
        if not batch:
            break
        outcome = store.write_results(batch)
        report.stored.extend(outcome.stored)
        report.unchanged.extend(outcome.unchanged)
        for result in batch:
            on_article(result)
        for dup, kept in outcome.duplicates:
            article = next(r.article for r in batch if r.article.article_id == dup)
            report_duplicate(store, report, on_skip, article, kept)
    if corpus_phase:
        from newsprism.link import update_corpus

        update_corpus(store)
    return report
