"""Throughput of ``newsprism analyze`` against bare spaCy ``nlp.pipe`` on the same texts, in one run.

Prints articles/s and words/s for:
  bare      spaCy nlp.pipe over the texts (same model, same batch size), docs discarded
  store     ingest + parse + store, extraction switched off      (issue 2 target: ≤ 1.15× bare)
  full      ingest + parse + extract + store                     (issue 3 target: ≤ 1.25× bare)
  corpus    the corpus phase (entities, stories, links) after `full`, timed on its own

Each variant runs ``--repeat`` times (bare twice per round: first and last); the table shows the
fastest run of each, and a line gives each round's ratios against that round's mean bare time
(fastest-vs-fastest is skewed when one bare run catches a quiet moment).

Because the machine's speed drifts between runs (other jobs), the last lines also time
parse and analysis *interleaved*, batch by batch in one pass, in CPU seconds of this process:
(parse + analyze_doc) / parse for the same docs at the same moment, the ratio least moved by noise.

    python bench/throughput.py ../shared/data/polnear/dev/text
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsprism.engine.local import DEFAULT_BATCH_SIZE
from newsprism.ingest import iter_inputs
from newsprism.link import update_corpus
from newsprism.nlp import load_nlp, model_description
from newsprism.pipeline import run_analysis
from newsprism.records import Article, ArticleResult
from newsprism.store.db import Store


def parse_only(article: Article, doc) -> ArticleResult:
    """Analyzer that keeps nothing but the article: measures ingest + parse + store."""
    return ArticleResult(article=article)


def time_bare(texts: list[str], batch_size: int) -> float:
    nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_interleaved(articles: list[Article], batch_size: int) -> tuple[float, float]:
    """(CPU seconds parsing, CPU seconds in analyze_doc), batch by batch in one pass."""
    from newsprism.extract import analyze_doc

    nlp = load_nlp()
    parse = analysis = 0.0
    for start in range(0, len(articles), batch_size):
        batch = articles[start:start + batch_size]
        t0 = time.process_time()
        docs = list(nlp.pipe((a.text for a in batch), batch_size=batch_size))
        t1 = time.process_time()
        for article, doc in zip(batch, docs):
            analyze_doc(article, doc)
        t2 = time.process_time()
        parse += t1 - t0
        analysis += t2 - t1
    return parse, analysis


def time_pipeline(inputs: list[str], batch_size: int, analyzer=None) -> tuple[float, float]:
    """(seconds for ingest+parse[+extract]+store, seconds for the corpus phase after it)."""
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            run_analysis(inputs, store, batch_size=batch_size, corpus_phase=False, analyzer=analyzer)
            analysed = time.perf_counter() - start
            start = time.perf_counter()
            update_corpus(store)
            return analysed, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="files or folders newsprism can ingest")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)

    articles = [a for a in iter_inputs(args.corpus) if isinstance(a, Article)]
    if not articles:
        print("no articles found in", args.corpus, file=sys.stderr)
        return 1
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    print(f"model: {model_description()}")
    print(f"corpus: {len(texts)} articles, {words} words")
    load_nlp()  # loading the model is not part of any measurement
    time_bare(texts[:8], args.batch_size)  # warm-up

    best: dict[str, float] = {}
    corpus_time = float("inf")
    round_ratios: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        bare_first = time_bare(texts, args.batch_size)
        store_time, _ = time_pipeline(args.corpus, args.batch_size, analyzer=parse_only)
        full_time, corpus_phase = time_pipeline(args.corpus, args.batch_size)
        # Bare again after the pipeline runs, so the baseline is not the only run paying for a cold start.
        bare_last = time_bare(texts, args.batch_size)
        best["bare"] = min(best.get("bare", float("inf")), bare_first, bare_last)
        best["store"] = min(best.get("store", float("inf")), store_time)
        best["full"] = min(best.get("full", float("inf")), full_time)
        corpus_time = min(corpus_time, corpus_phase)
        bare_round = (bare_first + bare_last) / 2
        round_ratios.append((store_time / bare_round, full_time / bare_round))

    print(f"{'variant':8} {'seconds':>9} {'articles/s':>11} {'words/s':>10} {'ratio':>7}")
    for name in ("bare", "store", "full"):
        seconds = best[name]
        print(f"{name:8} {seconds:9.2f} {len(texts) / seconds:11.1f} {words / seconds:10.0f} "
              f"{seconds / best['bare']:7.3f}")
    print(f"{'corpus':8} {corpus_time:9.2f}   (corpus phase alone, after `full`)")
    print(f"ratio store/bare = {best['store'] / best['bare']:.3f} (target ≤ 1.15)")
    print(f"ratio full/bare  = {best['full'] / best['bare']:.3f} (target ≤ 1.25)")
    store_ratios = sorted(r[0] for r in round_ratios)
    full_ratios = sorted(r[1] for r in round_ratios)
    print("per round, against the mean of that round's two bare runs: "
          f"store/bare {', '.join(f'{r:.3f}' for r in store_ratios)} (median {statistics.median(store_ratios):.3f}); "
          f"full/bare {', '.join(f'{r:.3f}' for r in full_ratios)} (median {statistics.median(full_ratios):.3f})")
    parse, analysis = time_interleaved(articles, args.batch_size)
    print(f"interleaved CPU: parse {parse:.2f} s, analyze_doc {analysis:.2f} s "
          f"→ (parse + analysis) / parse = {(parse + analysis) / parse:.3f} (target ≤ 1.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
