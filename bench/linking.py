"""Linking benchmark: the corpus phase (entities, stories, statement links) at growing size.

1. Scale: synthetic fictional corpora (10 statements per article, 3–6 outlets per story,
   statements re-quoted as identical / excerpt / altered versions, people sharing surnames),
   default 100k and 1M statements, through each engine:
   - local: written straight into a fresh store (no spaCy), then ``update_corpus`` runs once;
   - dask: written as a Parquet dataset, loaded into a fresh store, then the corpus phase runs on
     a LocalCluster (``--workers``, default 2) exactly as ``newsprism load --engine dask`` does.
   Each size and engine runs in its own process, so peak memory is its own: ru_maxrss of the
   process (local) or of each Dask worker and of the client (dask). Prints seconds (wall and
   CPU; CPU of the workers and the client for Dask) and the largest/smallest ratios (target
   <= 11x for 10x data) and peak memory per worker (target < 2 GB).
2. Compare: ``--compare N`` runs both engines on N rich synthetic articles
   (``engine.synthetic.analysed_corpus``) and checks that every table is identical.
3. Incremental: short synthetic articles through the full pipeline (spaCy and all
   extractors): analyse N (default 1,000) into a store, add M (default 10) more, and compare
   with analysing all N+M from scratch. Prints the ratio (target < 5%).

Usage:
    python bench/linking.py                              # 100k and 1M statements, local and dask; incremental
    python bench/linking.py --sizes 10000,100000 --engines local,dask --skip-incremental
    python bench/linking.py --skip-scale --skip-incremental --compare 10000
    python bench/linking.py --skip-scale --articles 1000 --added 10
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from newsprism.records import Article, ArticleResult, LocalEntity, Statement

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "da", "fe", "gu", "ha", "ji", "ko",
              "la", "mo", "nu", "pi", "ra", "se", "to", "va", "wi", "yo")
_OUTLETS = ("gazette", "courier", "herald", "tribune", "ledger", "bulletin")


def _word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


class _World:
    """Fictional vocabulary and people shared by all generated stories."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.vocab = list({_word(rng, rng.choice((2, 3, 3, 4))) for _ in range(30000)})
        firsts = list({_word(rng, 2).title() for _ in range(300)})
        lasts = list({_word(rng, 3).title() for _ in range(800)})
        self.people = [(rng.choice(firsts), rng.choice(lasts)) for _ in range(3000)]


def _sentence(rng: random.Random, pool: list[str], general: list[str], n: int) -> list[str]:
    return [rng.choice(pool) if rng.random() < 0.5 else rng.choice(general) for _ in range(n)]


