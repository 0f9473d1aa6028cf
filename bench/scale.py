"""Scale benchmark: the Dask path on synthetic WARC shards of growing size, with 1 and 2 workers.

Builds (once, cached in --workdir) gzipped WARC files of generated fictional articles
(~65 words each), then for every size and worker count starts a fresh LocalCluster
(spaCy is loaded by each worker before the clock starts), runs the per-article phase
into a Parquet dataset and reports, from that one run:

- articles/s, and the speedup of 2 workers over 1 (target >= 1.7x on 2 cores);
- time growth from the second-largest to the largest size (target <= 5.5x for 10k -> 50k);
- peak resident memory of each worker process (target < 2 GB each).

Usage:
    python bench/scale.py                         # 1k and 10k articles, 1 and 2 workers
    python bench/scale.py --sizes 1000,10000,50000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

from newsprism.engine.dask import DaskBackend
from newsprism.engine.shards import ShardOptions, run_shards
from newsprism.engine.synthetic import fake_articles, write_warc


def build_corpus(workdir: Path, size: int, per_file: int) -> Path:
    """``size`` articles in WARC files of ``per_file`` records (reused when already built)."""
    folder = workdir / f"warc-{size}-{per_file}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    articles = fake_articles(size, seed=size)
    for k in range(0, size, per_file):
        chunk = (a for _, a in zip(range(min(per_file, size - k)), articles))
        write_warc(folder / f"part-{k // per_file:05d}.warc.gz", chunk)
    done.touch()
    return folder


def run_once(corpus: Path, outdir: Path, workers: int, shard_bytes: int) -> dict:
    shutil.rmtree(outdir, ignore_errors=True)
    started = time.perf_counter()
    backend = DaskBackend(workers=workers)
    startup = time.perf_counter() - started
    try:
        summary = run_shards([str(corpus)], ShardOptions(outdir=str(outdir)), backend, shard_bytes=shard_bytes)
    finally:
        backend.close()
    if summary.failed:
        raise SystemExit(f"{len(summary.failed)} shard(s) failed: {summary.failed[0]}")
    peak, last = {}, {}
    for entry in sorted(summary.written, key=lambda e: e["finished_at"]):
        peak[entry["worker"]] = max(peak.get(entry["worker"], 0.0), entry["peak_rss_mb"])
        last[entry["worker"]] = entry.get("rss_mb", 0.0)
    return {"workers": workers, "articles": summary.articles, "shards": summary.shards,
            "seconds": round(summary.seconds, 2), "startup_seconds": round(startup, 1),
            "articles_per_s": round(summary.articles / summary.seconds, 1),
            "peak_worker_rss_mb": sorted(peak.values(), reverse=True),
            "final_worker_rss_mb": sorted(last.values(), reverse=True)}


def time_store_phases(dataset: Path, workdir: Path) -> dict:
    """Load a finished dataset into a fresh store, then run the corpus phase; seconds of each."""
    from newsprism.engine.parquet import load_dataset
    from newsprism.link import update_corpus
    from newsprism.store.db import Store

    db = workdir / "phases.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        started = time.perf_counter()
        report = load_dataset(dataset, store)
        loaded = time.perf_counter()
        update_corpus(store)
        done = time.perf_counter()
    return {"articles": len(report.stored), "load_seconds": round(loaded - started, 2),
            "corpus_seconds": round(done - loaded, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Comma-separated corpus sizes (articles).")
    parser.add_argument("--workers", default="1,2", help="Comma-separated worker counts.")
    parser.add_argument("--per-file", type=int, default=1000, help="Articles per WARC file.")
    parser.add_argument("--shard-bytes", type=int, default=200_000,
                        help="Byte-range shard size (~280 articles of this corpus per 200 kB).")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/newsprism-bench-scale"))
    parser.add_argument("--one-worker-max", type=int, default=0,
                        help="Run 1 worker only on sizes up to this (saves time on a busy machine).")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    parser.add_argument("--phases", type=int, default=0,
                        help="Also time loading into SQLite and the corpus phase on a dataset of this size.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    worker_counts = [int(w) for w in args.workers.split(",")]
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; cpus: {os.cpu_count()}")
    runs = []
    for size in sizes:
        corpus = build_corpus(args.workdir, size, args.per_file)
        for workers in worker_counts:
            if workers == 1 and args.one_worker_max and size > args.one_worker_max:
                continue
            result = run_once(corpus, args.workdir / "out", workers, args.shard_bytes)
            result["size"] = size
            runs.append(result)
            print(f"{size:>7} articles  {workers} worker(s)  {result['seconds']:>8.1f} s  "
                  f"{result['articles_per_s']:>7.1f} articles/s  {result['shards']:>4} shards  "
                  f"peak worker RSS {', '.join(f'{m:.0f}' for m in result['peak_worker_rss_mb'])} MB "
                  f"(at the end {', '.join(f'{m:.0f}' for m in result['final_worker_rss_mb'])} MB)  "
                  f"(cluster start {result['startup_seconds']} s)", flush=True)
    by = {(r["size"], r["workers"]): r for r in runs}
    print()
    if 1 in worker_counts and 2 in worker_counts:
        for size in sizes:
            if (size, 1) not in by:
                continue
            ratio = by[(size, 1)]["seconds"] / by[(size, 2)]["seconds"]
            print(f"speedup 2 workers vs 1 at {size}: {ratio:.2f}x (target >= 1.7x)")
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        for workers in worker_counts:
            if (large, workers) not in by or (small, workers) not in by:
                continue
            growth = by[(large, workers)]["seconds"] / by[(small, workers)]["seconds"]
            print(f"time growth {small} -> {large} ({large / small:.0f}x articles), {workers} worker(s): "
                  f"{growth:.2f}x (target <= {1.1 * large / small:.1f}x)")
    if runs:
        peak = max(m for r in runs for m in r["peak_worker_rss_mb"])
        print(f"peak worker memory: {peak:.0f} MB (target < 2048 MB)")
    if args.phases:
        corpus = build_corpus(args.workdir, args.phases, args.per_file)
        dataset = args.workdir / "out-phases"
        per_article = run_once(corpus, dataset, max(worker_counts), args.shard_bytes)
        phases = time_store_phases(dataset, args.workdir)
        n = phases["articles"]
        print(f"phases on {n} articles: per-article {per_article['seconds']} s "
              f"({per_article['workers']} workers, {per_article['articles_per_s']} articles/s), "
              f"load into SQLite {phases['load_seconds']} s ({n / phases['load_seconds']:.0f} articles/s), "
              f"corpus phase {phases['corpus_seconds']} s ({n / phases['corpus_seconds']:.0f} articles/s)")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