def _version(rng: random.Random, words: list[str], general: list[str]) -> list[str]:
    """The same statement as another outlet prints it: identical, an excerpt or altered."""
    roll = rng.random()
    if roll < 0.5:
        return list(words)
    if roll < 0.75:
        start = rng.randrange(0, max(1, len(words) // 3))
        return words[start:start + max(6, len(words) * 2 // 3)]
    changed = list(words)
    for _ in range(rng.choice((1, 2))):
        i = rng.randrange(len(changed))
        if rng.random() < 0.5:
            changed[i] = rng.choice(general)
        else:
            del changed[i]
    return changed


def synthetic_results(n_statements: int, seed: int = 1, per_article: int = 10) -> list[ArticleResult]:
    """Fictional analysed articles holding about ``n_statements`` statements."""
    return list(iter_synthetic_results(n_statements, seed, per_article))


def iter_synthetic_results(n_statements: int, seed: int = 1, per_article: int = 10) -> Iterator[ArticleResult]:
    """:func:`synthetic_results` one article at a time (the bench never holds a whole large corpus)."""
    rng = random.Random(seed)
    world = _World(seed)
    general = world.vocab[:2000]
    story = count = 0
    while count < n_statements:
        story += 1
        topic = rng.sample(world.vocab[2000:], 40)
        speakers = rng.sample(world.people, 3)
        pool = [_sentence(rng, topic, general, rng.randint(12, 30)) for _ in range(8)]
        day = f"20{rng.randint(20, 29)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(rng.sample(topic, 6)).capitalize()
        for outlet in rng.sample(_OUTLETS, rng.randint(3, 6)):
            result = _article(rng, f"{outlet}-{story}", outlet, day, title, topic, general, pool, speakers,
                              per_article)
            count += len(result.statements)
            yield result


def _article(rng, article_id, outlet, day, title, topic, general, pool, speakers, per_article) -> ArticleResult:
    parts: list[str] = [title, "\n\n", " ".join(_sentence(rng, topic, general, 40)).capitalize() + ". "]
    length = sum(map(len, parts))
    statements = []
    entities = []
    for key, (first, last) in enumerate(speakers):
        variants = (f"{first} {last}", f"President {first} {last}", last)
        entities.append(LocalEntity(key, f"{first} {last}", "person", tuple(variants), ("President",)))
    for i in range(per_article):
        words = _version(rng, rng.choice(pool), general) if i < 7 else _sentence(rng, topic, general, 15)
        key = rng.randrange(len(speakers))
        name = rng.choice(entities[key].aliases)
        quote = " ".join(words)
        prefix = f'{name} said: "'
        start = length + len(prefix)
        parts.append(prefix + quote + '." ')
        length += len(prefix) + len(quote) + 3
        statements.append(Statement(start=start, end=start + len(quote), text=quote, kind="direct",
                                    speaker=name, speaker_key=key, quoted=((start, start + len(quote)),)))
    text = "".join(parts)
    article = Article(article_id=article_id, text=text, outlet=outlet, title=title, published=day)
    return ArticleResult(article=article, statements=tuple(statements), entities=tuple(entities))


def scale_run(n_statements: int) -> dict:
    """One size in this process: write the synthetic corpus, run the corpus phase, time each step (wall clock)."""
    from newsprism.link import update_corpus
    from newsprism.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        clock = time.perf_counter()
        statements = articles = 0
        results = iter_synthetic_results(n_statements, seed=n_statements)
        while part := list(itertools.islice(results, 500)):  # streamed: the peak is the corpus phase's
            store.write_results(part)
            statements += sum(len(r.statements) for r in part)
            articles += len(part)
        del part
        written = time.perf_counter() - clock
        timings: dict[str, float] = {}
        clock, cpu = time.perf_counter(), time.process_time()
        update = update_corpus(store, timings=timings)
        total, cpu = time.perf_counter() - clock, time.process_time() - cpu
        counts = {t: store.count(t) for t in ("stories", "entities", "links")}
        store.close()
    return {"statements": statements, "articles": articles,
            "write_s": written, "corpus_s": total, "corpus_cpu_s": cpu, **{f"{k}_s": v for k, v in timings.items()},
            **counts, "stories_placed": update.stories,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def dask_scale_run(n_statements: int, workers: int) -> dict:
    """One size on Dask in this process (the client) and a LocalCluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    from newsprism.engine.corpus import corpus_phase
    from newsprism.engine.parquet import dataset_shard_ids, load_dataset, write_results_dataset
    from newsprism.store import corpus as corpus_sql
    from newsprism.store.db import Store

    counted = {"statements": 0, "articles": 0}

    def counting(results):
        for result in results:
            counted["statements"] += len(result.statements)
            counted["articles"] += 1
            yield result

    with tempfile.TemporaryDirectory() as tmp:
        clock = time.perf_counter()
        write_results_dataset(Path(tmp) / "ds", counting(iter_synthetic_results(n_statements, seed=n_statements)),
                              per_shard=1000)
        statements, articles = counted["statements"], counted["articles"]
        store = Store(Path(tmp) / "bench.db")
        load_dataset(Path(tmp) / "ds", store)
        written = time.perf_counter() - clock
        pending = corpus_sql.pending_with_hashes(store)
        # no memory limit: the bench measures the peak instead of having the nanny restart a worker at it
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=0,
                               dashboard_address=":0")
        client = Client(cluster)
        cpu_before = client.run(_cpu_seconds)
        timings: dict[str, float] = {}
        clock, cpu = time.perf_counter(), time.process_time()
        tables = corpus_phase(client, str(Path(tmp) / "ds"), dataset_shard_ids(Path(tmp) / "ds"), pending,
                              timings=timings)
        with store.transaction():
            corpus_sql.write_computed(store, tables)
        total, cpu = time.perf_counter() - clock, time.process_time() - cpu
        cpu_after = client.run(_cpu_seconds)
        worker_peaks = sorted(client.run(_peak_rss_mb).values(), reverse=True)
        client.close()
        cluster.close()
        counts = {t: store.count(t) for t in ("stories", "entities", "links")}
        store.close()
    workers_cpu = sum(cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after)
    return {"engine": "dask", "statements": statements, "articles": articles, "write_s": written,
            "corpus_s": total, "corpus_cpu_s": cpu + workers_cpu, "client_cpu_s": cpu,
            **{f"{k}_s": v for k, v in timings.items()}, **counts,
            "worker_peak_rss_mb": worker_peaks,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(sizes: list[int], engines: list[str], workers: int) -> None:
    for engine in engines:
        _run_engine(sizes, engine, workers)


def _run_engine(sizes: list[int], engine: str, workers: int) -> None:
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--engines", engine,
                              "--workers", str(workers)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        if engine == "dask":
            print(f"dask  {row['statements']:>7} statements / {row['articles']:>6} articles: "
                  f"read {row['read_s']:.1f}s  stories {row['stories_s']:.1f}s  entities {row['entities_s']:.1f}s  "
                  f"links {row['links_s']:.1f}s  total {row['corpus_s']:.1f}s (CPU {row['corpus_cpu_s']:.1f}s, "
                  f"client {row['client_cpu_s']:.1f}s)  peak RSS workers "
                  f"{', '.join(f'{m:.0f}' for m in row['worker_peak_rss_mb'])} MB, client {row['peak_rss_mb']:.0f} MB"
                  f"  → {row['stories']} stories, {row['entities']} entities, {row['links']} links", flush=True)
            continue
        print("local ", end="")
        print(f"{row['statements']:>7} statements / {row['articles']:>6} articles: "
              f"stories {row['stories_s']:.1f}s (CPU {row['stories_cpu_s']:.1f}s)  "
              f"entities {row['entities_s']:.1f}s (CPU {row['entities_cpu_s']:.1f}s)  "
              f"links {row['links_s']:.1f}s (CPU {row['links_cpu_s']:.1f}s)  "
              f"total {row['corpus_s']:.1f}s (CPU {row['corpus_cpu_s']:.1f}s)  (store write {row['write_s']:.1f}s)  peak RSS {row['peak_rss_mb']:.0f} MB"
              f"  → {row['stories']} stories, {row['entities']} entities, {row['links']} links", flush=True)
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        factor = large["statements"] / small["statements"]
        print(f"{engine}: time ratios {large['statements']}/{small['statements']} statements (data {factor:.0f}x; "
              "target <= 11x); CPU time is less sensitive to other jobs on a shared machine:")
        steps = ("read", "stories", "entities", "links", "corpus") if engine == "dask" else (
            "stories", "entities", "links", "corpus")
        for step in steps:
            cpu = (f"   CPU {large[step + '_cpu_s'] / small[step + '_cpu_s']:5.1f}x"
                   if step + "_cpu_s" in large else "")
            print(f"  {step:8} wall {large[step + '_s'] / small[step + '_s']:5.1f}x{cpu}")
    if rows:
        large = rows[-1]
        peak = max(large.get("worker_peak_rss_mb") or [large["peak_rss_mb"]])
        print(f"{engine}: peak memory per worker at {large['statements']} statements: {peak / 1024:.2f} GB "
              f"(target < 2 GB; the process itself for local, the client {large['peak_rss_mb'] / 1024:.2f} GB)")


def run_compare(n_articles: int, workers: int) -> None:
    """Both engines on ``n_articles`` rich synthetic articles; every table must be identical."""
    from distributed import Client, LocalCluster

    from newsprism.engine.corpus import corpus_phase
    from newsprism.engine.parquet import dataset_shard_ids, load_dataset, write_results_dataset
    from newsprism.engine.synthetic import analysed_corpus
    from newsprism.link import update_corpus
    from newsprism.store import corpus as corpus_sql
    from newsprism.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        dataset = Path(tmp) / "ds"
        write_results_dataset(dataset, analysed_corpus(n_articles, seed=n_articles), per_shard=500)
        with Store(Path(tmp) / "local.db") as store:
            load_dataset(dataset, store)
            clock = time.perf_counter()
            update_corpus(store)
            local_s = time.perf_counter() - clock
            local = store.dump()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        with Store(Path(tmp) / "dask.db") as store:
            load_dataset(dataset, store)
            clock = time.perf_counter()
            tables = corpus_phase(client, str(dataset), dataset_shard_ids(dataset), corpus_sql.pending_with_hashes(store))
            with store.transaction():
                corpus_sql.write_computed(store, tables)
            dask_s = time.perf_counter() - clock
            dask = store.dump()
        client.close()
        cluster.close()
    differ = [t for t in sorted(local) if local[t] != dask.get(t)]
    rows = sum(len(v) for v in local.values())
    print(f"compare {n_articles} articles: local {local_s:.1f}s, dask ({workers} workers) {dask_s:.1f}s; "
          f"{len(local)} tables, {rows} rows, {len(local['links'])} links, {len(local['stories'])} stories: "
          + ("IDENTICAL" if not differ else f"DIFFERENT in {', '.join(differ)}"), flush=True)
    if differ:
        raise SystemExit(1)


# -- incremental through the full pipeline ------------------------------------------------


def _short_text(rng: random.Random, world: _World, story: int) -> str:
    """A short fictional news item in English with a quote, so spaCy and the extractors have work."""
    first, last = world.people[story % len(world.people)]
    place = _word(rng).title()
    topic = " ".join(_word(rng) for _ in range(2))
    quote = f"We will finish the {topic} project in {place} before the winter, and every family will benefit"
    return (f"{place} council approves {topic} plan\n\n"
            f"The council of {place} approved the {topic} plan on Tuesday after a long debate. "
            f"Mayor {first} {last} said: \"{quote}.\" Opponents of the plan said the costs were too high, "
            f"and {last} promised to publish the budget next week.")


def write_short_articles(folder: Path, count: int, seed: int, offset: int = 0) -> None:
    rng = random.Random(seed)
    world = _World(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(offset, offset + count):
        (folder / f"item{i:05d}.txt").write_text(_short_text(rng, world, i // 3), encoding="utf-8")


def run_incremental(n_articles: int, added: int) -> None:
    from newsprism.nlp import load_nlp
    from newsprism.pipeline import run_analysis
    from newsprism.store.db import Store

    load_nlp()  # loaded once, outside every timed run
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base, extra = root / "base", root / "extra"
        write_short_articles(base, n_articles, seed=3)
        write_short_articles(extra, added, seed=4, offset=n_articles)
        with Store(root / "scratch.db") as store:
            clock = time.perf_counter()
            run_analysis([str(base), str(extra)], store)
            scratch = time.perf_counter() - clock
        with Store(root / "grow.db") as store:
            run_analysis([str(base)], store)
            clock = time.perf_counter()
            run_analysis([str(extra)], store)
            grow = time.perf_counter() - clock
    print(f"analyse {n_articles + added} articles from scratch: {scratch:.1f}s; "
          f"add {added} to {n_articles} analysed: {grow:.2f}s; ratio {100 * grow / scratch:.2f}% (target < 5%)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="Statement counts, comma-separated.")
    parser.add_argument("--engines", default="local,dask", help="Corpus-phase engines, comma-separated.")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (LocalCluster processes).")
    parser.add_argument("--compare", type=int, default=0, help="Also compare both engines on N rich articles.")
    parser.add_argument("--articles", type=int, default=1000, help="Analysed corpus size (incremental part).")
    parser.add_argument("--added", type=int, default=10, help="Articles added to it.")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        row = dask_scale_run(args.child, args.workers) if args.engines == "dask" else scale_run(args.child)
        print(json.dumps(row))
        return 0
    if not args.skip_scale:
        run_scale([int(s) for s in args.sizes.split(",")], args.engines.split(","), args.workers)
    if args.compare:
        run_compare(args.compare, args.workers)
    if not args.skip_incremental:
        run_incremental(args.articles, args.added)
    return 0


if __name__ == "__main__":
    sys.exit(main())
